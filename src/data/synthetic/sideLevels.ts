/** Told every change of a level: its side, price (ticks) and new absolute size (0 = gone). */
export interface LevelListener {
  change(side: number, priceTicks: number, qty: number): void;
}

/**
 * One side of the synthetic book: up to `capacity` price levels kept best-first (bids
 * descending, asks ascending) in typed arrays. Every change reports the level's new absolute
 * size to `listener`, exactly as a depth feed would.
 */
export class SideLevels {
  readonly prices: Float64Array;
  readonly sizes: Float64Array;
  count = 0;

  constructor(
    readonly side: 1 | -1,
    readonly capacity: number,
    private readonly listener: LevelListener,
  ) {
    this.prices = new Float64Array(capacity);
    this.sizes = new Float64Array(capacity);
  }

  /** Best price (ticks), or NaN when the side is empty. */
  best(): number {
    return this.count > 0 ? this.prices[0] : NaN;
  }

  /** Total size over all levels. */
  total(): number {
    let s = 0;
    for (let i = 0; i < this.count; i++) s += this.sizes[i];
    return s;
  }

  /** Adds `size` at `priceTicks` (joining or creating the level); drops the worst level if full. */
  add(priceTicks: number, size: number): void {
    const dir = this.side;
    const prices = this.prices;
    const sizes = this.sizes;
    let i = 0;
    // Best-first: a bid ranks before another when its price is higher.
    while (i < this.count && (prices[i] - priceTicks) * dir > 0) i++;
    if (i < this.count && prices[i] === priceTicks) {
      sizes[i] += size;
    } else {
      if (this.count === this.capacity) {
        if (i === this.capacity) return; // worse than every kept level: not shown
        this.dropWorst();
      }
      // Shift the worse levels down one place (a loop: the sides are short, a copyWithin call costs more).
      for (let j = this.count; j > i; j--) {
        prices[j] = prices[j - 1];
        sizes[j] = sizes[j - 1];
      }
      prices[i] = priceTicks;
      sizes[i] = size;
      this.count++;
    }
    // One report for both cases: a single call site keeps add small enough to inline.
    this.listener.change(this.side, priceTicks, sizes[i]);
  }

  /** Removes the worst level (the side is full and a better one arrives). */
  private dropWorst(): void {
    this.count--;
    this.listener.change(this.side, this.prices[this.count], 0);
  }

  /** Removes up to `size` from level `i`; deletes the level when it empties. Returns the size removed. */
  reduce(i: number, size: number): number {
    const prices = this.prices;
    const sizes = this.sizes;
    const removed = size < sizes[i] ? size : sizes[i];
    const price = prices[i];
    let left = sizes[i] - removed;
    if (left <= 1e-9) {
      const last = --this.count;
      for (let j = i; j < last; j++) {
        prices[j] = prices[j + 1];
        sizes[j] = sizes[j + 1];
      }
      left = 0; // the level is gone
    } else {
      sizes[i] = left;
    }
    this.listener.change(this.side, price, left);
    return removed;
  }
}
