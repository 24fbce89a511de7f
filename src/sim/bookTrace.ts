/**
 * What the strategy's own book would show after the rows of a batch, recorded by the exchange
 * side as it applies them (both sides apply the same rows in the same order, so after a row their
 * books are equal). Only rows that may move the top of the book are recorded (a level at or
 * through the best, a clear, a row near our orders): after every other row the top, and so the
 * view, is that of the entry before, and its OFI contribution is 0. An entry holds the row, its
 * OFI contribution and the best prices after it. The strategy side reads the entries up to the
 * rows it has reached instead of replaying the rows a second time.
 */
export class BookTrace {
  readonly rows: Int32Array;
  readonly ofi: Float64Array;
  readonly bidTicks: Int32Array;
  readonly askTicks: Int32Array;
  /** Entries written (by the exchange side). */
  count = 0;
  /** Entries read (by the strategy side). */
  read = 0;

  /** A trace for batches of up to `capacity` rows (at most one entry per row). */
  constructor(readonly capacity: number) {
    this.rows = new Int32Array(capacity);
    this.ofi = new Float64Array(capacity);
    this.bidTicks = new Int32Array(capacity);
    this.askTicks = new Int32Array(capacity);
  }

  /** Empties the trace for a new batch. */
  reset(): this {
    this.count = 0;
    this.read = 0;
    return this;
  }

  /** Records row `row`: its OFI contribution and the best prices after it. */
  push(row: number, ofi: number, bidTicks: number, askTicks: number): void {
    const k = this.count++;
    this.rows[k] = row;
    this.ofi[k] = ofi;
    this.bidTicks[k] = bidTicks;
    this.askTicks[k] = askTicks;
  }
}
