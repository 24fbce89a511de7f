import type { FillRecord } from "./types.ts";

/** The part of a fill the ledger needs. */
export type LedgerFill = Pick<FillRecord, "side" | "priceTicks" | "qty" | "feeQuote">;

/**
 * Cash, position and fee accounting from our fills, starting flat with zero cash, so that
 * equity(mid) is the mark-to-market PnL since the start, net of fees, in quote currency.
 */
export class Ledger {
  private positionBase = 0;
  private cash = 0;
  private fees = 0;

  /** `tickSize`: quote currency per price tick (config `symbol.tick_size`). */
  constructor(readonly tickSize: number) {
    if (!(tickSize > 0)) throw new RangeError(`Ledger: tickSize = ${tickSize} must be > 0`);
  }

  /** Books one fill: a buy (side +1) adds qty and pays qty·price; the fee (negative = rebate) is paid from cash. */
  applyFill(fill: LedgerFill): void {
    this.positionBase += fill.side * fill.qty;
    this.cash -= fill.side * fill.qty * fill.priceTicks * this.tickSize + fill.feeQuote;
    this.fees += fill.feeQuote;
  }

  /** Position in base units (+ long, − short). */
  get position(): number {
    return this.positionBase;
  }

  /** Cash in quote currency, fees included (negative after net buying). */
  get cashQuote(): number {
    return this.cash;
  }

  /** Fees paid so far in quote currency (negative = net rebate received). */
  get feesQuote(): number {
    return this.fees;
  }

  /** Mark-to-market PnL in quote currency: cash + position·mid·tick. */
  equity(midTicks: number): number {
    return this.cash + this.positionBase * midTicks * this.tickSize;
  }
}
