import { describe, expect, it } from "vitest";
import { calibrate } from "../../src/estimators/calibrate.ts";
import { testMarket } from "../../src/calibration/testMarket.ts";
import { ConfigError } from "../../src/core/errors.ts";
import { rootRng } from "../../src/core/rng.ts";

/**
 * Acceptance: on a market generated with KNOWN A, k and σ (src/calibration/testMarket.ts: a
 * Brownian mid, market orders of each side arriving at rate A with an exponential reach of rate
 * k, emitted as trades and depth updates), the calibration recovers each within 10 %.
 */
describe("calibration recovers known A, k, σ (within 10 %)", () => {
  const rel = (x: number, truth: number) => Math.abs(x - truth) / truth;

  it("A = 1.5 /s, k = 2 /quote, σ = 0.5 quote/√s: 2 h, seed 1 (≈ 21,600 market orders, 72,000 σ samples)", async () => {
    const market = testMarket({ A: 1.5, k: 2, sigma: 0.5, durationS: 7200 }, rootRng(1));
    // δ = 0 … 1.5 quote (= 3/k) every 5 ticks
    const r = await calibrate(market.batches, { tickSize: 0.01, grid: { offsetTicks: 0, stepTicks: 5, levels: 31 } });
    expect(r.marketOrders).toBeGreaterThan(20_000);
    expect(r.sigmaSamples).toBe(71_999);
    expect(rel(r.intensity.A, 1.5)).toBeLessThan(0.1);
    expect(rel(r.intensity.k, 2)).toBeLessThan(0.1);
    expect(rel(r.sigma, 0.5)).toBeLessThan(0.1);
    expect(r.intensity.r2).toBeGreaterThan(0.99);
    expect(r.intensity.points).toBe(31);
  });

  it("A = 0.4 /s, k = 8 /quote, σ = 2 quote/√s: 4 h, seed 2 (≈ 11,500 market orders, 144,000 σ samples)", async () => {
    const market = testMarket({ A: 0.4, k: 8, sigma: 2, durationS: 4 * 3600 }, rootRng(2));
    // δ = 0 … 0.37 quote (≈ 3/k) every tick
    const r = await calibrate(market.batches, { tickSize: 0.01, grid: { offsetTicks: 0, stepTicks: 1, levels: 38 } });
    expect(r.marketOrders).toBeGreaterThan(11_000);
    expect(rel(r.intensity.A, 0.4)).toBeLessThan(0.1);
    expect(rel(r.intensity.k, 8)).toBeLessThan(0.1);
    expect(rel(r.sigma, 2)).toBeLessThan(0.1);
  });

  it("the local clock gives the same figures (the test market has no feed latency)", async () => {
    const p = { A: 1, k: 4, sigma: 1, durationS: 600 };
    const grid = { offsetTicks: 0, stepTicks: 2, levels: 20 };
    const a = await calibrate(testMarket(p, rootRng(3)).batches, { tickSize: 0.01, grid });
    const b = await calibrate(testMarket(p, rootRng(3)).batches, { tickSize: 0.01, grid, clock: "local" });
    expect(b).toEqual(a);
  });

  it("the test market validates its parameters", () => {
    expect(() => testMarket({ A: 0, k: 1, sigma: 1, durationS: 1 }, rootRng(1))).toThrow(ConfigError);
    expect(() => testMarket({ A: 1, k: -1, sigma: 1, durationS: 1 }, rootRng(1))).toThrow(/testMarket\.k = -1/);
    expect(() => testMarket({ A: 1, k: 1, sigma: -1, durationS: 1 }, rootRng(1))).toThrow(/testMarket\.sigma/);
  });
});
