import { EventKind } from "../schema.ts";

/** Where published depth rows go (the feed: feedWriter.ts). */
export interface DepthFeed {
  push(exchNs: number, kind: number, side: number, priceTicks: number, qty: number): void;
}

/**
 * How the venue publishes depth: at once (every level change is a row at its own time), or, as
 * Binance's `@depth@100ms` stream does, in batches: the levels that changed during an interval
 * are published once, with their final sizes, at the interval's end — while trades print in real
 * time. With batches, a trade can print through prices the published book still shows.
 * The generator tells it the time of each step (`advanceTo`); changes happen at that time.
 * It holds its feed as an object, not a callback, so that the call can be inlined (no number boxed per row).
 */
export class DepthPublisher {
  /** Changed levels of the open interval, keyed by side and price, in order of first change. */
  private readonly changed = new Map<number, number>();
  private intervalIndex = -1;
  /** The time of the current step (relative ns). */
  private nowNs = 0;

  constructor(
    private readonly intervalNs: number,
    private readonly feed: DepthFeed,
  ) {}

  /** Moves to time `tNs` (non-decreasing): publishes the open interval's changes if `tNs` lies past its end. */
  advanceTo(tNs: number): void {
    this.nowNs = tNs;
    if (this.changed.size === 0 || Math.floor(tNs / this.intervalNs) <= this.intervalIndex) return;
    this.flush();
  }

  /** A level of `side` at `priceTicks` now holds `qty` (0 = gone), at the current time. */
  change(side: number, priceTicks: number, qty: number): void {
    if (this.intervalNs <= 0) {
      this.feed.push(this.nowNs, EventKind.DEPTH, side, priceTicks, qty);
      return;
    }
    if (this.changed.size === 0) this.intervalIndex = Math.floor(this.nowNs / this.intervalNs);
    // Prices are integer ticks: side·price is a unique key per level (bids positive, asks negative).
    this.changed.set(side * priceTicks, qty);
  }

  /** Publishes whatever is pending, at the end of its interval (or at `capNs` if that is earlier). */
  flush(capNs = Infinity): void {
    if (this.changed.size === 0) return;
    const t = Math.min((this.intervalIndex + 1) * this.intervalNs, capNs);
    for (const [key, qty] of this.changed) this.feed.push(t, EventKind.DEPTH, key > 0 ? 1 : -1, Math.abs(key), qty);
    this.changed.clear();
  }
}
