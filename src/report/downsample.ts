import type { Column } from "../runfolder/format.ts";

/**
 * Rows kept by min/max-per-bucket downsampling of several series that share one time axis.
 * Rows [lo, hi) are cut into B equal buckets by index, B = ⌊(maxRows − 2) / (2·series)⌋; in every
 * bucket each series keeps its minimum and its maximum row (first one on ties; NaN ignored), a
 * bucket where every series is NaN keeps its first row (so lines break there), and the first and
 * last rows are always kept. Returns the kept row indices ascending: at most maxRows of them,
 * every series' extremes included, and the same input always gives the same rows.
 */
export function minMaxRows(series: readonly Column[], lo: number, hi: number, maxRows: number): Int32Array {
  const n = hi - lo;
  if (n <= 0) return new Int32Array(0);
  if (n <= maxRows) return Int32Array.from({ length: n }, (_, i) => lo + i);
  const perBucket = 2 * Math.max(1, series.length);
  const buckets = Math.max(1, Math.floor((maxRows - 2) / perBucket));
  const keep = new Uint8Array(n);
  keep[0] = 1;
  keep[n - 1] = 1;
  for (let b = 0; b < buckets; b++) {
    const start = lo + Math.floor((b * n) / buckets);
    const end = lo + Math.floor(((b + 1) * n) / buckets);
    let any = false;
    for (const s of series) {
      let iMin = -1;
      let iMax = -1;
      for (let i = start; i < end; i++) {
        const v = s[i];
        if (Number.isNaN(v)) continue;
        if (iMin < 0 || v < s[iMin]) iMin = i;
        if (iMax < 0 || v > s[iMax]) iMax = i;
      }
      if (iMin >= 0) {
        keep[iMin - lo] = 1;
        keep[iMax - lo] = 1;
        any = true;
      }
    }
    if (!any && end > start) keep[start - lo] = 1;
  }
  let count = 0;
  for (let i = 0; i < n; i++) count += keep[i];
  const out = new Int32Array(count);
  for (let i = 0, j = 0; i < n; i++) if (keep[i]) out[j++] = lo + i;
  return out;
}

/** First index i in [0, t.length] with t[i] ≥ x (t ascending). */
export function lowerBound(t: Column, x: number): number {
  let a = 0;
  let b = t.length;
  while (a < b) {
    const m = (a + b) >>> 1;
    if (t[m] < x) a = m + 1;
    else b = m;
  }
  return a;
}
