import { describe, expect, it } from "vitest";
import type { ArrivalSteps } from "../../../src/calibration/market/arrivalSteps.ts";
import { fitHawkes, maximiseMuAlpha } from "../../../src/calibration/market/hawkesFit.ts";
import { hawkesLogLikelihood } from "../../../src/calibration/market/hawkesLikelihood.ts";
import { rootRng } from "../../../src/core/rng.ts";

/** An exact exponential Hawkes process on [0, T] by Ogata's thinning (continuous time). */
function simulateHawkes(mu: number, alpha: number, beta: number, T: number, seed: string): ArrivalSteps {
  const rng = rootRng(seed);
  const times: number[] = [];
  let t = 0;
  let excitation = 0; // Σ e^{−β(t − tᵢ)} at t
  while (t < T) {
    const bound = mu + alpha * excitation;
    const dt = rng.exponential(bound);
    excitation *= Math.exp(-beta * dt);
    t += dt;
    if (t >= T) break;
    if (rng.next() * bound <= mu + alpha * excitation) {
      times.push(t);
      excitation += 1;
    }
  }
  return { timesS: Float64Array.from(times), orders: new Uint8Array(times.length).fill(1), startS: 0, endS: T, count: times.length };
}

describe("Hawkes maximum likelihood", () => {
  it("recovers μ, α, β of an exact Hawkes process (continuous clock, 6 h, ≈ 60,000 events) within 10 %", () => {
    const a = simulateHawkes(1, 3, 5, 6 * 3600, "hawkes");
    const f = fitHawkes(a, "continuous");
    expect(f.orders).toBeGreaterThan(50_000);
    expect(Math.abs(f.mu / 1 - 1)).toBeLessThan(0.1);
    expect(Math.abs(f.alpha / 3 - 1)).toBeLessThan(0.1);
    expect(Math.abs(f.beta / 5 - 1)).toBeLessThan(0.1);
    expect(f.branching).toBeCloseTo(f.alpha / f.beta, 12);
    // it is a maximum: nearby parameters are less likely
    const ll = hawkesLogLikelihood(a, f, "continuous");
    expect(ll).toBeCloseTo(f.logLikelihood, 6);
    for (const d of [{ mu: 1.05 }, { alpha: 1.05 }, { beta: 1.05 }, { mu: 0.95 }, { alpha: 0.95 }, { beta: 0.95 }]) {
      const q = { mu: f.mu * (d.mu ?? 1), alpha: f.alpha * (d.alpha ?? 1), beta: f.beta * (d.beta ?? 1) };
      expect(hawkesLogLikelihood(a, q, "continuous")).toBeLessThan(ll);
    }
  }, 120_000);

  it("a Poisson process gives little excitation and the rate", () => {
    const a = simulateHawkes(2, 0, 1, 3600, "poisson");
    const f = fitHawkes(a, "continuous");
    expect(f.branching).toBeLessThan(0.1);
    // the stationary rate μ/(1 − α/β) is the observed one
    expect(f.mu / (1 - f.branching) / (a.count / 3600)).toBeCloseTo(1, 1);
  });

  it("the inner maximisation: without excitation the rate n/T, with it the stationary point of the gradient", () => {
    expect(maximiseMuAlpha(new Float64Array(10), 5, 0)).toMatchObject({ mu: 2, alpha: 0 });
    // ln L = Σ ln(μ + α·Aᵢ) − μT − αJ; at the maximum ∂/∂μ = Σ 1/λᵢ − T = 0 and ∂/∂α = Σ Aᵢ/λᵢ − J = 0
    const A = Float64Array.from([0, 0.5, 1.2, 0.1, 2, 0.3, 0, 0.8]);
    const { mu, alpha } = maximiseMuAlpha(A, 10, 3);
    let g0 = -10;
    let g1 = -3;
    for (const x of A) {
      g0 += 1 / (mu + alpha * x);
      g1 += x / (mu + alpha * x);
    }
    expect(Math.abs(g0)).toBeLessThan(1e-6);
    expect(Math.abs(g1)).toBeLessThan(1e-6);
  });

  it("too few orders: the Poisson rate", () => {
    const f = fitHawkes({ timesS: Float64Array.from([1]), orders: Uint8Array.from([1]), startS: 0, endS: 10, count: 1 });
    expect(f).toMatchObject({ mu: 0.1, alpha: 0 });
  });
});
