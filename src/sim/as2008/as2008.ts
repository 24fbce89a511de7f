import { ConfigError } from "../../core/errors.ts";
import { rootRng } from "../../core/rng.ts";
import { optimalSpread, reservationOffset } from "../../strategy/avellanedaStoikov.ts";

/**
 * The Avellaneda & Stoikov (2008, §3.3) reference simulation as a synthetic mode.
 *
 * Mid: the paper's binomial step S_{t+dt} = S_t ± σ√dt (probability ½ each), S0 = 100, σ = 2,
 * T = 1, dt = 0.005 (200 steps). At every step both strategies quote δ = optimalSpread(γ, k, σ, T − t)
 * wide; the inventory strategy centres it on r = S + reservationOffset(q, γ, σ, T − t), the symmetric
 * one on S with the same δ(t) (symmetricSpread "same", the default) or, as the published paper words
 * it, with the time-average of δ held constant (symmetricSpread "average"). A bid (ask) is hit with
 * probability clamp(A·e^(−k·δ_b)·dt, 0, 1), δ_b = S − bid (δ_a = ask − S); one unit per fill.
 * Profit = cash + q·S_T. Fills and the price move of a step are independent, so their order within
 * the step does not matter; quotes always use the mid at the start of the step.
 *
 * Common random numbers: each path has its own stream, rootRng(seed).fork("as2008").fork("path-i"),
 * and draws three uniforms per step in the order (bid fill, ask fill, price step). Both strategies
 * use the same three draws, so they see the same price path and the same fill uniforms (a fill
 * happens when u < p), and the comparison is paired. Path i never depends on how many paths run,
 * nor on γ (every γ of one seed sees the same paths).
 */
export interface As2008Params {
  gamma: number;
  k: number;
  A: number;
  sigma: number;
  s0: number;
  T: number;
  dt: number;
  q0: number;
  /** "same": the symmetric strategy quotes δ(t); "average": the constant mean of δ over the steps. */
  symmetricSpread: "same" | "average";
}

export interface As2008Config extends Partial<Omit<As2008Params, "gamma">> {
  gamma: number;
  paths: number;
  seed: number | string;
}

export type As2008Strategy = "inventory" | "symmetric";

export interface As2008Row {
  strategy: As2008Strategy;
  spread: number;
  profitMean: number;
  profitStd: number;
  finalQMean: number;
  finalQStd: number;
}

export interface As2008Result {
  gamma: number;
  rows: As2008Row[];
}

/** Per-path outcomes of one run (index i = path i). */
export interface As2008Paths {
  params: As2008Params;
  /** Mean total spread δ over steps and paths (identical for both strategies). */
  spread: number;
  inventory: { profit: Float64Array; finalQ: Float64Array };
  symmetric: { profit: Float64Array; finalQ: Float64Array };
}

/** Outcome of one path for both strategies (written in place). */
export interface As2008PathOut {
  invProfit: number;
  invQ: number;
  symProfit: number;
  symQ: number;
  spreadSum: number;
}

/** The paper's §3.3 parameters (γ aside). */
export const AS2008_DEFAULTS: Omit<As2008Params, "gamma"> = { k: 1.5, A: 140, sigma: 2, s0: 100, T: 1, dt: 0.005, q0: 0, symmetricSpread: "same" };

/** Validates a configuration and fills in the paper's defaults. */
export function resolveAs2008Params(config: Partial<As2008Params> & { gamma: number }): As2008Params {
  const p: As2008Params = { ...AS2008_DEFAULTS, ...stripUndefined(config) } as As2008Params;
  if (!(p.gamma > 0) || !Number.isFinite(p.gamma)) throw new ConfigError("gamma", p.gamma, "must be a finite number > 0 (risk aversion)");
  if (!(p.k > 0) || !Number.isFinite(p.k)) throw new ConfigError("k", p.k, "must be a finite number > 0 (fill-intensity decay)");
  if (!(p.A >= 0) || !Number.isFinite(p.A)) throw new ConfigError("A", p.A, "must be a finite number ≥ 0 (fill intensity at the mid)");
  if (!(p.sigma >= 0) || !Number.isFinite(p.sigma)) throw new ConfigError("sigma", p.sigma, "must be a finite number ≥ 0");
  if (!Number.isFinite(p.s0)) throw new ConfigError("s0", p.s0, "must be a finite price");
  if (!(p.T > 0) || !Number.isFinite(p.T)) throw new ConfigError("T", p.T, "must be a finite number > 0");
  if (!(p.dt > 0) || !(p.dt <= p.T)) throw new ConfigError("dt", p.dt, "must be > 0 and ≤ T");
  if (Math.abs(Math.round(p.T / p.dt) * p.dt - p.T) > 1e-9 * p.T) throw new ConfigError("dt", p.dt, `must divide T = ${p.T} into whole steps`);
  if (!Number.isInteger(p.q0)) throw new ConfigError("q0", p.q0, "must be a whole number of units");
  if (p.symmetricSpread !== "same" && p.symmetricSpread !== "average") {
    throw new ConfigError("symmetricSpread", p.symmetricSpread, 'must be "same" or "average"');
  }
  return p;
}

