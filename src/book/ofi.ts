/**
 * Order-flow imbalance of one book event (Cont, Kukanov & Stoikov 2014), from the best bid and
 * ask (price in ticks, size in base units) before and after the event:
 *   e = 1{Pb ≥ Pb'}·qb − 1{Pb ≤ Pb'}·qb' − 1{Pa ≤ Pa'}·qa + 1{Pa ≥ Pa'}·qa'
 * (primes are the values before the event). Positive e is buying pressure.
 *
 * The one kernel of the rule: every OFI of the product is this function (OfiAccumulator, OfiBook,
 * the simulator's ExchangeBook in its replay loop, the research OFI buckets), so their sums agree
 * bit for bit. The terms are added in this order, left to right, from 0; a caller that knows only
 * one side changed passes that side's top before and after and the other side's top twice (a
 * price equal to itself takes both of its terms: −qa + qa, or +qb − qb), which is the very same
 * operations as observing the whole top. Kept small and monomorphic (numbers only) so that the
 * compiler inlines it into the hot loops that call it.
 */
export function ofiContribution(
  prevBidTicks: number, prevBidQty: number, prevAskTicks: number, prevAskQty: number,
  bidTicks: number, bidQty: number, askTicks: number, askQty: number,
): number {
  let e = 0;
  if (bidTicks >= prevBidTicks) e += bidQty;
  if (bidTicks <= prevBidTicks) e -= prevBidQty;
  if (askTicks <= prevAskTicks) e -= askQty;
  if (askTicks >= prevAskTicks) e += prevAskQty;
  return e;
}

/** Book state the OFI accumulator reads after each event. */
export interface TopOfBook {
  bestBidTicks: number;
  bestAskTicks: number;
  bestBidQty(): number;
  bestAskQty(): number;
}

/** Sums the OFI of successive book events; the trading loop takes the sum once per step. */
export class OfiAccumulator {
  private prevBidTicks = 0;
  private prevBidQty = 0;
  private prevAskTicks = 0;
  private prevAskQty = 0;
  private started = false;
  private sum = 0;

  /** Adds the OFI of the change since the previous observation. */
  observe(book: TopOfBook): void {
    const bidTicks = book.bestBidTicks;
    const askTicks = book.bestAskTicks;
    const bidQty = book.bestBidQty();
    const askQty = book.bestAskQty();
    if (this.started) {
      this.sum += ofiContribution(this.prevBidTicks, this.prevBidQty, this.prevAskTicks, this.prevAskQty, bidTicks, bidQty, askTicks, askQty);
    }
    this.started = true;
    this.prevBidTicks = bidTicks;
    this.prevBidQty = bidQty;
    this.prevAskTicks = askTicks;
    this.prevAskQty = askQty;
  }

  /** Returns the OFI summed since the last call and starts a new sum. */
  take(): number {
    const s = this.sum;
    this.sum = 0;
    return s;
  }
}
