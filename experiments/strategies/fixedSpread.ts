/**
 * The smallest useful strategy: quote both sides a fixed number of ticks from the mid, leaning
 * against the inventory. `mmlab backtest --strategy experiments/strategies/fixedSpread.ts
 * --set strategy.params.half_spread_ticks=20`.
 */
import { defineStrategy, z } from "../../src/index.ts"; // in your project: from "mmlab"

export default defineStrategy({
  name: "fixed_spread",
  description: "symmetric quotes at a fixed distance from the mid, skewed by inventory",
  params: z.strictObject({
    half_spread_ticks: z.number().positive().default(50),
    /** Ticks the centre moves per base unit of inventory (against it). */
    skew_ticks_per_unit: z.number().nonnegative().default(0),
  }),
  create({ params }) {
    return {
      onStep(view, quotes) {
        quotes.centreTicks = view.midTicks - params.skew_ticks_per_unit * view.inventory;
        quotes.bidOffsetTicks = params.half_spread_ticks;
        quotes.askOffsetTicks = params.half_spread_ticks;
      },
    };
  },
});
