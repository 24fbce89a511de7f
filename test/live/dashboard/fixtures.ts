import { evaluateRules } from "../../../src/kpi/targets.ts";
import type { LiveSnapshot } from "../../../src/live/snapshot.ts";
import { kpiRows, kpiVerdict } from "../../../src/report/kpiRows.ts";

/**
 * A hand-made snapshot of a BTCUSDT session at step i (i·0.5 s): the mid drifts, we quote two
 * ticks around it, inventory and PnL move, and the KPI values change with i.
 */
export function fakeSnapshot(i: number, over: Partial<LiveSnapshot> = {}): LiveSnapshot {
  const qMax = 0.5;
  const mid = 64_000.005 + 2 * Math.sin(i / 7);
  const rules = evaluateRules(
    { spreadCapturedPct: 60 + (i % 25), rmsInventory: 0.05 + 0.001 * i, fillRatio: 0.08, cancelRatio: 0.55, latencyP99Ms: 120 + i, pnl: -0.5 + 0.1 * i },
    qMax,
  );
  return {
    tNs: i * 500e6,
    symbol: "BTCUSDT",
    base: "BTC",
    quote: "USDT",
    tickSize: 0.01,
    mid,
    bestBid: mid - 0.005,
    bestAsk: mid + 0.005,
    bid: mid - 0.025,
    ask: mid + 0.025,
    reservation: mid - 0.0123,
    halfSpread: 0.0234,
    gamma: 0.1,
    k: 1.5,
    sigma: 0.8123,
    ofiZ: 1.25 * Math.cos(i / 5),
    quoter: "avellaneda-stoikov",
    inventory: 0.1 * Math.sin(i / 11),
    qMax,
    pnl: -0.5 + 0.1 * i,
    fills: 3 * i,
    paused: false,
    pauseReason: null,
    kpis: kpiRows({ rules }, { base: "BTC", quote: "USDT" }),
    verdict: kpiVerdict({ rules }),
    feed: {
      connected: true,
      messages: 1000 + 37 * i,
      malformed: 0,
      gaps: 1,
      resyncs: 1,
      reconnects: 0,
      bboChecked: 200 + i,
      bboMatched: 200 + i,
      rttMs: 42.5,
      stale: false,
      clockJumps: 0,
    },
    ...over,
  };
}

/** A snapshot provider that moves one step per call. */
export function steppingProvider(start = 0): () => LiveSnapshot {
  let i = start;
  return () => fakeSnapshot(i++);
}
