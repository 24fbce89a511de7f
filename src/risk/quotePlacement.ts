import { ceilTicks, floorTicks } from "../core/ticks.ts";

/** Quoted prices on the tick grid, written by placeQuotes (NaN: no quote on that side). */
export interface PlacedQuotes {
  bidTicks: number;
  askTicks: number;
}

/**
 * The engine's placement rules, applied to every strategy's wanted quotes (README: The V1 strategy):
 *   bid = floor(centre − bidOffset·m),  ask = ceil(centre + askOffset·m)   (outward, m = volatility regime)
 *   with both sides: ask ≥ bid + 1;  post-only: bid < best ask, ask > best bid.
 * A side whose offset is NaN is not quoted. Writes into `out` (no allocation per step).
 */
export function placeQuotes(centreTicks: number, bidOffsetTicks: number, askOffsetTicks: number, spreadMultiplier: number, bestBidTicks: number, bestAskTicks: number, out: PlacedQuotes): void {
  let bid = Number.isNaN(bidOffsetTicks) ? NaN : floorTicks(centreTicks - bidOffsetTicks * spreadMultiplier);
  let ask = Number.isNaN(askOffsetTicks) ? NaN : ceilTicks(centreTicks + askOffsetTicks * spreadMultiplier);
  if (ask <= bid) ask = bid + 1;
  if (bid >= bestAskTicks) bid = bestAskTicks - 1;
  if (ask <= bestBidTicks) ask = bestBidTicks + 1;
  out.bidTicks = bid;
  out.askTicks = ask;
}
