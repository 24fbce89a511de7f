import { describe, expect, it } from "vitest";
import { EventBatchPool } from "../../src/data/batch.ts";
import { allocSharedBatch } from "../../src/data/sharedBatch.ts";

describe("EventBatchPool", () => {
  it("hands a spare batch out again when it is large enough, keeps at most `limit`, and gives one up by takeSpare", () => {
    const pool = new EventBatchPool(2);
    const [a, b, c] = [pool.take(8), pool.take(8), pool.take(8)];
    for (const batch of [a, b, c]) pool.give(batch); // c beyond the limit: dropped
    expect(pool.takeSpare()).toBe(b);
    pool.give(b);
    expect(pool.take(4)).toBe(b); // last in, first out
    expect(pool.take(16)).not.toBe(a); // too small: a new one (a is dropped)
    expect(pool.takeSpare()).toBeUndefined();
  });

  it("makes its new batches with the allocator it is given", () => {
    const pool = new EventBatchPool(4, allocSharedBatch);
    expect(pool.take(3).exchTsNs.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(new EventBatchPool().take(3).exchTsNs.buffer).toBeInstanceOf(ArrayBuffer);
  });
});
