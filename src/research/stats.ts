/** Small statistics on plain arrays for the research tools. NaN when undefined (empty input, zero variance). */

/** Arithmetic mean. */
export function mean(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s / x.length;
}

/** Population variance: Σ(x − x̄)² / n. */
export function variance(x: ArrayLike<number>): number {
  const m = mean(x);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] - m) * (x[i] - m);
  return s / x.length;
}

/** Coefficient of variation: √variance / mean. */
export function coefficientOfVariation(x: ArrayLike<number>): number {
  return Math.sqrt(variance(x)) / mean(x);
}

/** Fano factor of counts: variance / mean (1 for a Poisson process, > 1 when arrivals cluster). */
export function fanoFactor(counts: ArrayLike<number>): number {
  return variance(counts) / mean(counts);
}

/** Sample autocorrelation at `lag`: Σ_{t<n−lag}(x_t − x̄)(x_{t+lag} − x̄) / Σ_t (x_t − x̄)² (the usual biased estimator). */
export function autocorrelation(x: ArrayLike<number>, lag: number): number {
  const n = x.length;
  if (lag >= n) return NaN;
  const m = mean(x);
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i] - m;
    den += d * d;
    if (i + lag < n) num += d * (x[i + lag] - m);
  }
  return num / den;
}

/** Nearest-rank quantile of ascending-sorted values: the smallest value with at least p·n values ≤ it (p in [0, 1]). */
export function sortedQuantile(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  return sorted[Math.min(n, Math.max(1, Math.ceil(p * n - 1e-9))) - 1];
}

/** Nearest-rank quantile of a histogram (value → count), as `sortedQuantile` on the expanded values. */
export function histogramQuantile(hist: ReadonlyMap<number, number>, p: number): number {
  const keys = [...hist.keys()].sort((a, b) => a - b);
  let total = 0;
  for (const k of keys) total += hist.get(k)!;
  if (total === 0) return NaN;
  const rank = Math.min(total, Math.max(1, Math.ceil(p * total - 1e-9)));
  let seen = 0;
  for (const k of keys) {
    seen += hist.get(k)!;
    if (seen >= rank) return k;
  }
  return keys[keys.length - 1];
}

/** A growing Float64 array (amortised doubling). */
export class GrowableArray {
  private data = new Float64Array(1024);
  length = 0;

  /** Appends one value. */
  push(x: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = x;
  }

  /** Adds `by` to the value at `i`, growing with zeros up to it. */
  add(i: number, by: number): void {
    while (this.length <= i) this.push(0);
    this.data[i] += by;
  }

  /** Overwrites the value at `i` (< length). */
  set(i: number, x: number): void {
    this.data[i] = x;
  }

  /** The values (a view, valid until the next push). */
  view(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}
