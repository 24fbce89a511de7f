/**
 * Mid returns from a regularly sampled mid series (ticks, NaN where the book was not valid):
 * non-overlapping changes over `every` samples, r_k = mid[(k+1)·every] − mid[k·every]; returns
 * touching a NaN mid are left out.
 */
export function gridReturns(mids: ArrayLike<number>, every: number): Float64Array {
  const out: number[] = [];
  for (let i = every; i < mids.length; i += every) {
    const r = mids[i] - mids[i - every];
    if (!Number.isNaN(r)) out.push(r);
  }
  return Float64Array.from(out);
}

/**
 * Realised volatility per √second at horizon h from returns over h (any price unit):
 * σ_h = √(Σ r² / (count · h)), not demeaned. For a random walk it is the same at every horizon;
 * bid-ask bounce makes short horizons higher, trends make long ones higher (the signature plot).
 */
export function volatilityPerSqrtS(returns: ArrayLike<number>, horizonS: number): number {
  let s = 0;
  for (let i = 0; i < returns.length; i++) s += returns[i] * returns[i];
  return Math.sqrt(s / (returns.length * horizonS));
}

/** The squares of the values (for the autocorrelation of squared returns: volatility clustering). */
export function squares(x: ArrayLike<number>): Float64Array {
  return Float64Array.from(x, (v) => v * v);
}
