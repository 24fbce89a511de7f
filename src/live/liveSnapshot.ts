import type { MmConfig } from "../config/schema.ts";
import { assetNames } from "../report/context.ts";
import { kpiRows, kpiVerdict } from "../report/kpiRows.ts";
import type { Simulation } from "../assembly/simulation.ts";
import type { FeedHealth, LiveSnapshot } from "./snapshot.ts";

/** What the snapshots of one session remember between calls. */
export interface SnapshotMemo {
  /** The last mid seen, ticks (NaN before the first). */
  midTicks: number;
}

/**
 * What a session shows now, from the engine's last step and the KPIs so far (observed without
 * changing them: a display never alters what the session computes). Before the first message,
 * everything is NaN and the pause reason is "no book". While there is no book (the feed is down or
 * out of sync) the KPIs stay those marked at the last mid seen (`memo`): the last known PnL and
 * fills, not zeros; the feed's state says why they do not move.
 */
export function liveSnapshot(sim: Simulation | undefined, config: MmConfig, feed: FeedHealth, stale: boolean, memo: SnapshotMemo = { midTicks: NaN }): LiveSnapshot {
  const tick = config.symbol.tick_size;
  const units = assetNames(config.symbol.name);
  const engine = sim?.engine;
  const status = engine?.status;
  const bestBidTicks = engine?.market.bestBidTicks ?? NaN;
  const bestAskTicks = engine?.market.bestAskTicks ?? NaN;
  const midTicks = status?.midTicks ?? NaN;
  if (Number.isFinite(midTicks)) memo.midTicks = midTicks;
  const markTicks = Number.isFinite(midTicks) ? midTicks : memo.midTicks;
  const kpis = sim !== undefined && Number.isFinite(markTicks) && !Number.isNaN(status!.tNs) ? sim.kpi.report(markTicks) : undefined;
  // A null reason means quoting (`??` would take it for a missing one).
  const pauseReason = stale || status === undefined ? "no book" : status.pauseReason;
  const bid = (status?.bidTicks ?? NaN) * tick;
  const ask = (status?.askTicks ?? NaN) * tick;
  return {
    tNs: status?.tNs ?? NaN,
    symbol: config.symbol.name,
    base: units.base,
    quote: units.quote,
    tickSize: tick,
    mid: midTicks * tick,
    bestBid: finiteTicks(bestBidTicks) * tick,
    bestAsk: finiteTicks(bestAskTicks) * tick,
    bid,
    ask,
    reservation: (status?.reservationTicks ?? NaN) * tick,
    halfSpread: (ask - bid) / 2,
    gamma: config.gamma,
    k: config.k,
    sigma: status?.sigma ?? NaN,
    ofiZ: status?.ofiZ ?? NaN,
    quoter: config.quoter,
    inventory: engine?.inventory ?? 0,
    qMax: config.risk.q_max,
    pnl: kpis?.pnl ?? 0,
    fills: kpis?.fills ?? 0,
    paused: pauseReason !== null,
    pauseReason,
    kpis: kpis === undefined ? [] : kpiRows(kpis, units),
    verdict: kpis === undefined ? "no KPIs yet" : kpiVerdict(kpis),
    feed,
  };
}

/** The book's empty-side sentinels (±Infinity or out-of-range) as NaN. */
function finiteTicks(ticks: number): number {
  return Number.isFinite(ticks) && Math.abs(ticks) < 2 ** 31 ? ticks : NaN;
}
