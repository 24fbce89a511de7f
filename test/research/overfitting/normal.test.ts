import { describe, expect, it } from "vitest";
import { normalCdf, normalQuantile } from "../../../src/research/overfitting/normal.ts";

describe("the standard normal distribution", () => {
  it("Φ and Φ⁻¹ at known points", () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 12);
    expect(normalCdf(-1)).toBeCloseTo(0.15865525393145707, 12);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 12);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 9);
    // 1 − 1/(2e), the second quantile of E[max SR] for two trials
    expect(normalQuantile(1 - 1 / (2 * Math.E))).toBeCloseTo(0.9004525966377903, 9);
  });

  it("Φ⁻¹ is ±Infinity at 0 and 1 and refuses p outside [0, 1]", () => {
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(() => normalQuantile(1.5)).toThrow(/p must be in \[0, 1\]/);
    expect(() => normalQuantile(NaN)).toThrow(/p must be in \[0, 1\]/);
  });
});
