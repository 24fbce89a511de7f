import { describe, expect, it } from "vitest";
import { calibratedConfig } from "../../src/calibration/calibrationConfig.ts";
import { calibrationJson } from "../../src/calibration/calibrationJson.ts";
import { openCalibrationSource } from "../../src/calibration/calibrationSource.ts";
import { intensityCurveSpec } from "../../src/calibration/charts/intensityCurve.ts";
import { volatilityHorizonsSpec } from "../../src/calibration/charts/volatilityHorizons.ts";
import { EwmaSigmaSampler } from "../../src/calibration/ewmaSigmaSampler.ts";
import { calibrationWarnings, fitProblems } from "../../src/calibration/fitChecks.ts";
import { calibrateMarket, type MarketCalibration } from "../../src/calibration/marketCalibration.ts";
import { testMarketData } from "../../src/calibration/testMarketData.ts";
import { parseConfig } from "../../src/config/load.ts";
import { rootRng } from "../../src/core/rng.ts";

const rel = (x: number, truth: number) => Math.abs(x - truth) / truth;
const grid = { offsetTicks: 0, stepTicks: 5, levels: 31 };

describe("calibrateMarket (what mmlab calibrate measures)", () => {
  it("recovers A, k (both sides and per side) and σ (loop cadence, every horizon, EWMA) of the test market within 10 %", async () => {
    const data = testMarketData({ A: 1.5, k: 2, sigma: 0.5, durationS: 3600 }, rootRng(4));
    const c = await calibrateMarket(data, { grid, windows: { windowSeconds: 600, refitSeconds: 600 }, durationNs: 3600e9 });
    for (const f of [c.fit.intensity, c.fit.intensity.ask, c.fit.intensity.bid]) {
      expect(rel(f.A, 1.5)).toBeLessThan(0.1);
      expect(rel(f.k, 2)).toBeLessThan(0.1);
    }
    expect(rel(c.fit.sigma, 0.5)).toBeLessThan(0.1);
    expect(c.horizons.map((h) => h.horizonS)).toEqual([0.1, 1, 10, 60]);
    for (const h of c.horizons) expect(rel(h.sigmaQuotePerSqrtS, 0.5)).toBeLessThan(0.1);
    expect(c.horizons[3].changes).toBe(59); // 60 one-minute samples in the hour
    expect(rel(c.ewma.p50, 0.5)).toBeLessThan(0.1);
    expect(c.windows.map((w) => w.tNs / 1e9)).toEqual([600, 1200, 1800, 2400, 3000, 3600]);
    expect(calibrationWarnings(c)).toEqual([]);
  });

  it("reads only the first durationNs and counts the time up to it", async () => {
    const data = testMarketData({ A: 1, k: 4, sigma: 1, durationS: 1200 }, rootRng(5));
    const c = await calibrateMarket(data, { grid, durationNs: 300e9, windows: null });
    expect(c.durationS).toBe(300);
    expect(c.fit.intensity.seconds).toBeCloseTo(300, 6);
    expect(c.windows).toEqual([]);
  });

  it("opens a synthetic scenario, a test market or refuses both/neither", async () => {
    const s = await openCalibrationSource({ scenario: "test-market", seed: "3", durationNs: 60e9, market: { A: 2, k: 3, sigma: 0.1 } });
    expect(s.label).toBe("test market (A 2 /s, k 3 /quote, σ 0.1 quote/√s), 0.016666666666666666 h, seed 3");
    expect(JSON.parse(JSON.stringify(s.data.description))).toEqual({ kind: "test-market", params: { A: 2, k: 3, sigma: 0.1, durationS: 60 }, seed: "mmlab:3" });
    expect(await s.data.hash()).toMatch(/^[0-9a-f]{64}$/);
    await expect(openCalibrationSource({ seed: "1" })).rejects.toThrow(/either a data file or --scenario/);
    await expect(openCalibrationSource({ scenario: "x", seed: "1" })).rejects.toThrow(/scenario "x": unknown/);
  });
});

