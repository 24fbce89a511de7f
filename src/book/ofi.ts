/**
 * Order-flow imbalance of one book event (Cont, Kukanov & Stoikov 2014), from the best bid and
 * ask (price in ticks, size in base units) before and after the event:
 *   e = 1{Pb ≥ Pb'}·qb − 1{Pb ≤ Pb'}·qb' − 1{Pa ≤ Pa'}·qa + 1{Pa ≥ Pa'}·qa'
 * (primes are the values before the event). Positive e is buying pressure.
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
