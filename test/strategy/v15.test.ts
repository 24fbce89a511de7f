import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/load.ts";
import { rootRng } from "../../src/core/rng.ts";
import { NS_PER_S } from "../../src/core/time.ts";
import { syntheticData } from "../../src/data/sources/syntheticData.ts";
import { runBacktest } from "../../src/runner/backtest.ts";
import { resolveGrid } from "../../src/runner/grid/definition.ts";
import { gridPoints } from "../../src/runner/grid/points.ts";
import { runGrid } from "../../src/runner/grid/runGrid.ts";
import { GridFolder } from "../../src/runner/grid/store.ts";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { QuoteRequest, StrategyView } from "../../src/strategy/api.ts";
import { FillToxicity, keptDistance, v15Strategy } from "../../src/strategy/v15.ts";

const ALL_OFF = { touch: false, fee_floor: false, guard: false, ev_requote: false, size_skew: false };

/** A view of a market at mid 10 000 ticks (tick 1: prices in ticks are quote), spread 10 ticks, no working orders, no inventory. */
function view(over: Partial<StrategyView> = {}): StrategyView {
  return {
    tNs: 0, bestBidTicks: 9995, bestAskTicks: 10005, midTicks: 10000, sigma: 0, sigmaBase: 0, spreadMultiplier: 1, ofi: 0, ofiZ: 0, tauSeconds: 10,
    inventory: 0, workingBidTicks: NaN, workingBidQty: 0, workingAskTicks: NaN, workingAskQty: 0, fillCount: 0, recentFills: [], fittedK: NaN, fittedA: NaN, book: null,
    ...over,
  };
}

function request(): QuoteRequest {
  return { centreTicks: NaN, bidOffsetTicks: NaN, askOffsetTicks: NaN, bidSize: NaN, askSize: NaN, reservationTicks: NaN };
}

/** One step of V1.5 with `params` (over the all-off switches) on `v`: its quote request. */
function step(params: Record<string, unknown>, v: StrategyView, config = parseConfig({ symbol: { tick_size: 1, lot_size: 0.001 }, fees: { schedule: "custom", maker_bps: 1, taker_bps: 2 } })): QuoteRequest {
  const handlers = v15Strategy.create({ params: v15Strategy.params.parse({ ...ALL_OFF, ...params }), symbol: { name: "X", tickSize: 1, lotSize: 0.001, minNotional: 0 }, rng: rootRng(1), clock: { nowNs: () => 0 }, config, setTimer: () => {} });
  const q = request();
  handlers.onStep(v, q);
  return q;
}

