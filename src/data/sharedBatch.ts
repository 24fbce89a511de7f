import { EventBatchPool } from "./batch.ts";
import type { EventBatch } from "./schema.ts";

/*
 * Engine batches in SharedArrayBuffers, to cross between threads without a copy: a grid's shared
 * market (runner/grid/sharedData.ts), a stress suite's kept market (runner/stress/sharedData.ts),
 * a synthetic market generated ahead in a worker (sources/syntheticAhead.ts). One buffer holds one
 * batch's columns, 8-byte columns first so that each view is aligned; its capacity in rows is its
 * size over ROW_BYTES.
 */

/** One engine batch in a SharedArrayBuffer, as it crosses between threads (the buffer is shared, not copied). */
export interface SharedBatchWire {
  buffer: SharedArrayBuffer;
  length: number;
  plainLocalTimes: boolean;
}

/** Bytes per row of a shared batch: four 8-byte columns, one 4-byte column, two 1-byte columns. */
const ROW_BYTES = 38;

/** An empty engine batch laid out in `buffer` (its capacity: the buffer's size over ROW_BYTES). */
export function sharedBatchIn(buffer: SharedArrayBuffer): EventBatch {
  const rows = Math.floor(buffer.byteLength / ROW_BYTES);
  return {
    length: 0,
    exchTsNs: new Float64Array(buffer, 0, rows),
    localTsNs: new Float64Array(buffer, 8 * rows, rows),
    qty: new Float64Array(buffer, 16 * rows, rows),
    orderId: new Float64Array(buffer, 24 * rows, rows),
    priceTicks: new Int32Array(buffer, 32 * rows, rows),
    kind: new Uint8Array(buffer, 36 * rows, rows),
    side: new Int8Array(buffer, 37 * rows, rows),
    plainLocalTimes: false,
  };
}

/** A new, empty engine batch of `capacity` rows in shared memory. */
export function allocSharedBatch(capacity: number): EventBatch {
  return sharedBatchIn(new SharedArrayBuffer(ROW_BYTES * capacity));
}

/** The batch a wire message describes (views on the same memory). */
export function fromWire(wire: SharedBatchWire): EventBatch {
  const batch = sharedBatchIn(wire.buffer);
  batch.length = wire.length;
  batch.plainLocalTimes = wire.plainLocalTimes;
  return batch;
}

/** A batch in shared memory (allocSharedBatch's), as a message carries it. */
export function toWire(batch: EventBatch): SharedBatchWire {
  const buffer = batch.exchTsNs.buffer;
  if (!(buffer instanceof SharedArrayBuffer) || batch.exchTsNs.byteOffset !== 0) throw new Error("toWire: not a batch in shared memory (allocSharedBatch)");
  return { buffer, length: batch.length, plainLocalTimes: batch.plainLocalTimes };
}

/** Batches a data source fills in shared memory: each new and of exactly the size asked (the source's batches are kept, never reused). */
export class SharedBatchAllocator extends EventBatchPool {
  constructor() {
    super(0, allocSharedBatch);
  }
}

/** Bytes of a shared batch's rows. */
export function sharedBytes(batch: EventBatch): number {
  return ROW_BYTES * batch.length;
}
