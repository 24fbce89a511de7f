import { describe, expect, it } from "vitest";
import { LogHistogram } from "../../../src/calibration/market/logHistogram.ts";

describe("LogHistogram", () => {
  it("quantiles to the bin's ±0.6 %, weights, and the part below a size", () => {
    const h = new LogHistogram(1e-6, 1e6);
    for (const x of [1, 2, 3, 4]) h.add(x);
    h.add(100, 4); // weight 4
    expect(h.total).toBe(8);
    const near = (x: number, v: number): void => expect(Math.abs(x / v - 1)).toBeLessThan(0.006);
    near(h.quantile(0.25), 2);
    near(h.quantile(0.5), 4);
    near(h.quantile(0.9), 100);
    expect(h.weightBelow(50)).toBe(4);
    near(h.below(50).quantile(1), 4);
    expect(h.weightBelow(Infinity)).toBe(8);
    h.add(0);
    h.add(-1);
    h.add(NaN);
    expect(h.total).toBe(8); // non-positive values are not sizes
    expect(new LogHistogram(1, 10).quantile(0.5)).toBeNaN();
  });
});
