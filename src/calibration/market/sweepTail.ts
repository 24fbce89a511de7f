import { normalCdf, normalQuantile, type Lognormal } from "./lognormalQuantiles.ts";

/** The market orders above a size threshold beyond what the lognormal body explains. */
export interface SweepTail {
  /** The threshold (base units): the body's `tailQuantile`-quantile. */
  thresholdSize: number;
  /** Share of all orders above the threshold, minus the body's share above it. */
  excessShare: number;
  /** Mean size of that excess above the threshold (base units; NaN without excess). */
  excessMeanAbove: number;
  /** Sweep probability and mean size (exponential) that give this excess; sweepProb 0 when there is none. */
  sweepProb: number;
  sweepSizeMean: number;
}

/**
 * Sweeps from the excess of the size tail over the fitted lognormal body. Above x₀ (the body's
 * 99th percentile by default) the sample holds a share c of the orders with sizes summing to S
 * per order; the body accounts for P(X > x₀) of them and E[X·1{X > x₀}] = m·e^{σ²/2}·Φ(σ − z₀)
 * of the sum (z₀ = ln(x₀/m)/σ). The excess share e = c − P(X > x₀) and its mean size above x₀,
 * d = (S − E[X·1{X > x₀}])/e − x₀, are those of exponential sweeps of mean d (memoryless), so
 * sweepProb = e·e^{x₀/d}. A moment rule: the body's tail is heavy, so the excess is a small
 * difference; the fit corrects it by simulation (fitMarket.ts).
 */
export function sweepTail(sortedSizes: ArrayLike<number>, body: Lognormal, tailQuantile = 0.99): SweepTail {
  const n = sortedSizes.length;
  const x0 = body.median * Math.exp(body.logStd * normalQuantile(tailQuantile));
  let count = 0;
  let sum = 0;
  for (let i = n - 1; i >= 0 && sortedSizes[i] > x0; i--) {
    count++;
    sum += sortedSizes[i];
  }
  const z0 = body.logStd > 0 ? Math.log(x0 / body.median) / body.logStd : Infinity;
  const bodyShare = 1 - normalCdf(z0);
  const bodyPartial = body.median * Math.exp((body.logStd * body.logStd) / 2) * normalCdf(body.logStd - z0);
  const excessShare = n > 0 ? count / n - bodyShare : 0;
  const excessMeanAbove = excessShare > 0 ? (sum / n - bodyPartial) / excessShare - x0 : NaN;
  if (!(excessShare > 0 && excessMeanAbove > 0)) return { thresholdSize: x0, excessShare, excessMeanAbove, sweepProb: 0, sweepSizeMean: NaN };
  return { thresholdSize: x0, excessShare, excessMeanAbove, sweepProb: Math.min(1, excessShare * Math.exp(x0 / excessMeanAbove)), sweepSizeMean: excessMeanAbove };
}
