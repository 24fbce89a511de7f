import { describe, expect, it } from "vitest";
import { sharpeOf, sharpeStats } from "../../../src/research/overfitting/sharpe.ts";

describe("sharpeStats", () => {
  it("1, 2, 3, 4: mean 2.5, sample sd √(5/3), no skew, kurtosis m4/m2² = 2.5625/1.5625", () => {
    const s = sharpeStats([1, 2, 3, 4]);
    expect(s.sharpe).toBeCloseTo(2.5 / Math.sqrt(5 / 3), 14);
    expect(s.skewness).toBeCloseTo(0, 14);
    expect(s.kurtosis).toBeCloseTo(1.64, 14);
    expect(s.observations).toBe(4);
  });

  it("0, 0, 0, 3: Sharpe 0.75/√2.25 = 0.5, skewness 2/√3, kurtosis 7/3", () => {
    const s = sharpeStats([0, 0, 0, 3]);
    expect(s.sharpe).toBeCloseTo(0.5, 14);
    expect(s.skewness).toBeCloseTo(2 / Math.sqrt(3), 14);
    expect(s.kurtosis).toBeCloseTo(7 / 3, 14);
  });

  it("equal returns: Sharpe 0 when they are 0, ±Infinity otherwise; skewness 0, kurtosis 3", () => {
    expect(sharpeStats([0, 0, 0])).toEqual({ sharpe: 0, skewness: 0, kurtosis: 3, observations: 3 });
    expect(sharpeStats([2, 2]).sharpe).toBe(Infinity);
    expect(sharpeOf(-1, 0)).toBe(-Infinity);
  });

  it("needs two returns", () => {
    expect(() => sharpeStats([1])).toThrow(/at least 2 returns/);
  });
});
