import { describe, expect, it } from "vitest";
import { gridBin, validateDepthGrid } from "../../src/estimators/depthGrid.ts";
import { IntensityEstimator } from "../../src/estimators/intensityEstimator.ts";
import { fitExponentialDecay } from "../../src/estimators/logLinearFit.ts";
import { ReachHistogram } from "../../src/estimators/reachHistogram.ts";
import { MidChangeStats, VolatilityEstimator } from "../../src/estimators/volatilityEstimator.ts";
import { ConfigError } from "../../src/core/errors.ts";

describe("depth grid", () => {
  const g = { offsetTicks: 0.5, stepTicks: 1, levels: 3 }; // δ = 0.5, 1.5, 2.5 ticks
  it("bins a reach at the farthest distance it attains, capped at the last", () => {
    expect(gridBin(g, 0.4)).toBe(-1);
    expect(gridBin(g, 0.5)).toBe(0);
    expect(gridBin(g, 1.49)).toBe(0);
    expect(gridBin(g, 1.5)).toBe(1);
    expect(gridBin(g, 2.5)).toBe(2);
    expect(gridBin(g, 1000)).toBe(2);
  });
  it("validates offset, step and levels", () => {
    expect(() => validateDepthGrid({ ...g, offsetTicks: -1 })).toThrow(/calibration\.offset_ticks = -1/);
    expect(() => validateDepthGrid({ ...g, stepTicks: 0 })).toThrow(/calibration\.step_ticks = 0/);
    expect(() => validateDepthGrid({ ...g, levels: 1 })).toThrow(/calibration\.levels = 1/);
    expect(() => validateDepthGrid({ ...g, levels: 2.5 })).toThrow(ConfigError);
  });
});

describe("fitExponentialDecay", () => {
  it("recovers A and k exactly from exact points (R² = 1)", () => {
    const x = [0, 0.1, 0.2, 0.3, 0.5];
    const fit = fitExponentialDecay(x, x.map((d) => 2.5 * Math.exp(-7 * d)));
    expect(fit.A).toBeCloseTo(2.5, 12);
    expect(fit.k).toBeCloseTo(7, 12);
    expect(fit.r2).toBeCloseTo(1, 12);
    expect(fit.points).toBe(5);
  });
  it("skips y ≤ 0 and gives NaN with fewer than two points", () => {
    expect(fitExponentialDecay([0, 1, 2], [1, 0, Math.exp(-2)]).k).toBeCloseTo(1, 12);
    expect(fitExponentialDecay([0, 1], [1, 0]).A).toBeNaN();
  });
  it("hand-computed least squares: ln y = [0, −1, −1.5] at x = [0, 1, 2] → slope −0.75, intercept −1/12, R² = 27/28", () => {
    // x̄ = 1, ȳ = −5/6; Sxy = (−1)(5/6) + 0 + (1)(−2/3) = −1.5; Sxx = 2 → slope −0.75
    // intercept = −5/6 + 0.75 = −1/12; Syy = 25/36 + 1/36 + 4/9 = 7/6; R² = 1.5²/(2·7/6) = 27/28
    const fit = fitExponentialDecay([0, 1, 2], [1, Math.exp(-1), Math.exp(-1.5)]);
    expect(fit.k).toBeCloseTo(0.75, 12);
    expect(fit.A).toBeCloseTo(Math.exp(-1 / 12), 12);
    expect(fit.r2).toBeCloseTo(27 / 28, 12);
  });
});

