import { describe, expect, it } from "vitest";
import { maxDrawdown, riskRatios, SECONDS_PER_YEAR_24_7 } from "../../src/kpi/riskStats.ts";
import { KpiTracker } from "../../src/kpi/tracker.ts";
import { makeFill, TEST_FEES } from "./fillFixture.ts";

const S = 1e9;
// Increments 1, −2, 3, 0: mean 0.5; deviations 0.5, −2.5, 2.5, −0.5 → Σ² = 0.25 + 6.25 + 6.25 + 0.25 = 13;
// sample std = sqrt(13/3); Sharpe = 0.5 / sqrt(13/3) ≈ 0.240192.
// Downside deviation = sqrt((−2)² / 4) = 1 → Sortino = 0.5.
const SHARPE = 0.5 / Math.sqrt(13 / 3);
const ANNUAL_1S = Math.sqrt(365 * 86_400); // 1 s periods in 365 days of 24 h

describe("riskRatios / maxDrawdown", () => {
  it("Sharpe and Sortino of a short increment series, per period and annualised", () => {
    const r = riskRatios([1, -2, 3, 0], SECONDS_PER_YEAR_24_7);
    expect(r.sharpe).toBeCloseTo(SHARPE, 12);
    expect(r.sharpe).toBeCloseTo(0.2401922307, 9);
    expect(r.sortino).toBeCloseTo(0.5, 12);
    expect(r.sharpeAnnualised).toBeCloseTo(SHARPE * ANNUAL_1S, 8);
    expect(r.sortinoAnnualised).toBeCloseTo(0.5 * ANNUAL_1S, 8);
  });

  it("is null when not computable (one sample, zero deviation, no losses for Sortino)", () => {
    expect(riskRatios([1], 1).sharpe).toBeNull();
    expect(riskRatios([2, 2, 2], 1).sharpe).toBeNull(); // std 0
    const noLoss = riskRatios([1, 3], 1);
    expect(noLoss.sharpe).toBeCloseTo(2 / Math.sqrt(2), 12); // mean 2, std sqrt((1 + 1)/1)
    expect(noLoss.sortino).toBeNull();
  });

  it("max drawdown: largest fall from a running peak, the flat start (0) counting as a peak", () => {
    expect(maxDrawdown([1, -1, 2, 2])).toBe(2); // 1 → −1
    expect(maxDrawdown([-1, -3])).toBe(3); // 0 → −3
    expect(maxDrawdown([1, 2, 3])).toBe(0);
    expect(maxDrawdown([5, 1, 9, 4, 8])).toBe(5); // 9 → 4 (larger than 5 → 1)
  });
});

describe("KpiTracker Sharpe/Sortino/drawdown", () => {
  it("samples equity every interval; drawdown sees every step", () => {
    // tick 1 quote; long 1 from 100 at t = 0 with no fee, so equity = mid − 100.
    const t = new KpiTracker({ tickSize: 1, qMax: 10, fees: TEST_FEES, sampleIntervalNs: S });
    t.onStep(0, 100);
    t.onFill(makeFill({ tNs: 0, side: 1, qty: 1, priceTicks: 100, midAtFillTicks: 100 }));
    t.onStep(0.5 * S, 100.5); // between grid points: not sampled
    t.onStep(1 * S, 101); // equity 1 → increment 1
    t.onStep(2 * S, 99); // equity −1 → increment −2
    t.onStep(2.5 * S, 97); // equity −3: not sampled, but drawdown 1 → −3 = 4
    t.onStep(3 * S, 102); // equity 2 → increment 3
    t.onStep(4 * S, 102); // equity 2 → increment 0
    const r = t.finish(4 * S, 102); // same point again: no new sample
    expect(r.equitySamples).toBe(4);
    expect(r.sharpe).toBeCloseTo(SHARPE, 12);
    expect(r.sortino).toBeCloseTo(0.5, 12);
    expect(r.sharpeAnnualised).toBeCloseTo(SHARPE * ANNUAL_1S, 8);
    expect(r.sortinoAnnualised).toBeCloseTo(0.5 * ANNUAL_1S, 8);
    expect(r.maxDrawdown).toBe(4);
    expect(r.pnl).toBe(2);
  });

  it("a gap in the steps gives the skipped grid points the next step's equity (zero increments)", () => {
    const t = new KpiTracker({ tickSize: 1, qMax: 10, fees: TEST_FEES, sampleIntervalNs: S });
    t.onStep(0, 100);
    t.onFill(makeFill({ tNs: 0, side: 1, qty: 1, priceTicks: 100 }));
    t.onStep(1 * S, 102); // grid 1 s: equity 2 → +2
    t.onStep(3.5 * S, 101); // grid 2 s and 3 s both get equity 1 → −1, 0
    const r = t.finish(3.5 * S, 101);
    // increments 2, −1, 0: mean 1/3; Σ dev² = (5/3)² + (4/3)² + (1/3)² = 42/9; std = sqrt(42/18) = sqrt(7/3)
    expect(r.equitySamples).toBe(3);
    expect(r.sharpe).toBeCloseTo(1 / 3 / Math.sqrt(7 / 3), 12);
    // downside: sqrt(1/3) → Sortino = (1/3)/sqrt(1/3) = sqrt(1/3)
    expect(r.sortino).toBeCloseTo(Math.sqrt(1 / 3), 12);
  });
});
