/**
 * One side of the synthetic book: up to `capacity` price levels kept best-first (bids
 * descending, asks ascending) in typed arrays. Every change reports the level's new absolute
 * size through `emit`, exactly as a depth feed would.
 */
export class SideLevels {
  readonly prices: Float64Array;
  readonly sizes: Float64Array;
  count = 0;

  constructor(
    readonly side: 1 | -1,
    readonly capacity: number,
    private readonly emit: (side: number, priceTicks: number, qty: number) => void,
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
    let i = 0;
    // Best-first: a bid ranks before another when its price is higher.
    while (i < this.count && (this.prices[i] - priceTicks) * dir > 0) i++;
    if (i < this.count && this.prices[i] === priceTicks) {
      this.sizes[i] += size;
      this.emit(this.side, priceTicks, this.sizes[i]);
      return;
    }
    if (this.count === this.capacity) {
      if (i === this.capacity) return; // worse than every kept level: not shown
      this.count--;
      this.emit(this.side, this.prices[this.count], 0);
    }
    this.prices.copyWithin(i + 1, i, this.count);
    this.sizes.copyWithin(i + 1, i, this.count);
    this.prices[i] = priceTicks;
    this.sizes[i] = size;
    this.count++;
    this.emit(this.side, priceTicks, size);
  }

  /** Removes up to `size` from level `i`; deletes the level when it empties. Returns the size removed. */
  reduce(i: number, size: number): number {
    const removed = size < this.sizes[i] ? size : this.sizes[i];
    const left = this.sizes[i] - removed;
    const price = this.prices[i];
    if (left <= 1e-9) {
      this.prices.copyWithin(i, i + 1, this.count);
      this.sizes.copyWithin(i, i + 1, this.count);
      this.count--;
      this.emit(this.side, price, 0);
    } else {
      this.sizes[i] = left;
      this.emit(this.side, price, left);
    }
    return removed;
  }
}
