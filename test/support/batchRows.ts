import type { EventBatch } from "../../src/data/schema.ts";

/** A batch's rows as plain arrays (only its first `length` rows: pooled batches may be longer). */
export function rowsOf(b: EventBatch) {
  const n = b.length;
  return {
    length: n,
    plainLocalTimes: b.plainLocalTimes,
    exch: [...b.exchTsNs.subarray(0, n)],
    local: [...b.localTsNs.subarray(0, n)],
    kind: [...b.kind.subarray(0, n)],
    side: [...b.side.subarray(0, n)],
    ticks: [...b.priceTicks.subarray(0, n)],
    qty: [...b.qty.subarray(0, n)],
    orderId: [...b.orderId.subarray(0, n)],
  };
}
