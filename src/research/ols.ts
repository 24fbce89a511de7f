/**
 * Ordinary least squares of y on x with an intercept: y = α + β·x + e.
 *
 *   β = Sxy / Sxx, α = ȳ − β·x̄, with Sxx = Σ(x − x̄)², Sxy = Σ(x − x̄)(y − ȳ), Syy = Σ(y − ȳ)²
 *   R² = 1 − SSR / Syy, SSR = Σ e²
 *   classical:  se(β) = √(s² / Sxx), s² = SSR / (n − 2); se(α) = √(s²·(1/n + x̄²/Sxx))
 *   HC0 (White 1980): se(β) = √(Σ (x − x̄)²·e² / Sxx²), robust to heteroskedastic errors
 *   HC1: HC0 with the small-sample factor n / (n − 2) on the variance
 * t = β / se. Undefined values (n < 3, x constant, y constant for R²) are NaN.
 */
export interface OlsFit {
  n: number;
  alpha: number;
  beta: number;
  seAlpha: number;
  seBeta: number;
  /** Classical t-statistic of β (homoskedastic errors). */
  tBeta: number;
  seBetaHc0: number;
  tBetaHc0: number;
  seBetaHc1: number;
  tBetaHc1: number;
  r2: number;
}

/** Fits y = α + β·x by OLS over the first `n` pairs (default: all), with classical and HC0/HC1 t-statistics. */
export function olsFit(x: ArrayLike<number>, y: ArrayLike<number>, n = Math.min(x.length, y.length)): OlsFit {
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    sx += x[i];
    sy += y[i];
  }
  const mx = sx / n;
  const my = sy / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  const beta = sxx > 0 ? sxy / sxx : NaN;
  const alpha = my - beta * mx;
  let ssr = 0;
  let meat = 0;
  for (let i = 0; i < n; i++) {
    const e = y[i] - alpha - beta * x[i];
    const dx = x[i] - mx;
    ssr += e * e;
    meat += dx * dx * e * e;
  }
  const dof = n - 2;
  const s2 = dof > 0 ? ssr / dof : NaN;
  const seBeta = Math.sqrt(s2 / sxx);
  const seAlpha = Math.sqrt(s2 * (1 / n + (mx * mx) / sxx));
  const seBetaHc0 = dof > 0 ? Math.sqrt(meat) / sxx : NaN;
  const seBetaHc1 = seBetaHc0 * Math.sqrt(n / dof);
  return {
    n,
    alpha: n > 0 ? alpha : NaN,
    beta,
    seAlpha,
    seBeta,
    tBeta: beta / seBeta,
    seBetaHc0,
    tBetaHc0: beta / seBetaHc0,
    seBetaHc1,
    tBetaHc1: beta / seBetaHc1,
    r2: syy > 0 && sxx > 0 ? 1 - ssr / syy : NaN,
  };
}
