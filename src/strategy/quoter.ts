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
