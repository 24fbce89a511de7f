import { describe, expect, it } from "vitest";
import { BatchCalibration } from "../../src/estimators/calibrate.ts";
import { Calibrator, type RollingFit } from "../../src/estimators/rollingCalibrator.ts";
import { testMarket } from "../../src/calibration/testMarket.ts";
import { rootRng } from "../../src/core/rng.ts";
import { until } from "./events.ts";

const grid = { offsetTicks: 0, stepTicks: 5, levels: 31 };
const market = () => testMarket({ A: 1.5, k: 2, sigma: 0.5, durationS: 1200 }, rootRng(7));

describe("Calibrator (rolling re-calibration)", () => {
  it("re-fits every refitSeconds once the window is full, over the last windowSeconds only", () => {
    const fits: RollingFit[] = [];
    const c = new Calibrator({ tickSize: 0.01, grid, windowSeconds: 600, refitSeconds: 60, onFit: (f) => fits.push(f) });
    for (const b of market().batches) c.update(b);
    // buckets end at 60, 120, … s; the window is full at 600 s; the last event (< 1200 s) closes 1140 s
    expect(fits.map((f) => f.tNs / 1e9)).toEqual([600, 660, 720, 780, 840, 900, 960, 1020, 1080, 1140]);
    c.advanceTo(1200e9); // a loop step moves time on without an event
    expect(c.fits).toBe(11);
    expect(c.latest?.tNs).toBe(1200e9);
    for (const f of fits) {
      expect(f.intensity.seconds).toBeCloseTo(600, 9);
      expect(Math.abs(f.intensity.A / 1.5 - 1)).toBeLessThan(0.15);
      expect(Math.abs(f.intensity.k / 2 - 1)).toBeLessThan(0.15);
      expect(Math.abs(f.sigma / 0.5 - 1)).toBeLessThan(0.05);
    }
  });

  it("a window's fit equals a one-shot calibration of the same span", () => {
    const c = new Calibrator({ tickSize: 0.01, grid, windowSeconds: 600, refitSeconds: 60 });
    for (const b of until(market().batches, 610e9)) c.update(b);
    const batch = new BatchCalibration({ tickSize: 0.01, grid });
    for (const b of until(market().batches, 600e9)) batch.update(b);
    batch.feed.finish(600e9);
    const whole = batch.result();
    const first = c.latest!;
    expect(first.tNs).toBe(600e9);
    expect(first.intensity.table).toEqual(whole.intensity.table);
    expect(first.intensity.A).toBeCloseTo(whole.intensity.A, 12);
    expect(first.intensity.k).toBeCloseTo(whole.intensity.k, 12);
    expect(first.sigma).toBeCloseTo(whole.sigma, 12);
  });

  it("validates the window and the re-fit period", () => {
    const base = { tickSize: 0.01, grid };
    expect(() => new Calibrator({ ...base, windowSeconds: 600, refitSeconds: 0 })).toThrow(/calibration\.refit_seconds = 0/);
    expect(() => new Calibrator({ ...base, windowSeconds: 30, refitSeconds: 60 })).toThrow(/calibration\.window_seconds = 30/);
    expect(() => new Calibrator({ ...base, windowSeconds: 100, refitSeconds: 30 })).toThrow(/whole multiple/);
    expect(() => new Calibrator({ ...base, windowSeconds: 60, refitSeconds: 60, grid: { ...grid, levels: 0 } })).toThrow(/calibration\.levels/);
  });
});
