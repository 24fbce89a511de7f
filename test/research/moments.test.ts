import { describe, expect, it } from "vitest";
import { Moments } from "../../src/research/moments.ts";

describe("Moments", () => {
  it("count, mean and standard error per cell, NaN left out", () => {
    const m = new Moments(2);
    for (const x of [2, 4, NaN, 9]) m.add(0, x);
    m.add(1, 5);
    // cell 0: mean 5, deviations −3 −1 4: s² = 26/2 = 13, se = √(13/3)
    expect(m.summary(0).n).toBe(3);
    expect(m.summary(0).mean).toBeCloseTo(5, 12);
    expect(m.summary(0).se).toBeCloseTo(Math.sqrt(13 / 3), 12);
    expect(m.summary(1)).toEqual({ n: 1, mean: 5, se: NaN });
  });

  it("stays exact with a large mean (no cancellation)", () => {
    const m = new Moments(1);
    for (const x of [1e9 + 1, 1e9 - 1, 1e9 + 1, 1e9 - 1]) m.add(0, x);
    expect(m.summary(0).mean).toBe(1e9);
    expect(m.summary(0).se).toBeCloseTo(Math.sqrt(4 / 3 / 4), 9); // s² = 4/3
  });

  it("an empty cell has no mean", () => {
    expect(new Moments(1).summary(0)).toEqual({ n: 0, mean: NaN, se: NaN });
  });
});
