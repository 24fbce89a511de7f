import { ceilTicks, floorTicks } from "../core/ticks.ts";

/** What a quoter needs at one step. Prices in ticks; see config/schema.ts for units. */
export interface QuoteInput {
  /** Mid S in ticks (may be x.5). */
  midTicks: number;
  /** Signed inventory q, base units. */
  inventory: number;
  /** σ, quote currency per √second. */
  sigma: number;
  /** T − t, seconds. */
  tauSeconds: number;
  /** Clamped OFI z-score. */
  ofiZ: number;
  /** Multiplier on the total spread from risk (1 normally, 1.5 in the high-volatility regime). */
  spreadMultiplier: number;
  /** Current best bid and ask, ticks (for the post-only rule). */
  bestBidTicks: number;
  bestAskTicks: number;
}

/** A quoter's answer, written into a caller-owned object (no allocation per step). */
export interface Quote {
  /** Reservation price r, ticks (fractional). */
  reservationTicks: number;
  /** Centre after the OFI shift, ticks (fractional). */
  centreTicks: number;
  /** Total spread δ after the risk multiplier, quote currency. */
  spreadQuote: number;
  /** Quoted prices on the tick grid: bid < ask, bid < best ask, ask > best bid. */
  bidTicks: number;
  askTicks: number;
}

/** A quoting model: turns market state into a bid and an ask. */
export interface Quoter {
  quote(input: QuoteInput, out: Quote): void;
}

/** A fresh Quote to reuse across steps. */
export function emptyQuote(): Quote {
  return { reservationTicks: NaN, centreTicks: NaN, spreadQuote: NaN, bidTicks: 0, askTicks: 0 };
}

/**
 * The part every quoter shares (DESIGN 1.2–1.3): centre = reservation + clamp(β·z, −1, +1) ticks,
 * bid = floor(centre − half), ask = ceil(centre + half) (outward), at least one tick apart, then
 * post-only (bid < best ask, ask > best bid). Writes the result into `out`.
 */
export function placeQuotes(reservationTicks: number, halfSpreadTicks: number, spreadQuote: number, ofiBeta: number, input: QuoteInput, out: Quote): void {
  let shift = ofiBeta * input.ofiZ;
  if (shift > 1) shift = 1;
  else if (shift < -1) shift = -1;
  const centre = reservationTicks + shift;
  let bid = floorTicks(centre - halfSpreadTicks);
  let ask = ceilTicks(centre + halfSpreadTicks);
  if (ask <= bid) ask = bid + 1;
  if (bid >= input.bestAskTicks) bid = input.bestAskTicks - 1;
  if (ask <= input.bestBidTicks) ask = input.bestBidTicks + 1;
  out.reservationTicks = reservationTicks;
  out.centreTicks = centre;
  out.spreadQuote = spreadQuote;
  out.bidTicks = bid;
  out.askTicks = ask;
}
