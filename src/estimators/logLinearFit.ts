/** λ(δ) = A·e^(−k·δ) fitted as ln λ = ln A − k·δ by ordinary least squares. */
export interface ExponentialFit {
  A: number;
  k: number;
  /** R² of the fit of ln λ. */
  r2: number;
  /** Points used. */
  points: number;
}

/** Fits ln y = ln A − k·x over the points with y > 0 (NaN results with fewer than two). */
export function fitExponentialDecay(x: ArrayLike<number>, y: ArrayLike<number>): ExponentialFit {
  let n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0, syy = 0;
  for (let i = 0; i < x.length; i++) {
    if (!(y[i] > 0)) continue;
    const ly = Math.log(y[i]);
    n++;
    sx += x[i];
    sy += ly;
    sxx += x[i] * x[i];
    sxy += x[i] * ly;
    syy += ly * ly;
  }
  const vxx = sxx - (sx * sx) / n;
  const vxy = sxy - (sx * sy) / n;
  const vyy = syy - (sy * sy) / n;
  if (n < 2 || !(vxx > 0)) return { A: NaN, k: NaN, r2: NaN, points: n };
  const slope = vxy / vxx;
  const intercept = (sy - slope * sx) / n;
  const r2 = vyy > 0 ? (vxy * vxy) / (vxx * vyy) : 1;
  return { A: Math.exp(intercept), k: -slope, r2, points: n };
}
