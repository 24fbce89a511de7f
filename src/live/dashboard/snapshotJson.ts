import type { KpiRow } from "../../report/kpiRows.ts";
import type { FeedHealth, LiveSnapshot } from "../snapshot.ts";

/**
 * A copy of the snapshot holding exactly the LiveSnapshot fields, nothing else: whatever object
 * the session hands over (it might carry its config, with API keys), only these fields leave
 * the process.
 */
export function publicSnapshot(s: LiveSnapshot): LiveSnapshot {
  return {
    tNs: s.tNs,
    symbol: s.symbol,
    base: s.base,
    quote: s.quote,
    tickSize: s.tickSize,
    mid: s.mid,
    bestBid: s.bestBid,
    bestAsk: s.bestAsk,
    bid: s.bid,
    ask: s.ask,
    reservation: s.reservation,
    halfSpread: s.halfSpread,
    gamma: s.gamma,
    k: s.k,
    sigma: s.sigma,
    ofiZ: s.ofiZ,
    quoter: s.quoter,
    inventory: s.inventory,
    qMax: s.qMax,
    pnl: s.pnl,
    fills: s.fills,
    paused: s.paused,
    pauseReason: s.pauseReason,
    kpis: s.kpis.map(publicKpiRow),
    verdict: s.verdict,
    feed: publicFeed(s.feed),
  };
}

function publicKpiRow(r: KpiRow): KpiRow {
  return { kpi: r.kpi, value: r.value, target: r.target, result: r.result, required: r.required, definition: r.definition };
}

function publicFeed(f: FeedHealth): FeedHealth {
  return {
    connected: f.connected,
    messages: f.messages,
    malformed: f.malformed,
    gaps: f.gaps,
    resyncs: f.resyncs,
    reconnects: f.reconnects,
    bboChecked: f.bboChecked,
    bboMatched: f.bboMatched,
    rttMs: f.rttMs,
    stale: f.stale,
    clockJumps: f.clockJumps,
  };
}

/** The snapshot as JSON: only its public fields; NaN and ±Infinity become null (what JSON.stringify does for non-finite numbers). */
export function snapshotJson(s: LiveSnapshot): string {
  return JSON.stringify(publicSnapshot(s));
}
