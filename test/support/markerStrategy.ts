/**
 * A strategy module for tests that must act while a run is under way: it quotes a fixed spread
 * and, at its first step, creates the file named by its `marker` param (a test polls for it).
 * `mmlab backtest --strategy test/support/markerStrategy.ts --set strategy.params.marker=PATH`.
 */
import { writeFileSync } from "node:fs";
import { z } from "zod";
import { defineStrategy } from "../../src/strategy/api.ts";

export default defineStrategy({
  name: "marker",
  description: "a fixed spread of 50 ticks; creates its marker file at the first step",
  params: z.strictObject({ marker: z.string() }),
  create({ params }) {
    let first = true;
    return {
      onStep(view, quotes) {
        if (first) writeFileSync(params.marker, "");
        first = false;
        quotes.centreTicks = view.midTicks;
        quotes.bidOffsetTicks = 50;
        quotes.askOffsetTicks = 50;
      },
    };
  },
});
