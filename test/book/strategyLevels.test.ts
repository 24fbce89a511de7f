import { describe, expect, it } from "vitest";
import { z } from "zod";
import { StrategyLevels } from "../../src/book/strategyLevels.ts";
import { parseConfig } from "../../src/config/load.ts";
import { rootRng } from "../../src/core/rng.ts";
import { Side } from "../../src/core/side.ts";
import { EventKind } from "../../src/data/schema.ts";
import { syntheticData } from "../../src/data/sources/index.ts";
import { runBacktest } from "../../src/runner/backtest.ts";
import { defineStrategy } from "../../src/strategy/api.ts";
import { NS_PER_S } from "../../src/core/time.ts";

describe("StrategyLevels: a strategy's book of levels", () => {
  it("levels from the best outward, NaN past the last; sizes; depth", () => {
    const b = new StrategyLevels();
    b.applyRow(EventKind.SNAPSHOT, Side.BID, 100, 1);
    b.applyRow(EventKind.SNAPSHOT, Side.BID, 97, 2);
    b.applyRow(EventKind.SNAPSHOT, Side.ASK, 103, 4);
    b.applyRow(EventKind.DEPTH, Side.ASK, 101, 3);
    b.applyRow(EventKind.TRADE, Side.ASK, 101, 1); // a trade changes no level
    expect([b.levelTicks(1, 0), b.levelTicks(1, 1), b.levelTicks(1, 2)]).toEqual([100, 97, NaN]);
    expect([b.levelTicks(-1, 0), b.levelTicks(-1, 1), b.levelTicks(-1, 2)]).toEqual([101, 103, NaN]);
    expect([b.qtyAt(1, 97), b.qtyAt(-1, 101), b.qtyAt(-1, 102)]).toEqual([2, 3, 0]);
    expect(b.depth(-1, 2)).toBe(7);
    b.applyRow(EventKind.DEPTH, Side.BID, 100, 0); // deleted best: the next level is the best
    expect(b.levelTicks(1, 0)).toBe(97);
    b.applyRow(EventKind.DEPTH_CLEAR, Side.ASK, 0, 0);
    expect(b.levelTicks(-1, 0)).toBeNaN();
  });

  it("refuses order-by-order rows with a line that says why", () => {
    expect(() => new StrategyLevels().applyRow(EventKind.L3_ADD, Side.BID, 100, 1)).toThrow(/built from L2 rows; this data has l3Add rows/);
  });
});

describe("a strategy that reads the levels, in a backtest", () => {
  it("sees, at every step, a book whose best prices are the top the engine shows it (rows at their local time), and quotes on it", { timeout: 120_000 }, async () => {
    const seen: number[][] = [];
    const levelsReader = defineStrategy({
      name: "second_level",
      book: "levels",
      params: z.object({}),
      create: () => ({
        onStep(view, quotes) {
          const book = view.book!;
          seen.push([view.bestBidTicks, book.levelTicks(1, 0), view.bestAskTicks, book.levelTicks(-1, 0), book.levelTicks(1, 1), book.levelTicks(-1, 1)]);
          // join the second level of each side
          quotes.centreTicks = view.midTicks;
          quotes.bidOffsetTicks = view.midTicks - book.levelTicks(1, 1);
          quotes.askOffsetTicks = book.levelTicks(-1, 1) - view.midTicks;
        },
      }),
    });
    const config = parseConfig({ sim: { latency: { kind: "constant", entry_ms: 30, response_ms: 30 } } });
    const r = await runBacktest({ config, data: syntheticData("default", rootRng(3), { durationNs: 1200 * NS_PER_S }), rng: rootRng(3), strategy: levelsReader });
    expect(r.stepErrors).toEqual([]);
    expect(seen.length).toBeGreaterThan(10_000);
    for (const [bid, level0Bid, ask, level0Ask, level1Bid, level1Ask] of seen) {
      expect(level0Bid).toBe(bid);
      expect(level0Ask).toBe(ask);
      if (!Number.isNaN(level1Bid)) expect(level1Bid).toBeLessThan(bid); // NaN: one level on that side
      if (!Number.isNaN(level1Ask)) expect(level1Ask).toBeGreaterThan(ask);
    }
    expect(seen.filter((s) => !Number.isNaN(s[4]) && !Number.isNaN(s[5])).length).toBeGreaterThan(0.9 * seen.length);
    expect(r.kpis.fills).toBeGreaterThan(0);
    // a strategy that does not ask for levels gets none, and the run costs no second book
    const topOnly = defineStrategy({ name: "top", params: z.object({}), create: () => ({ onStep: (view) => void seen.push([view.book === null ? 1 : 0]) }) });
    seen.length = 0;
    await runBacktest({ config, data: syntheticData("default", rootRng(3), { durationNs: 60 * NS_PER_S }), rng: rootRng(3), strategy: topOnly });
    expect(seen.every(([isNull]) => isNull === 1)).toBe(true);
  });
});
