import { describe, expect, it } from "vitest";
import { lowerBound, minMaxRows } from "../../src/report/downsample.ts";

/** A deterministic wiggly series with planted extremes. */
function series(n: number): Float64Array {
  const y = Float64Array.from({ length: n }, (_, i) => Math.sin(i / 37) + 0.3 * Math.sin(i / 3.1));
  y[12_345] = 50; // global max
  y[54_321] = -40; // global min
  y[80_000] = 20; // a local spike
  return y;
}

describe("minMaxRows", () => {
  it("keeps every row when the range fits the budget", () => {
    expect(Array.from(minMaxRows([[1, 2, 3]], 0, 3, 10))).toEqual([0, 1, 2]);
    expect(Array.from(minMaxRows([[1, 2, 3, 4, 5]], 1, 4, 10))).toEqual([1, 2, 3]);
    expect(minMaxRows([[1]], 0, 0, 10).length).toBe(0);
  });

  it("stays within the budget, keeps first/last rows and every bucket's extremes (so the global ones)", () => {
    const n = 86_400;
    const y = series(n);
    const kept = minMaxRows([y], 0, n, 5000);
    expect(kept.length).toBeLessThanOrEqual(5000);
    expect(kept.length).toBeGreaterThan(4000);
    const set = new Set(kept);
    expect(set.has(0) && set.has(n - 1)).toBe(true);
    expect(set.has(12_345) && set.has(54_321) && set.has(80_000)).toBe(true);
    // ascending, unique
    for (let i = 1; i < kept.length; i++) expect(kept[i]).toBeGreaterThan(kept[i - 1]);
    // the drawn min/max equal the true ones
    const drawn = Array.from(kept, (i) => y[i]);
    expect(Math.max(...drawn)).toBe(50);
    expect(Math.min(...drawn)).toBe(-40);
  });

  it("keeps each series' extremes when several series share the budget", () => {
    const n = 20_000;
    const a = Float64Array.from({ length: n }, (_, i) => i % 101);
    const b = Float64Array.from({ length: n }, (_, i) => -(i % 97));
    b[7777] = -1000;
    const kept = new Set(minMaxRows([a, b], 0, n, 1000));
    expect(kept.size).toBeLessThanOrEqual(1000);
    expect(kept.has(7777)).toBe(true);
  });

  it("is deterministic: the same input gives the same rows", () => {
    const y = series(86_400);
    expect(Array.from(minMaxRows([y], 0, y.length, 3000))).toEqual(Array.from(minMaxRows([y.slice()], 0, y.length, 3000)));
  });

  it("ignores NaN, and keeps one row of an all-NaN bucket so lines break there", () => {
    const n = 1000;
    const y = Float64Array.from({ length: n }, (_, i) => (i >= 400 && i < 600 ? NaN : i % 10));
    const kept = Array.from(minMaxRows([y], 0, n, 102)); // 50 buckets of 20 rows
    expect(kept.some((i) => Number.isNaN(y[i]))).toBe(true);
    expect(kept.filter((i) => Number.isNaN(y[i])).length).toBe(10); // one per all-NaN bucket
  });

  it("works on a sub-range [lo, hi)", () => {
    const y = series(86_400);
    const kept = minMaxRows([y], 10_000, 20_000, 500);
    expect(kept[0]).toBe(10_000);
    expect(kept[kept.length - 1]).toBe(19_999);
    expect(Array.from(kept)).toContain(12_345);
  });
});

describe("lowerBound", () => {
  it("finds the first index at or after x", () => {
    const t = [1, 2, 2, 5];
    expect([0, 1, 2, 3, 5, 6].map((x) => lowerBound(t, x))).toEqual([0, 0, 1, 3, 3, 4]);
  });
});
