import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/load.ts";
import { rootRng } from "../../src/core/rng.ts";
import { liveSnapshot } from "../../src/live/liveSnapshot.ts";
import type { FeedHealth } from "../../src/live/snapshot.ts";
import { assembleSimulation } from "../../src/assembly/simulation.ts";

const feed: FeedHealth = { connected: true, messages: 10, malformed: 0, gaps: 0, resyncs: 0, reconnects: 0, bboChecked: 0, bboMatched: 0, rttMs: 12, stale: false, clockJumps: 0 };

function simulation() {
  const config = parseConfig({});
  return { config, sim: assembleSimulation({ config, rng: rootRng(1), originNs: 0n, tickSize: config.symbol.tick_size }) };
}

describe("liveSnapshot", () => {
  it("before any data: no book, nothing to show, no KPIs", () => {
    const { config } = simulation();
    const s = liveSnapshot(undefined, config, feed, true);
    expect([s.paused, s.pauseReason, s.kpis, s.verdict]).toEqual([true, "no book", [], "no KPIs yet"]);
    expect(Number.isNaN(s.mid)).toBe(true);
    expect([s.symbol, s.base, s.quote, s.tickSize, s.gamma, s.k, s.qMax]).toEqual(["BTCUSDT", "BTC", "USDT", 0.01, 0.5, 0.7, 0.5]);
  });

  it("quoting (pause reason null) is not paused; prices in quote currency from ticks", () => {
    const { config, sim } = simulation();
    const st = sim.engine.status;
    Object.assign(st, { tNs: 5e9, midTicks: 6_400_000.5, bidTicks: 6_399_990, askTicks: 6_400_011, reservationTicks: 6_400_000, sigma: 0.4, ofiZ: 1.5, pauseReason: null });
    sim.kpi.onStep(5e9, 6_400_000.5);
    const s = liveSnapshot(sim, config, feed, false);
    expect([s.paused, s.pauseReason]).toEqual([false, null]);
    expect(s.mid).toBeCloseTo(64_000.005, 9);
    expect(s.bid).toBeCloseTo(63_999.9, 9);
    expect(s.ask).toBeCloseTo(64_000.11, 9);
    expect(s.halfSpread).toBeCloseTo(0.105, 9); // (64000.11 − 63999.90) / 2
    expect(s.reservation).toBeCloseTo(64_000, 9);
    expect([s.sigma, s.ofiZ, s.tNs]).toEqual([0.4, 1.5, 5e9]);
    expect(s.kpis.map((r) => r.kpi)).toContain("PnL");
  });

  it("the feed down (no book): PnL and fills stay the last known ones, marked at the last mid, not zeros", () => {
    const { config, sim } = simulation();
    const memo = { midTicks: NaN };
    Object.assign(sim.engine.status, { tNs: 5e9, midTicks: 6_400_000, pauseReason: null });
    sim.kpi.onStep(4e9, 6_400_000);
    // bought 0.01 BTC 10 ticks under the mid
    sim.kpi.onFill({ tNs: 4.5e9, exchTNs: 4.5e9, orderId: 1, side: 1, priceTicks: 6_399_990, qty: 0.01, feeQuote: 0, isMaker: true, rule: 1, midAtFillTicks: 6_400_000, halfSpreadAtPlacementTicks: 10 });
    sim.kpi.onStep(5e9, 6_400_000);
    const live = liveSnapshot(sim, config, feed, false, memo);
    expect(live.fills).toBe(1);
    expect(live.pnl).toBeCloseTo(0.001, 9); // 10 ticks · 0.01 · 0.01 BTC
    // the feed drops: the book is cleared, the engine has no mid
    Object.assign(sim.engine.status, { tNs: 6e9, midTicks: NaN, pauseReason: "no book" });
    const down = liveSnapshot(sim, config, { ...feed, connected: false, stale: true }, true, memo);
    expect([down.fills, down.pnl]).toEqual([live.fills, live.pnl]);
    expect(Number.isNaN(down.mid)).toBe(true);
    expect([down.paused, down.pauseReason, down.feed.connected]).toEqual([true, "no book", false]);
    expect(down.verdict).not.toBe("no KPIs yet");
    // without the memo (what the status line used to get): zeros
    expect(liveSnapshot(sim, config, feed, true)).toMatchObject({ pnl: 0, fills: 0 });
  });

  it("a stale book overrides the engine's state; the engine's own reasons pass through", () => {
    const { config, sim } = simulation();
    sim.engine.status.pauseReason = null;
    expect(liveSnapshot(sim, config, feed, true).pauseReason).toBe("no book");
    sim.engine.status.pauseReason = "latency";
    expect(liveSnapshot(sim, config, feed, false)).toMatchObject({ paused: true, pauseReason: "latency" });
  });
});
