import type { Side } from "../core/side.ts";

/** A new post-only limit order, as the engine sends it. */
export interface OrderRequest {
  orderId: number;
  side: Side;
  priceTicks: number;
  qty: number;
}

/** One execution of one of our orders, as reported back to the engine. */
export interface FillReport {
  orderId: number;
  priceTicks: number;
  qty: number;
  feeQuote: number;
  isMaker: boolean;
  /** Which fill rule matched (FillRule). */
  rule: FillRule;
  /** Exchange mid (ticks) just before the fill. */
  midAtFillTicks: number;
  /** Exchange time of the fill, ns since the dataset origin. */
  exchTNs: number;
}

/** Which rule of the fill model produced a fill (docs/fills-and-queues.md). */
export const FillRule = { TRADE_THROUGH: 1, QUEUE: 2, CROSSING: 3, LIVE: 4 } as const;
export type FillRule = (typeof FillRule)[keyof typeof FillRule];

/** Why the venue refused an order. */
export const RejectReason = { POST_ONLY_WOULD_CROSS: 1, NO_MARKET: 2 } as const;
export type RejectReason = (typeof RejectReason)[keyof typeof RejectReason];

/**
 * Where orders go. Calls return at once; the answers come back later through the
 * VenueListener (in a backtest after simulated latency, live after real network I/O).
 */
export interface Venue {
  submit(request: OrderRequest): void;
  cancel(orderId: number): void;
}

/** The venue's answers, each at the engine's current clock time. */
export interface VenueListener {
  onAck(orderId: number): void;
  onReject(orderId: number, reason: RejectReason): void;
  onFill(fill: FillReport): void;
  onCancelAck(orderId: number): void;
  /** The cancel arrived after the order was already gone (filled): nothing was cancelled. */
  onCancelReject(orderId: number): void;
}
