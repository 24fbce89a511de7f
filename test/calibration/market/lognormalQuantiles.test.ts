import { describe, expect, it } from "vitest";
import { lognormalFromQuantiles, normalCdf, normalQuantile } from "../../../src/calibration/market/lognormalQuantiles.ts";

describe("lognormal from quantiles", () => {
  it("Φ⁻¹ and Φ at known points", () => {
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.9)).toBeCloseTo(1.281552, 5);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.326348, 5);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 6);
  });

  it("reads median and log-std off the 10/50/90 % quantiles, by hand", () => {
    // q10 = 0.001, q50 = 0.003, q90 = 0.02: median 0.003, log-std = ln(20)/(2·1.281552) = 1.168802
    const q = (p: number): number => (p === 0.5 ? 0.003 : p === 0.1 ? 0.001 : p === 0.9 ? 0.02 : NaN);
    const f = lognormalFromQuantiles(q);
    expect(f.median).toBe(0.003);
    expect(f.logStd).toBeCloseTo(Math.log(20) / (2 * 1.2815516), 6);
  });

  it("an exact lognormal's quantile function gives back its parameters; with a body share, the body's", () => {
    const exact = (p: number): number => 0.003 * Math.exp(2.6 * normalQuantile(p));
    const f = lognormalFromQuantiles(exact);
    expect(f.median).toBeCloseTo(0.003, 12);
    expect(f.logStd).toBeCloseTo(2.6, 9);
    // 2 % of large orders above the body: the sample's quantile at p is the body's at p/0.98
    const mixture = (p: number): number => (p < 0.98 ? exact(p / 0.98) : 10);
    const g = lognormalFromQuantiles(mixture, 0.98);
    expect(g.median).toBeCloseTo(0.003, 12);
    expect(g.logStd).toBeCloseTo(2.6, 9);
  });
});