describe("V1.5", () => {
  // σ = 0, γ = 0.5, k = 0.7: V1's half spread is (1/γ)·ln(1 + γ/k) = 2·ln(1.714285…) = 1.07799 ticks (tick = 1 quote)
  const half = 2 * Math.log(1 + 0.5 / 0.7);

  it("with every switch off quotes exactly as V1: the same centre and offsets", () => {
    const q = step({}, view({ ofiZ: 0.4 }));
    expect(q.centreTicks).toBe(10000 + 0.5 * 0.4);
    expect(q.bidOffsetTicks).toBe(half);
    expect(q.askOffsetTicks).toBe(half);
  });

  it("touch: joins the best bid and ask when V1 would quote behind them", () => {
    // σ = 2 widens V1 by γσ²τ/2 = 0.5·4·10/2 = 10 ticks: half = 11.078 ticks, behind a touch 5 ticks from the mid
    const wide = view({ sigma: 2 });
    expect(step({}, wide).bidOffsetTicks).toBeCloseTo(10 + half, 12);
    const q = step({ touch: true }, wide);
    expect(q.bidOffsetTicks).toBe(5);
    expect(q.askOffsetTicks).toBe(5);
  });

  it("fee_floor: no side nearer the centre than the maker fee plus the margin (1 + 0.5 bp of 10 000 = 1.5 ticks)", () => {
    const q = step({ fee_floor: true }, view());
    expect(q.bidOffsetTicks).toBeCloseTo(1.5, 12);
    expect(q.askOffsetTicks).toBeCloseTo(1.5, 12);
    // never less than half a tick, even with a rebate
    const rebate = parseConfig({ symbol: { tick_size: 1, lot_size: 0.001 }, fees: { schedule: "custom", maker_bps: -5, taker_bps: 2 } });
    expect(step({ fee_floor: true, min_edge_bps: 0 }, view({ sigma: 0 }), rebate).bidOffsetTicks).toBe(half);
    expect(step({ fee_floor: true, min_edge_bps: 0, gamma: 100, k: 0.001 }, view(), rebate).bidOffsetTicks).toBe(0.5);
  });

  it("guard: no bid while the order flow sells (z ≤ −guard_z), no ask while it buys", () => {
    expect(Number.isNaN(step({ guard: true }, view({ ofiZ: -1.5 })).bidOffsetTicks)).toBe(true);
    expect(step({ guard: true }, view({ ofiZ: -1.5 })).askOffsetTicks).toBe(half);
    expect(Number.isNaN(step({ guard: true }, view({ ofiZ: 2 })).askOffsetTicks)).toBe(true);
    expect(step({ guard: true }, view({ ofiZ: 1.4 })).askOffsetTicks).toBe(half);
  });

  it("fill toxicity: each fill's mid move after the horizon in bp of its price, an EWMA of weight 0.2", () => {
    const t = new FillToxicity(1e9);
    t.add({ tNs: 0, side: 1, priceTicks: 10000, qty: 1, feeQuote: 0, midAtFillTicks: 10000 });
    t.add({ tNs: 0.5e9, side: -1, priceTicks: 10000, qty: 1, feeQuote: 0, midAtFillTicks: 10000 });
    t.settle({ tNs: 0.9e9, midTicks: 9990 });
    expect(t.markoutBps(1)).toBe(0); // not yet due
    t.settle({ tNs: 1e9, midTicks: 9990 });
    // the buy lost 10 ticks of 10 000 = 10 bp: 0.2·(−10) = −2
    expect(t.markoutBps(1)).toBeCloseTo(-2, 12);
    t.settle({ tNs: 1.6e9, midTicks: 9980 });
    // the sell earned 20 bp: 0.2·20 = 4
    expect(t.markoutBps(-1)).toBeCloseTo(4, 12);
  });

  it("ev_requote: keeps a working order whose expected value is within the tolerance, replaces one that fell too far behind or too near", () => {
    // centre = mid = 10 000, k·tick = 0.7 /tick, fee 0: EV(d) = e^(−0.7 d)·d
    const at = (working: number, m = 1) => keptDistance(1, { midTicks: 10000, workingBidTicks: working, workingAskTicks: NaN, spreadMultiplier: m }, 10000, 1.078, 0.5, 0.7, 0, 0.2);
    // working 1 tick away: EV 0.4966 vs wanted 1.078·e^(−0.7546) = 0.5071: within 20 % → kept, written ½ tick inside it
    expect(at(9999)).toBe(0.5);
    // 3 ticks away: 3·e^(−2.1) = 0.367 < 0.8·0.5071 → replaced
    expect(at(9997)).toBe(1.078);
    // 0.4 ticks from the centre is under the floor of 0.5 → replaced
    expect(at(9999.6)).toBe(1.078);
    expect(keptDistance(1, { midTicks: 10000, workingBidTicks: NaN, workingAskTicks: NaN, spreadMultiplier: 1 }, 10000, 1.078, 0.5, 0.7, 0, 0.2)).toBe(1.078);
  });

  it("ev_requote under the volatility regime's multiplier: a kept order is placed at its own price, not m times further out", () => {
    // m = 1.5: the wanted bid is 1.078·1.5 = 1.617 ticks out (EV 0.5250); the working one 2 ticks out, EV 2·e^(−1.4) = 0.4932 ≥ 0.8·0.5250 → kept
    const m = 1.5;
    const d = keptDistance(1, { midTicks: 10000, workingBidTicks: 9998, workingAskTicks: NaN, spreadMultiplier: m }, 10000, 1.078, 0.5, 0.7, 0, 0.2);
    expect(d).toBeCloseTo(1.5 / m, 12);
    // as the engine places it: centre − d·m, rounded down to the tick: the working price, step after step
    expect(Math.floor(10000 - d * m)).toBe(9998);
    const ask = keptDistance(-1, { midTicks: 10000, workingBidTicks: NaN, workingAskTicks: 10002, spreadMultiplier: m }, 10000, 1.078, 0.5, 0.7, 0, 0.2);
    expect(Math.ceil(10000 + ask * m)).toBe(10002);
  });

  it("size_skew: the side that adds to the inventory shrinks, to a lot; none at q_max", () => {
    const config = parseConfig({ symbol: { tick_size: 1, lot_size: 0.001 }, orders: { size: 0.01 }, risk: { q_max: 0.5 } });
    const long = step({ size_skew: true }, view({ inventory: 0.2 }), config);
    expect(long.bidSize).toBeCloseTo(0.006, 12); // 0.01·(1 − 0.2/0.5)
    expect(long.askSize).toBeCloseTo(0.01, 12);
    const full = step({ size_skew: true }, view({ inventory: -0.5 }), config);
    expect(Number.isNaN(full.askOffsetTicks)).toBe(true);
    expect(full.bidSize).toBeCloseTo(0.01, 12);
  });

  it("runs as the built-in quoter v1_5; with every switch off its results are V1's, byte for byte", async () => {
    const run = async (sets: string[]) => {
      const config = parseConfig({}, sets);
      const rng = rootRng(3);
      return runBacktest({ config, data: syntheticData("default", rng, { durationNs: 900 * NS_PER_S }), rng });
    };
    const v1 = await run([]);
    const off = await run(["quoter=v1_5", ...Object.keys(ALL_OFF).map((k) => `strategy.params.${k}=false`)]);
    expect(off.strategy.name).toBe("v1_5");
    expect(off.resultsHash).toBe(v1.resultsHash);
    const on = await run(["quoter=v1_5"]);
    expect(on.resultsHash).not.toBe(v1.resultsHash);
    expect(on.strategy.params).toMatchObject({ touch: true, fee_floor: true, guard: true, ev_requote: true, size_skew: true });
  }, 120_000);

  it("runs in a grid over its switches, on worker threads", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mmlab-v15-grid-"));
    try {
      const def = resolveGrid({ params: { "strategy.params.fee_floor": [true, false] }, sets: ["quoter=v1_5"], duration: "5m" });
      const report = await runGrid(def, { out: join(dir, "g"), workers: 2, report: false });
      expect(report.ran).toBe(2);
      const folder = GridFolder.read(join(dir, "g"));
      const rows = gridPoints(def).map((p) => folder.readRow(p));
      expect(rows[0].resultsHash).not.toBe(rows[1].resultsHash);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
