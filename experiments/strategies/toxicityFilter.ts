/**
 * A strategy with state of its own: it watches what happens to the mid after each of its fills
 * (the markout H seconds later) and backs a side off while that side's recent fills were toxic.
 *
 *   onFill   remember the fill, set a timer at fill time + H
 *   onTimer  markout = side·(mid now − fill price), ticks; per-side EWMA of markouts (weight α)
 *   onStep   fixed half-spread around the mid; a side whose EWMA markout < −threshold is quoted
 *            `widen_ticks` further out (or not at all with `skip_toxic_side`)
 *
 * `mmlab backtest --strategy experiments/strategies/toxicityFilter.ts --set strategy.params.horizon_s=5`
 */
import { defineStrategy, z, type StrategyFill } from "../../src/index.ts"; // in your project: from "mmlab"

export default defineStrategy({
  name: "toxicity_filter",
  description: "fixed spread that backs off the side whose fills keep losing to the next move",
  params: z.strictObject({
    half_spread_ticks: z.number().positive().default(50),
    horizon_s: z.number().positive().default(5),
    ewma_weight: z.number().gt(0).max(1).default(0.2),
    threshold_ticks: z.number().nonnegative().default(10),
    widen_ticks: z.number().nonnegative().default(100),
    skip_toxic_side: z.boolean().default(false),
  }),
  create({ params, setTimer }) {
    const horizonNs = params.horizon_s * 1e9;
    const pending: StrategyFill[] = []; // fills waiting for their markout, oldest first
    const toxicity = { bid: 0, ask: 0 }; // EWMA markout per side, ticks (negative = adverse)
    const distance = (toxic: number): number => (toxic < -params.threshold_ticks ? (params.skip_toxic_side ? NaN : params.half_spread_ticks + params.widen_ticks) : params.half_spread_ticks);
    return {
      onFill(fill) {
        pending.push(fill);
        setTimer(fill.tNs + horizonNs);
      },
      onTimer(tNs, view) {
        while (pending.length > 0 && pending[0].tNs + horizonNs <= tNs) {
          const fill = pending.shift()!;
          if (Number.isNaN(view.midTicks)) continue;
          const markout = fill.side * (view.midTicks - fill.priceTicks);
          const key = fill.side === 1 ? "bid" : "ask";
          toxicity[key] += params.ewma_weight * (markout - toxicity[key]);
        }
      },
      onStep(view, quotes) {
        quotes.centreTicks = view.midTicks;
        quotes.bidOffsetTicks = distance(toxicity.bid);
        quotes.askOffsetTicks = distance(toxicity.ask);
      },
    };
  },
});
