import { placeQuotes } from "../risk/quotePlacement.ts";

/** What a quoting model needs at one step. Prices in ticks; see config/schema.ts for units. */
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
  /** Multiplier on the total spread from risk (1 normally, 1.5 in the high-volatility regime); used by `quote` only. */
  spreadMultiplier: number;
  /** Current best bid and ask, ticks (for the post-only rule); used by `quote` only. */
  bestBidTicks: number;
  bestAskTicks: number;
}

/** A model's target before the engine's placement rules: where to centre and how far out. */
export interface QuoteTarget {
  /** Reservation price r, ticks (fractional). */
  reservationTicks: number;
  /** Centre after the OFI shift, ticks (fractional). */
  centreTicks: number;
  /** Half of the total spread δ, ticks (fractional), before the risk multiplier. */
  halfSpreadTicks: number;
}

/** A complete quote: the target placed on the grid by the engine's rules (risk/quotePlacement.ts). */
export interface Quote {
  reservationTicks: number;
  centreTicks: number;
  /** Total spread δ after the risk multiplier, quote currency. */
  spreadQuote: number;
  /** Quoted prices on the tick grid: bid < ask, bid < best ask, ask > best bid. */
  bidTicks: number;
  askTicks: number;
}

/** A quoting model (its parameters validated once): the target at each step, or the whole quote. */
export interface Quoter {
  /** The model's target, written into `out` (no allocation per step). */
  target(input: QuoteInput, out: QuoteTarget): void;
  /** The target placed as the engine places it (multiplier, outward rounding, post-only). */
  quote(input: QuoteInput, out: Quote): void;
}

/** A fresh Quote to reuse across steps. */
export function emptyQuote(): Quote {
  return { reservationTicks: NaN, centreTicks: NaN, spreadQuote: NaN, bidTicks: 0, askTicks: 0 };
}

/** A fresh QuoteTarget to reuse across steps. */
export function emptyQuoteTarget(): QuoteTarget {
  return { reservationTicks: NaN, centreTicks: NaN, halfSpreadTicks: NaN };
}

/** The OFI centre shift every quoter shares (README: The V1 strategy): centre = r + clamp(β·z, −1, +1) ticks. */
export function shiftedCentre(reservationTicks: number, ofiBeta: number, ofiZ: number): number {
  let shift = ofiBeta * ofiZ;
  if (shift > 1) shift = 1;
  else if (shift < -1) shift = -1;
  return reservationTicks + shift;
}

/** Places a target as the engine does and fills `out` (the library's one-call quote). */
export function completeQuote(target: QuoteTarget, input: QuoteInput, tickSize: number, out: Quote): void {
  placeQuotes(target.centreTicks, target.halfSpreadTicks, target.halfSpreadTicks, input.spreadMultiplier, input.bestBidTicks, input.bestAskTicks, out);
  out.reservationTicks = target.reservationTicks;
  out.centreTicks = target.centreTicks;
  out.spreadQuote = 2 * target.halfSpreadTicks * tickSize * input.spreadMultiplier;
}