/** Simulates one path of both strategies from a uniform source u (draw order per step: bid, ask, price). */
export function simulateAs2008Path(p: As2008Params, u: () => number, out: As2008PathOut): As2008PathOut {
  const { gamma, k, A, sigma, T, dt } = p;
  const steps = Math.round(T / dt);
  const jump = sigma * Math.sqrt(dt);
  const avgHalf = p.symmetricSpread === "average" ? meanSpread(p) / 2 : NaN;
  let s = p.s0;
  let invQ = p.q0, invCash = 0, symQ = p.q0, symCash = 0, spreadSum = 0;
  for (let n = 0; n < steps; n++) {
    const tau = T - n * dt;
    const delta = optimalSpread(gamma, k, sigma, tau);
    const half = delta / 2;
    const r = s + reservationOffset(invQ, gamma, sigma, tau);
    const invBid = r - half, invAsk = r + half;
    const symHalf = p.symmetricSpread === "average" ? avgHalf : half;
    const symBid = s - symHalf, symAsk = s + symHalf;
    const uBid = u(), uAsk = u(), uPrice = u();
    if (uBid < hitProbability(A, k, s - invBid, dt)) { invQ += 1; invCash -= invBid; }
    if (uAsk < hitProbability(A, k, invAsk - s, dt)) { invQ -= 1; invCash += invAsk; }
    if (uBid < hitProbability(A, k, s - symBid, dt)) { symQ += 1; symCash -= symBid; }
    if (uAsk < hitProbability(A, k, symAsk - s, dt)) { symQ -= 1; symCash += symAsk; }
    s += uPrice < 0.5 ? jump : -jump;
    spreadSum += delta;
  }
  out.invProfit = invCash + invQ * s;
  out.invQ = invQ;
  out.symProfit = symCash + symQ * s;
  out.symQ = symQ;
  out.spreadSum = spreadSum;
  return out;
}

/** Runs every path and returns the per-path profits and final inventories of both strategies. */
export function runAs2008Paths(config: As2008Config): As2008Paths {
  if (!Number.isInteger(config.paths) || config.paths < 1) throw new ConfigError("paths", config.paths, "must be a whole number ≥ 1");
  const { paths: n, seed, ...rest } = config;
  const p = resolveAs2008Params(rest);
  const root = rootRng(seed).fork("as2008");
  const inventory = { profit: new Float64Array(n), finalQ: new Float64Array(n) };
  const symmetric = { profit: new Float64Array(n), finalQ: new Float64Array(n) };
  const out: As2008PathOut = { invProfit: 0, invQ: 0, symProfit: 0, symQ: 0, spreadSum: 0 };
  let spreadSum = 0;
  for (let i = 0; i < n; i++) {
    const rng = root.fork(`path-${i}`);
    simulateAs2008Path(p, () => rng.next(), out);
    inventory.profit[i] = out.invProfit;
    inventory.finalQ[i] = out.invQ;
    symmetric.profit[i] = out.symProfit;
    symmetric.finalQ[i] = out.symQ;
    spreadSum += out.spreadSum;
  }
  return { params: p, spread: spreadSum / (n * Math.round(p.T / p.dt)), inventory, symmetric };
}

/** The paper's table for one γ: spread, mean/std of profit and of final q, per strategy. */
export function runAs2008(config: As2008Config): As2008Result {
  const r = runAs2008Paths(config);
  const row = (strategy: As2008Strategy): As2008Row => {
    const x = r[strategy];
    const [profitMean, profitStd, finalQMean, finalQStd] = [mean(x.profit), std(x.profit), mean(x.finalQ), std(x.finalQ)];
    return { strategy, spread: r.spread, profitMean, profitStd, finalQMean, finalQStd };
  };
  return { gamma: r.params.gamma, rows: [row("inventory"), row("symmetric")] };
}

/** Mean of δ = optimalSpread(γ, k, σ, T − t) over the steps t = 0, dt, …, T − dt. */
export function meanSpread(p: As2008Params): number {
  const steps = Math.round(p.T / p.dt);
  let sum = 0;
  for (let n = 0; n < steps; n++) sum += optimalSpread(p.gamma, p.k, p.sigma, p.T - n * p.dt);
  return sum / steps;
}

/** clamp(A·e^(−k·distance)·dt, 0, 1): the chance a quote `distance` from the mid is hit within dt. */
export function hitProbability(A: number, k: number, distance: number, dt: number): number {
  const p = A * Math.exp(-k * distance) * dt;
  return p > 1 ? 1 : p < 0 ? 0 : p;
}

function mean(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s / x.length;
}

/** Sample standard deviation (n − 1); 0 for a single path. */
function std(x: Float64Array): number {
  if (x.length < 2) return 0;
  const m = mean(x);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] - m) ** 2;
  return Math.sqrt(s / (x.length - 1));
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
