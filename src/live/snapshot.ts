import type { PauseCause } from "../kpi/pausedTime.ts";
import type { KpiRow } from "../report/kpiRows.ts";

/**
 * What a paper-trading session shows while it runs: the dashboard and the terminal status line
 * read one of these (taken at least once a second). Prices in quote currency, sizes in base
 * units, times in ns since the session's origin. NaN where a value does not exist yet (no book,
 * not quoting), as the engine's timeseries does.
 */
export interface LiveSnapshot {
  /** Session time of the snapshot, ns since the origin. */
  tNs: number;
  symbol: string;
  /** Base and quote asset names, for units ("BTC", "USDT"). */
  base: string;
  quote: string;
  /** Price tick, quote: the dashboard and the status line show prices to its decimals. */
  tickSize: number;
  /** The strategy's view of the market and its quotes. */
  mid: number;
  bestBid: number;
  bestAsk: number;
  /** Our working bid and ask prices (NaN: no order on that side). */
  bid: number;
  ask: number;
  /** Quoter state: reservation price r, half-spread δ (quote), and the parameters in force. */
  reservation: number;
  halfSpread: number;
  gamma: number;
  k: number;
  /** EWMA volatility, quote/√s. */
  sigma: number;
  ofiZ: number;
  quoter: string;
  inventory: number;
  qMax: number;
  /** Mark-to-market PnL net of fees, quote. */
  pnl: number;
  fills: number;
  /** True while the engine is not quoting; `pauseReason` says why. */
  paused: boolean;
  pauseReason: PauseCause | null;
  /** The KPI rules against their targets (same rows as the run report). */
  kpis: KpiRow[];
  /** The verdict and why: "5/6 rules passed, required: pnl → FAIL (required rule pnl failed)". */
  verdict: string;
  feed: FeedHealth;
}

/** The market-data feed's health, as `mmlab paper --json` prints it. */
export interface FeedHealth {
  connected: boolean;
  /** Market-data messages received (every kind, malformed ones included). */
  messages: number;
  malformed: number;
  gaps: number;
  resyncs: number;
  reconnects: number;
  /** Local best bid/ask checked against bookTicker at shared update ids, and how many agreed. */
  bboChecked: number;
  bboMatched: number;
  /** Last measured round trip of the market-data connection (ping → pong), ms; NaN before the first. */
  rttMs: number;
  /** True while the local book is out of sync (after a gap or a disconnect, before a fresh snapshot). */
  stale: boolean;
  /** Jumps of the exchange's clock against the local one, taken out of its times (live/clockJump.ts). */
  clockJumps: number;
}
