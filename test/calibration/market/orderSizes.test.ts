import { describe, expect, it } from "vitest";
import { normalQuantile } from "../../../src/calibration/market/lognormalQuantiles.ts";
import { fitOrderSizes } from "../../../src/calibration/market/orderSizes.ts";
import { sweepTail } from "../../../src/calibration/market/sweepTail.ts";

/** n sizes at the exact quantiles (i − ½)/n of a lognormal, plus k exponential sweeps of mean m at theirs, sorted. */
function sample(n: number, median: number, logStd: number, k: number, m: number): Float64Array {
  const out: number[] = [];
  for (let i = 1; i <= n; i++) out.push(median * Math.exp(logStd * normalQuantile((i - 0.5) / n)));
  for (let i = 1; i <= k; i++) out.push(-m * Math.log(1 - (i - 0.5) / k));
  return Float64Array.from(out).sort();
}

describe("market-order sizes", () => {
  it("a clean lognormal body: median and log-std within 1 %, no sweeps", () => {
    const f = fitOrderSizes(sample(20_000, 0.003, 1.2, 0, 1));
    expect(f.body.median / 0.003).toBeCloseTo(1, 2);
    expect(f.body.logStd / 1.2).toBeCloseTo(1, 2);
    expect(f.sweeps.sweepProb).toBe(0);
    expect(f.maxSize).toBeCloseTo(0.003 * Math.exp(1.2 * normalQuantile(1 - 0.5 / 20_000)), 9);
  });

  it("sweeps above a light body: the excess over the body's tail, as exponential sweeps", () => {
    // 1 % sweeps of mean 2 above a body of median 0.003 and log-std 1: above x₀ = 0.003·e^{2.326} = 0.0307
    // nearly every sweep counts (e^{−0.0307/2} = 0.985), so the excess share ≈ 0.985 % and its mean ≈ x₀ + 2
    const sizes = sample(19_800, 0.003, 1, 200, 2);
    const f = fitOrderSizes(sizes);
    expect(f.body.median / 0.003).toBeCloseTo(1, 1);
    expect(f.body.logStd).toBeCloseTo(1, 1);
    expect(f.sweeps.sweepProb).toBeGreaterThan(0.008);
    expect(f.sweeps.sweepProb).toBeLessThan(0.012);
    expect(f.sweeps.sweepSizeMean).toBeGreaterThan(1.8);
    expect(f.sweeps.sweepSizeMean).toBeLessThan(2.2);
  });

  it("the tail statistics by hand: share above the threshold minus the body's", () => {
    // body median 1, log-std 1, tail quantile Φ(0) = 0.5: x₀ = 1; the body's share above it is ½
    const sorted = Float64Array.from([0.5, 0.8, 1.5, 3, 10]);
    const t = sweepTail(sorted, { median: 1, logStd: 1 }, 0.5);
    expect(t.thresholdSize).toBeCloseTo(1, 12);
    expect(t.excessShare).toBeCloseTo(3 / 5 - 0.5, 6);
  });
});
