import type { MomentVector } from "./momentVector.ts";

/**
 * The moments' weighting of the simulated-moments distance: a function mapping differences
 * d = m_sim − m_data (of the `used` moments) to L⁻¹d, with LLᵀ = Σ the data moments' covariance,
 * so that Σ(L⁻¹d)² = dᵀΣ⁻¹d. The jackknife correlation R of B blocks is shrunk toward the identity,
 * (1 − λ)R + λI with λ = min(1, q/B) for q moments: with blocks to spare the fit uses how the
 * moments move together (the responses at neighbouring lags share most of their noise, so their
 * differences are sharp); with few blocks (a short file) it falls back to the standard errors
 * alone, where a full covariance would be noise.
 */
export function whitener(m: MomentVector, used: readonly boolean[]): (d: number[]) => number[] {
  const index = used.flatMap((u, i) => (u ? [i] : []));
  const q = index.length;
  const lambda = m.blocks > 0 ? Math.min(1, q / m.blocks) : 1;
  const se = index.map((i) => m.se[i]);
  const S = index.map((i, a) =>
    index.map((j, b) => {
      if (a === b) return se[a] * se[a];
      const r = m.covariance[i][j] / (se[a] * se[b]);
      return (1 - lambda) * (Number.isFinite(r) ? r : 0) * se[a] * se[b];
    }),
  );
  const L = cholesky(S);
  return (d) => {
    // forward substitution L·z = d
    const z = new Array<number>(q).fill(0);
    for (let a = 0; a < q; a++) {
      let s = d[a];
      for (let b = 0; b < a; b++) s -= L[a][b] * z[b];
      z[a] = s / L[a][a];
    }
    return z;
  };
}

/** Lower-triangular L with LLᵀ = A (A symmetric positive definite; a tiny jitter keeps a near-singular one usable). */
function cholesky(A: number[][]): number[][] {
  const n = A.length;
  const L = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i][j];
      for (let k = 0; k < j; k++) s -= L[i][k] * L[j][k];
      if (i === j) L[i][i] = Math.sqrt(Math.max(s, 1e-12 * A[i][i]));
      else L[i][j] = s / L[j][j];
    }
  }
  return L;
}
