import { describe, expect, it } from "vitest";
import { gridReturns, squares, volatilityPerSqrtS } from "../../src/research/returns.ts";
import { autocorrelation, coefficientOfVariation, fanoFactor, GrowableArray, histogramQuantile, mean, sortedQuantile, variance } from "../../src/research/stats.ts";

describe("basic statistics, hand-computed", () => {
  it("mean, population variance, CV and Fano factor of counts 1 3 2 6", () => {
    // mean 3, deviations −2 0 −1 3, variance (4 + 0 + 1 + 9)/4 = 3.5
    const c = [1, 3, 2, 6];
    expect(mean(c)).toBe(3);
    expect(variance(c)).toBe(3.5);
    expect(fanoFactor(c)).toBeCloseTo(3.5 / 3, 12);
    expect(coefficientOfVariation(c)).toBeCloseTo(Math.sqrt(3.5) / 3, 12);
    expect(fanoFactor([4, 4, 4])).toBe(0); // perfectly regular arrivals
  });

  it("autocorrelation of 1 2 3 4 at lags 1 and 2", () => {
    // deviations −1.5 −.5 .5 1.5, Σd² = 5; lag 1: .75 − .25 + .75 = 1.25 → 0.25; lag 2: −.75 − .75 → −0.3
    expect(autocorrelation([1, 2, 3, 4], 1)).toBeCloseTo(0.25, 12);
    expect(autocorrelation([1, 2, 3, 4], 2)).toBeCloseTo(-0.3, 12);
    expect(autocorrelation([1, -1, 1, -1], 1)).toBeCloseTo(-0.75, 12); // Σ products −3 over Σd² 4
    expect(autocorrelation([1, 2], 2)).toBeNaN();
  });

  it("nearest-rank quantiles of sorted values and of a histogram", () => {
    const x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(sortedQuantile(x, 0.5)).toBe(5);
    expect(sortedQuantile(x, 0.9)).toBe(9);
    expect(sortedQuantile(x, 0.99)).toBe(10);
    expect(sortedQuantile(x, 0)).toBe(1);
    expect(sortedQuantile([], 0.5)).toBeNaN();
    // 1 ×6, 2 ×3, 5 ×1: ranks 5, 9 and 10 of 10
    const h = new Map([[2, 3], [1, 6], [5, 1]]);
    expect(histogramQuantile(h, 0.5)).toBe(1);
    expect(histogramQuantile(h, 0.9)).toBe(2);
    expect(histogramQuantile(h, 0.99)).toBe(5);
    expect(histogramQuantile(new Map(), 0.5)).toBeNaN();
  });

  it("GrowableArray grows past its first capacity and adds into bins", () => {
    const g = new GrowableArray();
    for (let i = 0; i < 3000; i++) g.push(i);
    expect(g.length).toBe(3000);
    expect(g.view()[2999]).toBe(2999);
    const bins = new GrowableArray();
    bins.add(3, 1);
    bins.add(3, 1);
    bins.add(0, 5);
    expect([...bins.view()]).toEqual([5, 0, 0, 2]);
  });
});

describe("returns and the signature-plot volatility", () => {
  it("non-overlapping grid returns, skipping those that touch a missing mid", () => {
    expect([...gridReturns([0, 1, 1, 3, 2], 1)]).toEqual([1, 0, 2, -1]);
    expect([...gridReturns([0, 1, 1, 3, 2], 2)]).toEqual([1, 1]);
    expect([...gridReturns([0, NaN, 2, 3], 1)]).toEqual([1]);
    expect([...squares([1, -2, 3])]).toEqual([1, 4, 9]);
  });

  it("σ_h = √(Σr² / (count·h))", () => {
    // returns 1 0 2 −1 over 0.1 s: Σr² = 6, √(6 / (4·0.1)) = √15
    expect(volatilityPerSqrtS([1, 0, 2, -1], 0.1)).toBeCloseTo(Math.sqrt(15), 12);
    // a random walk of ±1 per 0.1 s has σ = √10 per √s at any horizon: two steps of +1 +1 / +1 −1 …
    expect(volatilityPerSqrtS([2, 0], 0.2)).toBeCloseTo(Math.sqrt(10), 12);
  });
});
