/**
 * Exact percentile by the nearest-rank method: the smallest sample such that at least p % of all
 * samples are ≤ it (rank = ⌈p·n/100⌉, 1-based). It always returns an observed value, never an
 * interpolated one, so "P99 ≤ 300 ms" means at least 99 % of the samples really were ≤ 300 ms.
 * Returns NaN for an empty array. The input is not modified (a sorted copy is used).
 */
export function percentile(values: Float64Array, p: number): number {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile: p = ${p} must be in [0, 100]`);
  const n = values.length;
  if (n === 0) return NaN;
  // p·n first: exact for integer p and n, so ⌈·⌉ is not pushed up by a rounding error in p/100.
  const rank = Math.max(1, Math.ceil((p * n) / 100));
  // Typed-array sort is numeric (not lexicographic like Array.prototype.sort).
  const sorted = values.slice().sort();
  return sorted[rank - 1];
}
