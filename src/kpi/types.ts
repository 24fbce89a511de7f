import type { Side } from "../core/side.ts";

/** One fill of one of our orders, as the strategy side receives it. */
export interface FillRecord {
  /** Local (strategy-side) time the fill report arrived, ns since the dataset origin. */
  tNs: number;
  /** Exchange time of the fill, ns since the dataset origin. */
  exchTNs: number;
  orderId: number;
  side: Side;
  priceTicks: number;
  qty: number;
  /** Fee paid in quote currency (negative = rebate). */
  feeQuote: number;
  isMaker: boolean;
  /** Which fill rule matched: 1 trade-through, 2 queue, 3 opposite best crossing (see engine/venue.ts). */
  rule: number;
  /** Exchange mid (ticks, may be x.5) just before the fill. */
  midAtFillTicks: number;
  /** side·(mid at placement − order price), ticks: the quoted half-spread of this order. */
  halfSpreadAtPlacementTicks: number;
}
