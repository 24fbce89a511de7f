import { describe, expect, it } from "vitest";
import { clampedZ, OfiSignal } from "../../src/signals/ofiSignal.ts";

describe("OfiSignal", () => {
  it("hand-computed window sums and z-scores (windowSteps 2, zWindow 3, clamp 3)", () => {
    const s = new OfiSignal(2, 3, 3);
    // step 1: window [1] → sum 1; no history → z = 0; history [1]
    expect(s.update(1)).toBe(0);
    expect(s.windowSum()).toBe(1);
    // step 2: window [1, 2] → sum 3; history [1] (one value) → z = 0; history [1, 3]
    expect(s.update(2)).toBe(0);
    expect(s.windowSum()).toBe(3);
    // step 3: window [2, 3] → sum 5; history [1, 3]: mean 2, std 1 → z = (5 − 2)/1 = 3 (= clamp); history [1, 3, 5]
    expect(s.update(3)).toBe(3);
    expect(s.windowSum()).toBe(5);
    // step 4: window [3, −4] → sum −1; history [1, 3, 5]: mean 3, var (4+0+4)/3 = 8/3
    //   z = (−1 − 3)/√(8/3) = −4/1.63299 = −√6 = −2.449490; history [3, 5, −1]
    expect(s.update(-4)).toBeCloseTo(-Math.sqrt(6), 12);
    expect(s.zScore()).toBeCloseTo(-2.449489743, 8);
    expect(s.windowSum()).toBe(-1);
    // step 5: window [−4, 10] → sum 6; history [3, 5, −1]: mean 7/3, var = 35/3 − 49/9 = 56/9
    //   z = (6 − 7/3)/(√56/3) = 11/√56 = 1.469937
    expect(s.update(10)).toBeCloseTo(11 / Math.sqrt(56), 12);
    // step 6: window [10, 10] → sum 20; history [5, −1, 6]: mean 10/3, var = 62/3 − 100/9 = 86/9
    //   z = (20 − 10/3)/(√86/3) = 50/√86 = 5.39 → clamped to 3
    expect(s.update(10)).toBe(3);
    expect(s.windowSum()).toBe(20);
  });

  it("clamps at ±zClamp", () => {
    const s = new OfiSignal(1, 10, 2);
    s.update(1);
    s.update(-1); // history [1, −1]: mean 0, std 1
    expect(s.update(100)).toBe(2); // (100 − 0)/1 → 100 → clamp 2
    const t = new OfiSignal(1, 10, 2);
    t.update(1);
    t.update(-1);
    expect(t.update(-100)).toBe(-2);
    // inside the clamp: unchanged
    const u = new OfiSignal(1, 10, 2);
    u.update(1);
    u.update(-1);
    expect(u.update(1.5)).toBe(1.5);
  });

  it("is 0 while the history has fewer than 2 values, and when the history does not vary", () => {
    const s = new OfiSignal(1, 5, 3);
    expect(s.update(7)).toBe(0);
    expect(s.update(100)).toBe(0); // history [7]: one value
    const flat = new OfiSignal(1, 5, 3);
    flat.update(4);
    flat.update(4);
    flat.update(4);
    expect(flat.update(50)).toBe(0); // history [4, 4, 4]: std 0
    expect(flat.zScore()).toBe(0);
  });

  it("the window sum rolls over windowSteps steps", () => {
    const s = new OfiSignal(3, 10, 3);
    const sums: number[] = [];
    for (const x of [1, 2, 3, 4, 5]) {
      s.update(x);
      sums.push(s.windowSum());
    }
    // [1], [1,2], [1,2,3], [2,3,4], [3,4,5]
    expect(sums).toEqual([1, 3, 6, 9, 12]);
  });

  it("z-scores against the previous window sums only, not including the current one", () => {
    const s = new OfiSignal(1, 2, 10);
    s.update(0);
    s.update(2); // history [0, 2]: mean 1, std 1
    // current sum 5 → (5 − 1)/1 = 4 (if the current sum were included the z would differ)
    expect(s.update(5)).toBe(4);
  });
});

describe("clampedZ", () => {
  it("(x − mean)/std clamped; 0 when std is 0 or NaN", () => {
    expect(clampedZ(3, 1, 2, 5)).toBe(1);
    expect(clampedZ(30, 1, 2, 5)).toBe(5);
    expect(clampedZ(-30, 1, 2, 5)).toBe(-5);
    expect(clampedZ(3, 1, 0, 5)).toBe(0);
    expect(clampedZ(3, 1, NaN, 5)).toBe(0);
  });
});
