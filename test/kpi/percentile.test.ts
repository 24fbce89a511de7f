import { describe, expect, it } from "vitest";
import { percentile } from "../../src/kpi/percentile.ts";

describe("percentile (nearest rank)", () => {
  // Sorted: 1 2 3 4 5 6 7 8 9 10 (n = 10); rank = ⌈p·n/100⌉.
  const values = Float64Array.from([5, 1, 4, 2, 3, 10, 9, 8, 7, 6]);

  it("returns the sample at rank ⌈p·n/100⌉", () => {
    expect(percentile(values, 99)).toBe(10); // ⌈9.9⌉ = 10 → 10
    expect(percentile(values, 90)).toBe(9); // ⌈9⌉ = 9 → 9
    expect(percentile(values, 91)).toBe(10); // ⌈9.1⌉ = 10 → 10
    expect(percentile(values, 50)).toBe(5); // ⌈5⌉ = 5 → 5
    expect(percentile(values, 0)).toBe(1); // rank clamped to 1 → minimum
    expect(percentile(values, 100)).toBe(10);
  });

  it("P99 of 1..200 is 198 (rank ⌈198⌉), an observed value", () => {
    const v = Float64Array.from({ length: 200 }, (_, i) => 200 - i);
    expect(percentile(v, 99)).toBe(198);
  });

  it("does not modify the input and sorts numerically", () => {
    const v = Float64Array.from([100, 20, 3]);
    expect(percentile(v, 50)).toBe(20); // ⌈1.5⌉ = 2 → sorted [3, 20, 100][1]
    expect(Array.from(v)).toEqual([100, 20, 3]);
  });

  it("is NaN for no samples and rejects p outside [0, 100]", () => {
    expect(percentile(new Float64Array(0), 99)).toBeNaN();
    expect(() => percentile(values, 101)).toThrow(RangeError);
  });
});