describe("IntensityEstimator", () => {
  it("λ(δ) per side from cumulated reach counts over the time with a two-sided book", () => {
    const e = new IntensityEstimator({ offsetTicks: 0, stepTicks: 1, levels: 3 }, 0.5, 1);
    e.onAdvance(0, 10e9, 100.5); // 10 s two-sided
    e.onAdvance(10e9, 30e9, NaN); // not counted
    e.onMarketOrder(1, 1, 0.5); // bin 0
    e.onMarketOrder(2, 1, 2.5); // bin 2
    e.onMarketOrder(3, -1, 1); // bin 1
    e.onMarketOrder(4, -1, -0.5); // short of δ_0
    e.onMarketOrder(5, 1, 7); // capped at bin 2
    const r = e.result();
    expect(r.seconds).toBe(10);
    // reached ≥ δ: buys [3, 2, 2], sells [1, 1, 0]; λ = (b + s)/(2·10 s) = [0.2, 0.15, 0.1]
    expect(r.table.map((row) => [row.deltaTicks, row.deltaQuote, row.buys, row.sells])).toEqual([
      [0, 0, 3, 1],
      [1, 0.5, 2, 1],
      [2, 1, 2, 0],
    ]);
    expect(r.table.map((row) => row.lambda)).toEqual([0.2, 0.15, 0.1]);
    expect([r.buys, r.sells, r.belowGrid]).toEqual([3, 2, 1]);
    const fit = fitExponentialDecay([0, 0.5, 1], [0.2, 0.15, 0.1]);
    expect([r.A, r.k, r.r2, r.points]).toEqual([fit.A, fit.k, fit.r2, 3]);
    // per side: asks reached by buys λ = [0.3, 0.2, 0.2] /s, bids by sells [0.1, 0.1, 0] (the 0 row is out)
    expect(r.table.map((row) => [row.lambdaAsk, row.lambdaBid])).toEqual([[0.3, 0.1], [0.2, 0.1], [0.2, 0]]);
    expect(r.table.map((row) => [row.fittedAsk, row.fittedBid])).toEqual([[true, true], [true, true], [true, false]]);
    const ask = fitExponentialDecay([0, 0.5, 1], [0.3, 0.2, 0.2]);
    expect(r.ask).toEqual(ask);
    // two equal rates: k = 0, A = 0.1, R² = 1 by convention (no variance to explain)
    expect(r.bid.A).toBeCloseTo(0.1, 12);
    expect([r.bid.k, r.bid.r2, r.bid.points]).toEqual([-0, 1, 2]);
  });

  it("rows with fewer than minCount orders stay out of the fit", () => {
    const e = new IntensityEstimator({ offsetTicks: 0, stepTicks: 1, levels: 3 }, 1, 2);
    e.onAdvance(0, 1e9, 1);
    for (const reach of [0, 0, 1, 1, 2]) e.onMarketOrder(0, 1, reach);
    const r = e.result(); // counts 5, 3, 1 → the last row is out
    expect(r.table.map((row) => row.fitted)).toEqual([true, true, false]);
    expect(r.points).toBe(2);
    expect(r.k).toBeCloseTo(Math.log(5 / 3), 12);
  });

  it("ReachHistogram merges and clears", () => {
    const g = { offsetTicks: 0, stepTicks: 1, levels: 2 };
    const a = new ReachHistogram(g);
    const b = new ReachHistogram(g);
    a.add(1, 0);
    b.add(1, 1);
    b.add(-1, -1);
    a.merge(b);
    expect(Array.from(a.cumulative(1))).toEqual([2, 1]);
    expect(a.belowSells).toBe(1);
    a.clear();
    expect(Array.from(a.cumulative(1))).toEqual([0, 0]);
  });
});

describe("VolatilityEstimator", () => {
  it("samples the settled mid on a grid: σ = sqrt(Σ(Δmid)²/(n·Δt))·tick", () => {
    const v = new VolatilityEstimator(1e9, 0.01); // every second
    v.onAdvance(0, 1.5e9, 100); // samples at 0 s, 1 s: 100, 100
    v.onAdvance(1.5e9, 3.2e9, 102); // 2 s, 3 s: 102, 102
    v.onAdvance(3.2e9, 5e9, 101); // 4 s: 101
    // changes 0, +2, 0, −1 → n = 4, Σd² = 5 ticks²; σ = sqrt(5/(4·1 s))·0.01 = 0.0111803…
    expect(v.stats.n).toBe(4);
    expect(v.stats.sumSq).toBe(5);
    expect(v.sigma()).toBeCloseTo(Math.sqrt(1.25) * 0.01, 15);
  });

  it("skips the changes across a one-sided book and starts at the first two-sided mid", () => {
    const v = new VolatilityEstimator(1e9, 1);
    v.onAdvance(0, 2e9, NaN); // before the book: nothing
    v.onAdvance(2e9, 3e9, 10); // first sample at 2 s
    v.onAdvance(3e9, 4e9, NaN); // 3 s: no mid
    v.onAdvance(4e9, 5e9, 14); // 4 s: restarts, no change across the gap
    v.onAdvance(5e9, 6e9, 15); // 5 s: +1
    expect([v.stats.n, v.stats.sumSq]).toEqual([1, 1]);
  });

  it("MidChangeStats without changes gives NaN; the interval must be > 0", () => {
    expect(new MidChangeStats().sigma(1e9, 1)).toBeNaN();
    expect(() => new VolatilityEstimator(0, 1)).toThrow(/calibration\.sigma_interval_ms = 0/);
  });
});
