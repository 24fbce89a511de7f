import { int64ToRelative } from "../core/int64.ts";
import { assertTickRange } from "../core/ticks.ts";
import type { EventBatch, EventColumns } from "./schema.ts";

/** Allocates an engine-side batch of `capacity` rows. */
export function allocEventBatch(capacity: number): EventBatch {
  return {
    length: 0,
    exchTsNs: new Float64Array(capacity),
    localTsNs: new Float64Array(capacity),
    kind: new Uint8Array(capacity),
    side: new Int8Array(capacity),
    priceTicks: new Int32Array(capacity),
    qty: new Float64Array(capacity),
    orderId: new Float64Array(capacity),
  };
}

/**
 * Spare engine-side batches for a source to fill again (no allocation per batch in steady state):
 * the consumer gives a batch back once it is done with it, the source takes it for a later batch.
 */
export class EventBatchPool {
  private readonly spare: EventBatch[] = [];

  /** Keeps at most `limit` spare batches (what a consumer gives back beyond that is dropped). */
  constructor(private readonly limit = 4) {}

  /** A batch of at least `capacity` rows: a spare one when it is large enough, else a new one. */
  take(capacity: number): EventBatch {
    const batch = this.spare.pop();
    return batch !== undefined && batch.exchTsNs.length >= capacity ? batch : allocEventBatch(capacity);
  }

  /** Gives back a batch nobody reads any more. */
  give(batch: EventBatch): void {
    if (this.spare.length < this.limit) this.spare.push(batch);
  }
}

/**
 * Converts a file batch into the engine's form: times relative to `originNs`, prices in ticks.
 * Reuses `out` when it is large enough (no allocation per batch in steady state).
 */
export function toEventBatch(c: EventColumns, originNs: bigint, tickSize: number, out?: EventBatch): EventBatch {
  const n = c.length;
  const b = out && out.exchTsNs.length >= n ? out : allocEventBatch(n);
  b.length = n;
  int64ToRelative(c.exchTs, originNs, b.exchTsNs, n);
  int64ToRelative(c.localTs, originNs, b.localTsNs, n);
  b.kind.set(c.kind.subarray(0, n));
  b.side.set(c.side.subarray(0, n));
  b.qty.set(c.qty.subarray(0, n));
  const inv = 1 / tickSize;
  const price = c.price;
  const ticks = b.priceTicks;
  for (let i = 0; i < n; i++) {
    const t = Math.round(price[i] * inv);
    if (t > 0x7fffffff || t < -0x7fffffff) assertTickRange(t, `event ${i}`);
    ticks[i] = t;
  }
  // Order ids as (low, high) words: no BigInt per row. Exact below 2^53.
  const idWords = new Uint32Array(c.orderId.buffer, c.orderId.byteOffset, n * 2);
  const outIds = b.orderId;
  for (let i = 0; i < n; i++) outIds[i] = idWords[2 * i + 1] * 4294967296 + idWords[2 * i];
  return b;
}
