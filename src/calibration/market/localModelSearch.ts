/** Options of the search. */
export interface LocalModelOptions {
  /** Step of the initial design (x0 and x0 + step_j·e_j), in the coordinates of x, per coordinate or one for all (default 0.35). */
  designStep?: number | readonly number[];
  /** Evaluations after the initial design (default 6). */
  maxIterations?: number;
  /** A Gaussian prior on x: centre and precision per coordinate (0 = flat), added to the sum of squares. */
  prior?: { centre: readonly number[]; precision: readonly number[] };
  /** Largest move of one step, per coordinate or one for all (default 1). */
  maxStep?: number | readonly number[];
  /** Width of the weights that favour evaluations near the current point (default 0.75). */
  neighbourhood?: number;
  /** Called after every evaluation. */
  onEvaluation?: (x: readonly number[], sumOfSquares: number) => void;
}

/** The search's answer: the minimiser of the final local model, the model's Jacobian and (JᵀJ + prior)⁻¹ there, and the evaluations made. */
export interface LocalModelResult {
  x: number[];
  jacobian: number[][];
  covariance: number[][];
  evaluations: number;
}

/**
 * Minimises Σ r_i(x)² (+ a Gaussian prior) when every evaluation of r is a noisy simulation: a
 * local linear model r(x) ≈ c + J·(x − x̄) is fitted by weighted least squares to all the
 * evaluations so far (weights e^{−|x − x_now|²/2w²}), its minimiser (a linear least-squares
 * problem, steps capped at `maxStep`) is evaluated next, and the model is fitted again. The
 * first p + 1 evaluations are a forward-difference design around x0. The answer is the last
 * model's minimiser — a fit through every evaluation — not the evaluation that happened to land
 * lowest, so one lucky simulation does not decide it.
 */
export async function localModelSearch(residuals: (x: readonly number[]) => Promise<number[]>, x0: readonly number[], options: LocalModelOptions = {}): Promise<LocalModelResult> {
  const p = x0.length;
  const perCoordinate = (v: number | readonly number[] | undefined, fallback: number): readonly number[] => (typeof v === "object" ? v : x0.map(() => v ?? fallback));
  const step = perCoordinate(options.designStep, 0.35);
  const maxStep = perCoordinate(options.maxStep, 1);
  const capped = (target: number[], from: number[]): number[] => target.map((v, j) => from[j] + Math.max(-maxStep[j], Math.min(maxStep[j], v - from[j])));
  const width = options.neighbourhood ?? 0.75;
  const prior = options.prior ?? { centre: x0, precision: x0.map(() => 0) };
  const xs: number[][] = [];
  const rs: number[][] = [];
  const evaluate = async (x: number[]): Promise<void> => {
    const r = await residuals(x);
    xs.push(x);
    rs.push(r);
    options.onEvaluation?.(x, r.reduce((s, v) => s + v * v, 0));
  };
  await evaluate(x0.slice());
  for (let j = 0; j < p; j++) await evaluate(x0.map((v, k) => (k === j ? v + step[j] : v)));
  let current = x0.slice();
  let model = fitModel(xs, rs, current, width);
  for (let it = 0; it < (options.maxIterations ?? 6); it++) {
    const next = capped(minimise(model, prior), current);
    await evaluate(next);
    current = next;
    model = fitModel(xs, rs, current, width);
  }
  const x = capped(minimise(model, prior), current);
  const JtJ = gram(model.J, p).map((row, j) => row.map((v, k) => v + (j === k ? prior.precision[j] : 0)));
  return { x, jacobian: model.J, covariance: invert(JtJ), evaluations: xs.length };
}

/** r(x) ≈ c + J·(x − centre). */
interface LinearModel {
  centre: number[];
  c: number[];
  J: number[][];
}

/** Weighted least squares of every residual on (1, x − centre) over the evaluations (a small ridge keeps it solvable). */
function fitModel(xs: number[][], rs: number[][], centre: number[], width: number): LinearModel {
  const p = centre.length;
  const q = rs[0].length;
  const A = Array.from({ length: p + 1 }, () => new Array<number>(p + 1).fill(0));
  const B = Array.from({ length: p + 1 }, () => new Array<number>(q).fill(0));
  xs.forEach((x, k) => {
    const d = x.map((v, j) => v - centre[j]);
    const w = Math.exp(-d.reduce((s, v) => s + v * v, 0) / (2 * width * width));
    const z = [1, ...d];
    for (let a = 0; a <= p; a++) {
      for (let b = 0; b <= p; b++) A[a][b] += w * z[a] * z[b];
      for (let i = 0; i < q; i++) B[a][i] += w * z[a] * rs[k][i];
    }
  });
  for (let a = 0; a <= p; a++) A[a][a] += 1e-9 * (A[a][a] + 1);
  const columns = Array.from({ length: q }, (_, i) => solveLinear(A, B.map((row) => row[i])));
  return { centre, c: columns.map((col) => col[0]), J: columns.map((col) => col.slice(1)) };
}

/** The minimiser of Σ(c + J·(x − centre))² + Σ P_j(x_j − m_j)². */
function minimise(model: LinearModel, prior: { centre: readonly number[]; precision: readonly number[] }): number[] {
  const p = model.centre.length;
  const A = gram(model.J, p).map((row, j) => row.map((v, k) => v + (j === k ? prior.precision[j] : 0)));
  const g = new Array<number>(p).fill(0);
  for (let j = 0; j < p; j++) {
    for (let i = 0; i < model.c.length; i++) g[j] -= model.J[i][j] * model.c[i];
    g[j] += prior.precision[j] * (prior.centre[j] - model.centre[j]);
  }
  return solveLinear(A, g).map((d, j) => model.centre[j] + d);
}

/** JᵀJ of an n × p matrix. */
function gram(J: number[][], p: number): number[][] {
  const out = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (const row of J) for (let j = 0; j < p; j++) for (let k = 0; k < p; k++) out[j][k] += row[j] * row[k];
  return out;
}

/** Solves A·x = b by Gaussian elimination with partial pivoting (a singular direction gets 0). */
export function solveLinear(A: readonly number[][], b: readonly number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[pivot][c])) pivot = r;
    [M[c], M[pivot]] = [M[pivot], M[c]];
    if (Math.abs(M[c][c]) < 1e-300) continue;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const factor = M[r][c] / M[c][c];
      for (let k = c; k <= n; k++) M[r][k] -= factor * M[c][k];
    }
  }
  return M.map((row, i) => (Math.abs(row[i]) < 1e-300 ? 0 : row[n] / row[i]));
}

/** The inverse of a small symmetric positive definite matrix (column by column). */
function invert(A: readonly number[][]): number[][] {
  const n = A.length;
  const columns = Array.from({ length: n }, (_, j) => solveLinear(A, A.map((_, i) => (i === j ? 1 : 0))));
  return A.map((_, i) => columns.map((col) => col[i]));
}
