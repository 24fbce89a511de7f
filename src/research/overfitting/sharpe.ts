/** A return series' Sharpe ratio per observation (not annualised) and the moments its standard error needs. */
export interface SharpeStats {
  /** mean / sample standard deviation (n − 1); 0 when every return is 0, ±Infinity when they are equal and not 0. */
  sharpe: number;
  /** Skewness γ3 = m3 / m2^1.5 (population moments; 0 when the variance is 0). */
  skewness: number;
  /** Kurtosis γ4 = m4 / m2² (not excess: 3 for a normal distribution; 3 when the variance is 0). */
  kurtosis: number;
  /** Returns observed (T). */
  observations: number;
}

/** The Sharpe ratio of `returns` per observation, with its skewness and kurtosis (at least 2 returns). */
export function sharpeStats(returns: ArrayLike<number>): SharpeStats {
  const n = returns.length;
  if (n < 2) throw new RangeError(`sharpeStats: at least 2 returns are needed, not ${n}`);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += returns[i];
  const mean = sum / n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = returns[i] - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  const sharpe = sharpeOf(mean, m2 / (n - 1));
  if (m2 === 0) return { sharpe, skewness: 0, kurtosis: 3, observations: n };
  m2 /= n;
  return { sharpe, skewness: m3 / n / m2 ** 1.5, kurtosis: m4 / n / (m2 * m2), observations: n };
}

/** mean / √variance, with the conventions of SharpeStats.sharpe for a zero variance. */
export function sharpeOf(mean: number, variance: number): number {
  if (variance > 0) return mean / Math.sqrt(variance);
  return mean === 0 ? 0 : mean > 0 ? Infinity : -Infinity;
}
