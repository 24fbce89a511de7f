/** Maker and taker fees in basis points of notional (negative = rebate). */
export class FeeModel {
  private readonly makerRate: number;
  private readonly takerRate: number;
  constructor(makerBps: number, takerBps: number) {
    this.makerRate = makerBps / 1e4;
    this.takerRate = takerBps / 1e4;
  }

  /** Fee in quote currency for a fill of `qty` at `priceQuote`. */
  feeQuote(priceQuote: number, qty: number, isMaker: boolean): number {
    return priceQuote * qty * (isMaker ? this.makerRate : this.takerRate);
  }
}
