/**
 * How the venue publishes depth: at once (every level change is a row at its own time), or, as
 * Binance's `@depth@100ms` stream does, in batches: the levels that changed during an interval
 * are published once, with their final sizes, at the interval's end — while trades print in real
 * time. With batches, a trade can print through prices the published book still shows.
 */
export class DepthPublisher {
  /** Changed levels of the open interval, keyed by side and price, in order of first change. */
  private readonly changed = new Map<number, number>();
  private intervalIndex = -1;

  constructor(
    private readonly intervalNs: number,
    private readonly publish: (tNs: number, side: number, priceTicks: number, qty: number) => void,
  ) {}

  /** A level of `side` at `priceTicks` now holds `qty` (0 = gone), at time `tNs`. */
  change(tNs: number, side: number, priceTicks: number, qty: number): void {
    if (this.intervalNs <= 0) {
      this.publish(tNs, side, priceTicks, qty);
      return;
    }
    this.flushBefore(tNs);
    if (this.changed.size === 0) this.intervalIndex = Math.floor(tNs / this.intervalNs);
    // Prices are integer ticks: side·price is a unique key per level (bids positive, asks negative).
    this.changed.set(side * priceTicks, qty);
  }

  /** Publishes the open interval's changes if `tNs` lies past its end. */
  flushBefore(tNs: number): void {
    if (this.changed.size === 0 || Math.floor(tNs / this.intervalNs) <= this.intervalIndex) return;
    this.flush();
  }

  /** Publishes whatever is pending, at the end of its interval (or at `capNs` if that is earlier). */
  flush(capNs = Infinity): void {
    if (this.changed.size === 0) return;
    const t = Math.min((this.intervalIndex + 1) * this.intervalNs, capNs);
    for (const [key, qty] of this.changed) this.publish(t, key > 0 ? 1 : -1, Math.abs(key), qty);
    this.changed.clear();
  }
}
