import type { ExponentialFit } from "../estimators/logLinearFit.ts";
import type { MarketCalibration } from "./marketCalibration.ts";

/** When a fit counts as bad: R² of ln λ below `minR2`, or fewer than `minPoints` depth points in the fit. */
export interface FitThresholds {
  minR2: number;
  minPoints: number;
}

export const DEFAULT_FIT_THRESHOLDS: FitThresholds = { minR2: 0.9, minPoints: 5 };

/** What is wrong with one exponential fit (empty when nothing): too few points, k not positive, R² under the threshold. */
export function fitProblems(name: string, f: ExponentialFit, t: FitThresholds): string[] {
  if (f.points < t.minPoints) return [`${name}: only ${f.points} depth point(s) with enough orders (need ≥ ${t.minPoints}); widen the grid (--step-ticks, --levels), lower --min-count or use more data`];
  const out: string[] = [];
  if (!(f.k > 0 && f.k < Infinity)) out.push(`${name}: k = ${fmt(f.k)} /quote is not positive: λ(δ) does not fall with δ over the grid`);
  if (!(f.r2 >= t.minR2)) out.push(`${name}: R² = ${fmt(f.r2)} < ${t.minR2}: the exponential A·e^(−kδ) fits λ(δ) badly over this grid`);
  return out;
}

/** Every warning of a calibration: the λ(δ) fits (both sides, then each side), σ, the OFI regression. */
export function calibrationWarnings(c: MarketCalibration, t: FitThresholds = DEFAULT_FIT_THRESHOLDS): string[] {
  const i = c.fit.intensity;
  const out = [...fitProblems("λ(δ) both sides", i, t), ...fitProblems("λ(δ) ask side (market buys)", i.ask, t), ...fitProblems("λ(δ) bid side (market sells)", i.bid, t)];
  if (c.fit.sigmaSamples === 0) out.push("σ: no mid changes (the book was never two-sided for two samples)");
  if (!(c.ofi.overall.n >= 3)) out.push(`OFI impact: only ${c.ofi.overall.n} bucket(s) of ${c.ofi.bucketS} s, no regression`);
  return out;
}

function fmt(x: number): string {
  return Number.isFinite(x) ? String(Number(x.toPrecision(4))) : String(x);
}
