import { describe, expect, it } from "vitest";
import { allocEventBatch } from "../../src/data/batch.ts";
import { allocSharedBatch, fromWire, SharedBatchAllocator, sharedBatchIn, sharedBytes, toWire } from "../../src/data/sharedBatch.ts";

describe("engine batches in shared memory", () => {
  it("cross as a wire: the same memory, every column, a batch shorter than its buffer too", () => {
    const batch = allocSharedBatch(10);
    batch.length = 3;
    batch.plainLocalTimes = true;
    for (let i = 0; i < 3; i++) {
      batch.exchTsNs[i] = 1e9 + i;
      batch.localTsNs[i] = 2e9 + i;
      batch.qty[i] = 0.5 * i;
      batch.orderId[i] = 7 + i;
      batch.priceTicks[i] = -5 + i;
      batch.kind[i] = 1 + i;
      batch.side[i] = i - 1;
    }
    const wire = toWire(batch);
    const other = fromWire(structuredClone(wire)); // as a message carries it: the buffer shared, not copied
    expect(other.length).toBe(3);
    expect(other.plainLocalTimes).toBe(true);
    expect(other.exchTsNs.length).toBe(10); // its capacity: the buffer's
    for (const column of ["exchTsNs", "localTsNs", "qty", "orderId", "priceTicks", "kind", "side"] as const) {
      expect([...other[column].subarray(0, 3)]).toEqual([...batch[column].subarray(0, 3)]);
    }
    other.priceTicks[0] = 99; // the same memory
    expect(batch.priceTicks[0]).toBe(99);
    expect(sharedBytes(batch)).toBe(3 * 38);
  });

  it("a buffer given back is laid out again with the capacity it has; a batch not in shared memory has no wire", () => {
    const batch = sharedBatchIn(allocSharedBatch(64).exchTsNs.buffer as SharedArrayBuffer);
    expect(batch.length).toBe(0);
    expect(batch.side.length).toBe(64);
    expect(() => toWire(allocEventBatch(4))).toThrow(/not a batch in shared memory/);
    const made = new SharedBatchAllocator();
    const first = made.take(5);
    made.give(first);
    expect(made.take(5)).not.toBe(first); // the allocator keeps nothing: every batch new, of the size asked
    expect(first.kind.length).toBe(5);
  });
});
