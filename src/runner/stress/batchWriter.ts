import { allocEventBatch, type EventBatchPool } from "../../data/batch.ts";
import type { EventBatch } from "../../data/schema.ts";

/**
 * Collects a transform's output events into engine batches: new ones, or ones the consumer gave
 * back to `pool` (it gives a batch back only once it no longer reads it). Exchange and local
 * times are kept non-decreasing: a time before the previous one is written as the previous one.
 */
export class BatchWriter {
  private batch: EventBatch | undefined;
  private lastExchNs = -Infinity;
  private lastLocalNs = -Infinity;

  /** `capacity`: rows of the first batch at least (it grows as needed); `pool`: where batches come from, if given. */
  constructor(
    private capacity = 4096,
    private readonly pool?: EventBatchPool,
  ) {}

  /** Rows written since the last take(). */
  get length(): number {
    return this.batch?.length ?? 0;
  }

  /** Appends one event. */
  push(exchNs: number, localNs: number, kind: number, side: number, priceTicks: number, qty: number, orderId = 0): void {
    let b = (this.batch ??= this.newBatch(this.capacity));
    if (b.length === this.capacity) b = this.grow(b);
    const i = b.length++;
    if (exchNs < this.lastExchNs) exchNs = this.lastExchNs;
    if (localNs < this.lastLocalNs) localNs = this.lastLocalNs;
    this.lastExchNs = exchNs;
    this.lastLocalNs = localNs;
    b.exchTsNs[i] = exchNs;
    b.localTsNs[i] = localNs;
    b.kind[i] = kind;
    b.side[i] = side;
    b.priceTicks[i] = priceTicks;
    b.qty[i] = qty;
    b.orderId[i] = orderId;
  }

  /** Copies row `i` of `src` with a new price and size. */
  pushFrom(src: EventBatch, i: number, priceTicks: number, qty: number): void {
    this.push(src.exchTsNs[i], src.localTsNs[i], src.kind[i], src.side[i], priceTicks, qty, src.orderId[i]);
  }

  /** The rows written so far as a batch of their own; the next push starts a new one. */
  take(): EventBatch {
    const out = this.batch ?? allocEventBatch(0);
    this.batch = undefined;
    return out;
  }

  /** An empty batch of at least `capacity` rows (from the pool, if any); the writer's capacity becomes its own. */
  private newBatch(capacity: number): EventBatch {
    const b = this.pool?.take(capacity) ?? allocEventBatch(capacity);
    b.length = 0;
    b.plainLocalTimes = false;
    this.capacity = b.exchTsNs.length;
    return b;
  }

  private grow(old: EventBatch): EventBatch {
    const b = this.newBatch(2 * this.capacity);
    b.length = old.length;
    b.exchTsNs.set(old.exchTsNs);
    b.localTsNs.set(old.localTsNs);
    b.kind.set(old.kind);
    b.side.set(old.side);
    b.priceTicks.set(old.priceTicks);
    b.qty.set(old.qty);
    b.orderId.set(old.orderId);
    this.pool?.give(old);
    this.batch = b;
    return b;
  }
}
