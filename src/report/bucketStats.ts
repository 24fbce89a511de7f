import type { Column } from "../runfolder/format.ts";

/** Per-bucket statistics of a series: bucket start time, min, 10th and 90th percentile, max, mean (NaN for an all-NaN bucket). */
export interface BucketStats {
  t: Float64Array;
  min: Float64Array;
  p10: Float64Array;
  p90: Float64Array;
  max: Float64Array;
  mean: Float64Array;
}

/** Nearest-rank percentile p (0–100) of ascending values. */
function nearestRank(sorted: Float64Array, p: number): number {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * Cuts rows [0, n) into at most `buckets` equal runs by index (one row per bucket when n is
 * smaller) and summarises f(y) over each, NaN ignored. `t` is the time of the bucket's first row.
 */
export function bucketStats(t: Column, y: Column, buckets: number, f: (v: number) => number = (v) => v): BucketStats {
  const n = t.length;
  const b = Math.max(0, Math.min(n, Math.floor(buckets)));
  const make = () => new Float64Array(b);
  const out: BucketStats = { t: make(), min: make(), p10: make(), p90: make(), max: make(), mean: make() };
  for (let k = 0; k < b; k++) {
    const start = Math.floor((k * n) / b);
    const end = Math.floor(((k + 1) * n) / b);
    const vals = new Float64Array(end - start);
    let c = 0;
    let sum = 0;
    for (let i = start; i < end; i++) {
      const v = f(y[i]);
      if (Number.isNaN(v)) continue;
      vals[c++] = v;
      sum += v;
    }
    const sorted = vals.subarray(0, c).sort();
    out.t[k] = t[start];
    out.min[k] = c > 0 ? sorted[0] : NaN;
    out.p10[k] = c > 0 ? nearestRank(sorted, 10) : NaN;
    out.p90[k] = c > 0 ? nearestRank(sorted, 90) : NaN;
    out.max[k] = c > 0 ? sorted[c - 1] : NaN;
    out.mean[k] = c > 0 ? sum / c : NaN;
  }
  return out;
}