describe("EwmaSigmaSampler (the engine's EWMA σ on the loop grid)", () => {
  it("hand-computed: v ← (1 − α)v + α·Δmid²/Δt on the 1 s grid, α = 2/(N + 1), one-sided samples skipped", () => {
    // N = 2 → α = 2/3; tick 0.5; grid every 1 s
    const e = new EwmaSigmaSampler(2, 3, 1000, 0.5, 1000);
    e.onAdvance(0, 1.5e9, 10); //   0 s: mid 10 (first sample), 1 s: 10 → Δ 0 over 1 s: v = 0
    e.onAdvance(1.5e9, 2.5e9, 14); // 2 s: 14 → Δ = 2 quote over 1 s: x = 4, v = 0 + 2/3·4 = 8/3
    e.onAdvance(2.5e9, 3.5e9, NaN); // 3 s: one-sided, skipped
    e.onAdvance(3.5e9, 4.5e9, 12); // 4 s: 12 → Δ = −1 quote over 2 s: x = 0.5, v = 8/3 + 2/3·(0.5 − 8/3) = 11/9
    const s = e.summary();
    expect(e.short.count()).toBe(3);
    expect(s.last).toBeCloseTo(Math.sqrt(11 / 9), 12);
    // warm from the 2nd observation (2 s): σ recorded at 2 s and 4 s
    expect(s.samples).toBe(2);
    expect(s.p10).toBeCloseTo(Math.sqrt(11 / 9), 12);
    expect(s.p90).toBeCloseTo(Math.sqrt(8 / 3), 12);
    // base window N = 3 → α = 1/2: v = 0, then 2, then 2 + (0.5 − 2)/2 = 1.25
    expect(s.baseLast).toBeCloseTo(Math.sqrt(1.25), 12);
  });

  it("is NaN before the short EWMA has its window of observations", () => {
    const e = new EwmaSigmaSampler(100, 6000, 100, 0.01);
    e.onAdvance(0, 1e9, 5);
    expect(e.summary().last).toBeNaN();
    expect(e.summary().samples).toBe(0);
  });
});

/** A calibration result with chosen fits, for the checks and the config. */
function fake(A: number, k: number, r2: number, points: number, sigma: number): MarketCalibration {
  const f = { A, k, r2, points };
  return {
    fit: { intensity: { ...f, ask: f, bid: f, table: [] }, sigma, sigmaSamples: 10 },
    ofi: { overall: { n: 10 }, bucketS: 10 },
  } as unknown as MarketCalibration;
}

describe("fit checks and the config", () => {
  const t = { minR2: 0.9, minPoints: 5 };
  it("flags too few points, a non-positive k, a low R²", () => {
    expect(fitProblems("f", { A: 1, k: 2, r2: 0.95, points: 5 }, t)).toEqual([]);
    expect(fitProblems("f", { A: 1, k: 2, r2: 0.95, points: 4 }, t)[0]).toMatch(/^f: only 4 depth point\(s\) with enough orders \(need ≥ 5\)/);
    expect(fitProblems("f", { A: 1, k: -0.5, r2: 0.95, points: 9 }, t)).toEqual(["f: k = -0.5 /quote is not positive: λ(δ) does not fall with δ over the grid"]);
    expect(fitProblems("f", { A: 1, k: 2, r2: 0.5, points: 9 }, t)).toEqual(["f: R² = 0.5 < 0.9: the exponential A·e^(−kδ) fits λ(δ) badly over this grid"]);
    expect(calibrationWarnings(fake(1, 2, 0.5, 9, 1), t)).toHaveLength(3); // both sides, ask, bid
  });

  it("writes k, A and volatility.base_sigma in the config's units; leaves out what the schema would reject", () => {
    const good = calibratedConfig(fake(1.5, 2, 0.99, 30, 0.5));
    expect(good).toEqual({ config: { k: 2, A: 1.5, volatility: { base_sigma: 0.5 } }, omitted: [] });
    expect(parseConfig(good.config).k).toBe(2);
    const bad = calibratedConfig(fake(1.5, -1, 0.99, 30, NaN));
    expect(bad.config).toEqual({});
    expect(bad.omitted).toHaveLength(2);
    expect(() => parseConfig(bad.config)).not.toThrow();
  });
});

describe("calibration charts and JSON", () => {
  it("λ(δ): points and fitted curves per side on a log y-axis; volatility by horizon on log axes", async () => {
    const data = testMarketData({ A: 1, k: 4, sigma: 1, durationS: 600 }, rootRng(6));
    const c = await calibrateMarket(data, { grid: { offsetTicks: 0, stepTicks: 2, levels: 20 } });
    const spec = intensityCurveSpec(c.fit.intensity, "TEST") as unknown as { layer: { data: { values: { side: string }[] }; encoding: { y: { scale?: { type: string } } } }[] };
    expect(spec.layer[0].encoding.y.scale?.type).toBe("log");
    expect(new Set(spec.layer[0].data.values.map((v) => v.side)).size).toBe(3);
    expect(spec.layer[1].data.values).toHaveLength(3 * 61);
    const vol = volatilityHorizonsSpec(c.horizons, c.ewma, "TEST") as unknown as { layer: { data: { values: unknown[] } }[] };
    expect(vol.layer[2].data.values).toHaveLength(4);
    const j = calibrationJson("test", c, [], calibratedConfig(c)) as { intensity: { table: unknown[] }; config: unknown; units: Record<string, string> };
    expect(j.intensity.table).toHaveLength(20);
    expect(j.config).toEqual(calibratedConfig(c).config);
    expect(j.units.sigma).toBe("quote currency per √second");
  });
});
