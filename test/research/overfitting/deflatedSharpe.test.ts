import { describe, expect, it } from "vitest";
import { deflatedSharpe, expectedMaxSharpe, probabilisticSharpe } from "../../../src/research/overfitting/deflatedSharpe.ts";

// Reference values: the formulas evaluated by hand with Python's statistics.NormalDist (an
// independent Φ and Φ⁻¹), γ = 0.5772156649015329.
describe("the deflated Sharpe ratio", () => {
  it("E[max SR] of 2 trials with V = 1 is γ·Φ⁻¹(1 − 1/(2e)) (Φ⁻¹(1/2) = 0)", () => {
    expect(expectedMaxSharpe(2, 1)).toBeCloseTo(0.5772156649015329 * 0.9004525966377903, 9);
    expect(expectedMaxSharpe(2, 1)).toBeCloseTo(0.5197553442805939, 9);
  });

  it("E[max SR] of 100 trials with V = 0.25 is 1.2653014466 and scales with √V", () => {
    expect(expectedMaxSharpe(100, 0.25)).toBeCloseTo(1.2653014466008423, 9);
    expect(expectedMaxSharpe(100, 0.01)).toBeCloseTo(0.2530602893201685, 9);
    expect(expectedMaxSharpe(100, 0)).toBe(0);
  });

  it("one trial selects nothing: E[max SR] = 0", () => {
    expect(expectedMaxSharpe(1, 4)).toBe(0);
  });

  it("PSR of SR 0.1 over 101 normal returns against 0 is Φ(0.1·10/√1.005) = 0.84074", () => {
    expect(probabilisticSharpe(0.1, 0, 101, 0, 3)).toBeCloseTo(0.8407413278013518, 9);
  });

  it("PSR with skew −1 and kurtosis 6 widens the error: SR 0.2 vs 0.05 over 51 returns = 0.82861", () => {
    // 1 − (−1)(0.2) + (6 − 1)/4 · 0.04 = 1.25
    expect(probabilisticSharpe(0.2, 0.05, 51, -1, 6)).toBeCloseTo(0.8286091444260443, 9);
  });

  it("DSR of SR 0.3 over 251 normal returns, best of 100 trials with V = 0.01: 0.76609", () => {
    const d = deflatedSharpe({ sharpe: 0.3, observations: 251, skewness: 0, kurtosis: 3, trials: 100, sharpeVariance: 0.01 });
    expect(d.expectedMaxSharpe).toBeCloseTo(0.2530602893201685, 9);
    expect(d.dsr).toBeCloseTo(0.7660886322365323, 9);
  });

  it("more trials deflate more: the same Sharpe ratio is less significant as N grows", () => {
    const at = (trials: number) => deflatedSharpe({ sharpe: 0.3, observations: 251, skewness: 0, kurtosis: 3, trials, sharpeVariance: 0.01 }).dsr;
    expect(at(10)).toBeGreaterThan(at(100));
    expect(at(100)).toBeGreaterThan(at(1000));
  });

  it("undefined cases: an infinite Sharpe ratio is certain, a non-positive spread is NaN; bad inputs are refused", () => {
    expect(probabilisticSharpe(Infinity, 1, 10, 0, 3)).toBe(1);
    expect(probabilisticSharpe(2, 0, 10, 1, 1)).toBeNaN(); // 1 − 2 + 0 < 0
    expect(() => expectedMaxSharpe(0, 1)).toThrow(/trials must be an integer ≥ 1/);
    expect(() => expectedMaxSharpe(3, -1)).toThrow(/Sharpe variance must be ≥ 0/);
    expect(() => probabilisticSharpe(0.1, 0, 1, 0, 3)).toThrow(/observations must be an integer ≥ 2/);
  });
});
