import type { ArrivalSteps } from "./arrivalSteps.ts";
import { hawkesExcitation, type HawkesClock, type HawkesParams } from "./hawkesLikelihood.ts";

/** The maximum-likelihood Hawkes fit: parameters, ln L at them, the orders and window used. */
export interface HawkesFit extends HawkesParams {
  logLikelihood: number;
  orders: number;
  seconds: number;
  /** Branching ratio α/β: the share of orders triggered by earlier ones. */
  branching: number;
}

/** Search range of the decay β (1/s): from a 100 s memory to a 1 ms one. */
const BETA_MIN = 0.01;
const BETA_MAX = 1000;
const BETA_GRID = 21;

/**
 * Maximum likelihood of the exponential Hawkes process (μ, α, β) on market-order arrivals, by the
 * profile likelihood in β: for a given β the log-likelihood Σ ln(μ + α·A_i) − μT − αJ is concave
 * in (μ, α) and is maximised by Newton's method on the per-order excitations A_i (O(orders) per
 * step); ln L(β) is then searched on a log grid of 0.01 … 1000 /s and refined by golden section
 * around the best grid point. Each β costs one O(steps) pass (hawkesExcitation).
 */
export function fitHawkes(a: ArrivalSteps, clock: HawkesClock = "steps"): HawkesFit {
  const seconds = a.endS - a.startS;
  const excitation = new Float64Array(a.count);
  let warm: { mu: number; alpha: number } | undefined;
  const profile = (beta: number): HawkesParams & { ll: number } => {
    const J = hawkesExcitation(a, beta, clock, excitation);
    const m = maximiseMuAlpha(excitation, seconds, J, warm);
    warm = m.alpha > 0 ? m : undefined;
    return { beta, ...m };
  };
  if (a.count < 2 || !(seconds > 0)) {
    const mu = a.count / Math.max(seconds, 1e-9);
    return { mu, alpha: 0, beta: 1, logLikelihood: NaN, orders: a.count, seconds, branching: 0 };
  }
  const logMin = Math.log(BETA_MIN);
  const logStep = (Math.log(BETA_MAX) - logMin) / (BETA_GRID - 1);
  let best = profile(BETA_MIN);
  let bestIndex = 0;
  for (let i = 1; i < BETA_GRID; i++) {
    const p = profile(Math.exp(logMin + i * logStep));
    if (p.ll > best.ll) [best, bestIndex] = [p, i];
  }
  // Golden section on ln β between the best grid point's neighbours.
  let lo = logMin + Math.max(0, bestIndex - 1) * logStep;
  let hi = logMin + Math.min(BETA_GRID - 1, bestIndex + 1) * logStep;
  const g = (Math.sqrt(5) - 1) / 2;
  let x1 = hi - g * (hi - lo);
  let x2 = lo + g * (hi - lo);
  let p1 = profile(Math.exp(x1));
  let p2 = profile(Math.exp(x2));
  while (hi - lo > 1e-3) {
    if (p1.ll > p2.ll) {
      [hi, x2, p2] = [x2, x1, p1];
      x1 = hi - g * (hi - lo);
      p1 = profile(Math.exp(x1));
    } else {
      [lo, x1, p1] = [x1, x2, p2];
      x2 = lo + g * (hi - lo);
      p2 = profile(Math.exp(x2));
    }
  }
  for (const p of [p1, p2]) if (p.ll > best.ll) best = p;
  return { mu: best.mu, alpha: best.alpha, beta: best.beta, logLikelihood: best.ll, orders: a.count, seconds, branching: best.alpha / best.beta };
}

/**
 * max over μ > 0, α ≥ 0 of Σ ln(μ + α·A_i) − μ·T − α·J (concave): Newton's method, one pass over
 * the orders per iteration (value, gradient and Hessian together), halving a step that lowers the
 * value, α held at 0 on the boundary. `start` warm-starts it (the neighbouring β's solution).
 */
export function maximiseMuAlpha(A: Float64Array, T: number, J: number, start?: { mu: number; alpha: number }): { mu: number; alpha: number; ll: number } {
  const n = A.length;
  if (!(J > 0)) return { mu: n / T, alpha: 0, ll: n * Math.log(n / T) - n }; // no excitation: the Poisson rate
  let mu = start?.mu ?? (0.5 * n) / T;
  let alpha = start?.alpha ?? (0.5 * n) / J;
  let best = { mu, alpha, ll: -Infinity };
  let d0 = 0, d1 = 0, t = 1;
  for (let iter = 0; iter < 200; iter++) {
    let ll = -mu * T - alpha * J, g0 = -T, g1 = -J, h00 = 0, h01 = 0, h11 = 0;
    for (let i = 0; i < n; i++) {
      const lambda = mu + alpha * A[i];
      const inv = 1 / lambda;
      const a = A[i] * inv;
      ll += Math.log(lambda);
      g0 += inv;
      g1 += a;
      h00 += inv * inv;
      h01 += a * inv;
      h11 += a * a;
    }
    if (!(ll >= best.ll - 1e-9)) {
      // The last step overshot: halve it from the best point.
      t /= 2;
      if (t < 1e-10) break;
    } else {
      const gain = ll - best.ll;
      best = { mu, alpha, ll };
      if (gain < 1e-9) break;
      // Newton direction d = H⁻¹g, H the negated Hessian (positive definite); along μ alone when α sits at 0 and wants to go lower.
      const det = h00 * h11 - h01 * h01;
      d0 = det > 0 ? (h11 * g0 - h01 * g1) / det : g0 / h00;
      d1 = det > 0 ? (h00 * g1 - h01 * g0) / det : 0;
      if (alpha === 0 && d1 < 0) [d0, d1] = [g0 / h00, 0];
      t = 1;
    }
    // Stay inside μ > 0.
    while (best.mu + t * d0 <= 0) t /= 2;
    mu = best.mu + t * d0;
    alpha = Math.max(0, best.alpha + t * d1);
  }
  return best;
}
