import { allocEventBatch } from "../../data/batch.ts";
import type { EventBatch } from "../../data/schema.ts";

/**
 * Collects a transform's output events into fresh engine batches (the simulator keeps the
 * batches it reads, so none is reused). Exchange and local times are kept non-decreasing: a
 * time before the previous one is written as the previous one.
 */
export class BatchWriter {
  private batch: EventBatch | undefined;
  private lastExchNs = -Infinity;
  private lastLocalNs = -Infinity;

  /** `capacity`: rows of the first batch (it grows as needed). */
  constructor(private capacity = 4096) {}

  /** Rows written since the last take(). */
  get length(): number {
    return this.batch?.length ?? 0;
  }

  /** Appends one event. */
  push(exchNs: number, localNs: number, kind: number, side: number, priceTicks: number, qty: number, orderId = 0): void {
    let b = (this.batch ??= allocEventBatch(this.capacity));
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

  private grow(old: EventBatch): EventBatch {
    this.capacity *= 2;
    const b = allocEventBatch(this.capacity);
    b.length = old.length;
    b.exchTsNs.set(old.exchTsNs);
    b.localTsNs.set(old.localTsNs);
    b.kind.set(old.kind);
    b.side.set(old.side);
    b.priceTicks.set(old.priceTicks);
    b.qty.set(old.qty);
    b.orderId.set(old.orderId);
    this.batch = b;
    return b;
  }
}
