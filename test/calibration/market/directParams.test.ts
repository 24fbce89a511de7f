import { describe, expect, it } from "vitest";
import { correctDirectParams, directParams, type DirectParams } from "../../../src/calibration/market/directParams.ts";
import type { DirectStats } from "../../../src/calibration/market/directStats.ts";
import { syntheticSchema } from "../../../src/data/synthetic/params.ts";

/** Statistics with the given overrides (the rest plausible). */
function stats(over: Partial<DirectStats> = {}): DirectStats {
  return {
    quoteThreshold: 1,
    limitRatePerS: 10,
    limitAtTouchShare: 0.3,
    limitBehindTicks: 40.5,
    limitSize: { median: 0.02, logStd: 1.3 },
    cancelRatePerLevelS: 0.5,
    touchSizeMedian: 2,
    levelsP99: 20,
    orderRatePerS: 10,
    sizes: { body: { median: 0.003, logStd: 2.6 }, sweeps: { thresholdSize: 1.3, excessShare: 0.002, excessMeanAbove: 2, sweepProb: 0.004, sweepSizeMean: 2 }, maxSize: 5, orders: 1000 },
    latencyMs: { median: 5, logStd: 0.3 },
    timestampsPerS: 80,
    ...over,
  };
}

describe("direct parameters", () => {
  const defaults = syntheticSchema.parse({});

  it("moment estimators read off the statistics", () => {
    const p = directParams(stats(), defaults);
    expect(p).toMatchObject({ limitRatePerS: 10, limitAtTouchProb: 0.3, limitMeanOffsetTicks: 40, limitSizeMedian: 0.02, cancelRatePerLevelS: 0.5, quoteSizeMedian: 2, maxLevels: 32, tradeSizeMedian: 0.003, tradeSizeMax: 5, sweepProb: 0.004, feedLatencyMs: 5 });
    // a statistic the data cannot give falls back to the default
    expect(directParams(stats({ limitRatePerS: NaN, latencyMs: { median: NaN, logStd: NaN } }), defaults)).toMatchObject({ limitRatePerS: defaults.limitRatePerS, feedLatencyMs: 0, feedLatencyLogStd: 0 });
  });

  it("corrected by simulation: p·data/sim, logit p + logit data − logit sim, then the secant's elasticity, by hand", () => {
    const initial = directParams(stats(), defaults);
    const start: DirectParams = { ...initial, limitRatePerS: 8, limitAtTouchProb: 0.5 };
    // the simulation of `start` shows 20 limit arrivals /s where the data shows 10, and a touch share of 0.4 for 0.3
    const one = correctDirectParams(stats(), [{ params: start, stats: stats({ limitRatePerS: 20, limitAtTouchShare: 0.4 }) }], initial);
    expect(one.limitRatePerS).toBeCloseTo(4, 12);
    expect(one.limitAtTouchProb).toBeCloseTo(1 / (1 + Math.exp(-(0 + Math.log(0.3 / 0.7) - Math.log(0.4 / 0.6)))), 12); // 0.3913
    // at 4 /s the simulation shows 12: elasticity ln(12/20)/ln(4/8) = 0.737, so ln p = ln 4 + ln(10/12)/0.737
    const two = correctDirectParams(stats(), [{ params: start, stats: stats({ limitRatePerS: 20 }) }, { params: one, stats: stats({ limitRatePerS: 12 }) }], initial);
    expect(two.limitRatePerS).toBeCloseTo(Math.exp(Math.log(4) + Math.log(10 / 12) / (Math.log(12 / 20) / Math.log(4 / 8))), 9); // 3.123
    // the sweep probability moves additively: 0.004 + (0.002 − 0.001)·e^{1.3/2}
    expect(correctDirectParams(stats(), [{ params: initial, stats: stats({ sizes: { ...stats().sizes, sweeps: { ...stats().sizes.sweeps, excessShare: 0.001 } } }) }], initial).sweepProb).toBeCloseTo(0.004 + 0.001 * Math.exp(0.65), 12);
  });

  it("a correction stays within e^±1.5 of the direct estimate", () => {
    const initial = directParams(stats(), defaults);
    const p = correctDirectParams(stats(), [{ params: initial, stats: stats({ limitRatePerS: 1000 }) }], initial);
    expect(p.limitRatePerS).toBeCloseTo(10 * Math.exp(-1.5), 9);
  });
});
