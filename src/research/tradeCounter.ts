import type { FeedSink } from "./bookFeed.ts";
import { GrowableArray } from "./stats.ts";

/**
 * Trades as market orders: consecutive prints with the same timestamp and aggressor side are one
 * market order (a matching engine prints one trade per resting order or level it takes), its size
 * the sum of theirs. Keeps every order's size and the order counts per bin of each given length
 * (bins [k·B, (k+1)·B) of data time; only the bins complete by the data's end count).
 */
export class TradeCounter implements FeedSink {
  prints = 0;
  orders = 0;
  readonly sizes = new GrowableArray();
  readonly binNs: readonly number[];
  private readonly bins: GrowableArray[];
  private endNs = NaN;
  private lastNs = NaN;
  private lastSide = 0;
  private pendingQty = 0;

  constructor(binNs: readonly number[]) {
    this.binNs = binNs;
    this.bins = binNs.map(() => new GrowableArray());
  }

  onTrade(tNs: number, side: number, _priceTicks: number, qty: number): void {
    this.prints++;
    if (this.orders > 0 && tNs === this.lastNs && side === this.lastSide) {
      this.pendingQty += qty;
      return;
    }
    this.flush();
    this.orders++;
    this.lastNs = tNs;
    this.lastSide = side;
    this.pendingQty = qty;
    for (let b = 0; b < this.binNs.length; b++) this.bins[b].add(Math.floor(tNs / this.binNs[b]), 1);
  }

  finish(endNs: number): void {
    this.flush();
    this.endNs = endNs;
  }

  /** Market-order counts per complete bin of the b-th length (zeros for bins without orders). */
  counts(b: number): Float64Array {
    const complete = Math.floor(this.endNs / this.binNs[b]);
    const out = new Float64Array(Number.isFinite(complete) ? Math.max(0, complete) : 0);
    const have = this.bins[b].view();
    out.set(have.subarray(0, Math.min(have.length, out.length)));
    return out;
  }

  private flush(): void {
    if (this.pendingQty > 0) this.sizes.push(this.pendingQty);
    this.pendingQty = 0;
  }
}
