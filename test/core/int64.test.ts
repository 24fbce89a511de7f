import { describe, expect, it } from "vitest";
import { int64ToRelative, relativeToInt64 } from "../../src/core/int64.ts";
import { Rng } from "../../src/core/rng.ts";

const TWO_32 = 4294967296n;

function roundTrip(origin: bigint, rels: number[]): void {
  const rel = Float64Array.from(rels);
  const col = new BigInt64Array(rel.length);
  relativeToInt64(rel, origin, col);
  for (let i = 0; i < rel.length; i++) {
    // reference: plain BigInt arithmetic
    expect(col[i]).toBe(origin + BigInt(rels[i]));
  }
  const back = new Float64Array(rel.length);
  int64ToRelative(col, origin, back);
  expect(Array.from(back)).toEqual(rels);
}

describe("int64 ↔ relative float64 ns", () => {
  it("epoch ns near 1.7e18 whose low word sits just below a 2^32 boundary: carries across it", () => {
    // origin = hi·2^32 + (2^32 − 1000) with hi = ⌊1.7e18 / 2^32⌋ = 395 812 094
    const origin = 395_812_094n * TWO_32 + (TWO_32 - 1000n);
    // rel 999 stays in the same high word; 1000 lands exactly on the boundary; 1001 crosses it
    roundTrip(origin, [0, 999, 1000, 1001, 4294967295, 4294967296, 4294968296, 86_400e9, 104 * 86_400e9, 2 ** 53 - 1]);
  });

  it("negative offsets borrow across a 2^32 boundary", () => {
    const origin = 395_812_094n * TWO_32 + 500n; // low word 500
    roundTrip(origin, [-1, -500, -501, -4294967296, -4294967297, -86_400e9, -(2 ** 53 - 1)]);
  });

  it("origin exactly 1.7e18 and random whole-ns offsets up to ±104 days", () => {
    const origin = 1_700_000_000_000_000_000n;
    const r = new Rng("int64");
    const rels: number[] = [];
    for (let i = 0; i < 5000; i++) rels.push(Math.round((r.next() * 2 - 1) * 104 * 86_400e9));
    roundTrip(origin, rels);
  });

  it("values crossing 0 (pre-1970 epoch times, negative int64)", () => {
    roundTrip(0n, [-1, -4294967296, -4294967297, 1, 4294967296]);
    roundTrip(-5n, [0, 4, 5, 6, -10]);
  });

  it("respects `length` and the byte offset of a subarray", () => {
    const origin = 1_700_000_000_000_000_000n;
    const backing = new BigInt64Array(6).fill(-7n);
    const col = backing.subarray(2, 5); // byteOffset 16
    relativeToInt64(Float64Array.from([1, 2, 3]), origin, col, 2);
    expect(Array.from(backing)).toEqual([-7n, -7n, origin + 1n, origin + 2n, -7n, -7n]);
    const out = new Float64Array(3).fill(99);
    int64ToRelative(col, origin, out, 2);
    expect(Array.from(out)).toEqual([1, 2, 99]);
  });
});
