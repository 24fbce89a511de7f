import { sharpeOf } from "./sharpe.ts";

/*
 * The probability of backtest overfitting by combinatorially symmetric cross-validation (Bailey,
 * Borwein, López de Prado & Zhu, "The Probability of Backtest Overfitting", 2017).
 *
 *   N trials × T returns ─ split the T rows into S blocks (S even) ─ every way to pick S/2 blocks
 *   (C(S, S/2) combinations): in-sample = those blocks, out-of-sample = the others
 *     → n* = the trial with the best in-sample performance (Sharpe ratio, or mean return)
 *     → ω = its out-of-sample performance rank / (N + 1)      (rank 1 = worst, ties averaged)
 *     → λ = ln(ω / (1 − ω))
 *   PBO = the share of combinations with λ ≤ 0: the in-sample best at or below the out-of-sample median.
 *
 * Each trial's per-block count, sum and sum of squares are taken once; a combination's Sharpe
 * ratios then come from S block sums per trial. Performances equal to 1e-9 (relative) are ties:
 * the same ratio rounded two ways (a series and a multiple of it) must not rank by its rounding.
 */

/** The probability of backtest overfitting and what it is made of. */
export interface Pbo {
  /** Share of combinations whose in-sample best trial ranks at or below the out-of-sample median. */
  pbo: number;
  /** Blocks S the returns were split into. */
  blocks: number;
  /** Combinations C(S, S/2). */
  combinations: number;
  /** λ of every combination, in the order of their block masks. */
  logits: Float64Array;
  /** Mean over the combinations of the Spearman correlation of the trials' in-sample and out-of-sample performances (NaN if never defined). */
  rankCorrelation: number;
  /** What ranked the trials. */
  performance: PboPerformance;
}

/**
 * What ranks the trials in and out of sample: "sharpe" (mean / sample sd of the returns, the
 * paper's), or "mean" (the mean return: the ranking of total profit, as a search by PnL makes).
 */
export type PboPerformance = "sharpe" | "mean";

/** The default number of blocks (12,870 combinations), as in the paper's examples. */
export const DEFAULT_PBO_BLOCKS = 16;
/** The most blocks allowed (C(20, 10) = 184,756 combinations). */
export const MAX_PBO_BLOCKS = 20;

/** PBO by CSCV of `returns`, one series of T returns per trial (N ≥ 2 trials, T ≥ S), over `blocks` (even, 2…20) blocks, trials ranked by `performance`. */
export function probabilityOfOverfitting(returns: readonly ArrayLike<number>[], blocks = DEFAULT_PBO_BLOCKS, performance: PboPerformance = "sharpe"): Pbo {
  const trials = returns.length;
  if (trials < 2) throw new RangeError(`probabilityOfOverfitting: at least 2 trials are needed, not ${trials}`);
  if (!(Number.isInteger(blocks) && blocks >= 2 && blocks <= MAX_PBO_BLOCKS && blocks % 2 === 0)) throw new RangeError(`probabilityOfOverfitting: blocks must be an even integer in [2, ${MAX_PBO_BLOCKS}], not ${blocks}`);
  const rows = returns[0].length;
  if (rows < blocks) throw new RangeError(`probabilityOfOverfitting: ${rows} returns per trial cannot fill ${blocks} blocks`);
  for (let n = 0; n < trials; n++) {
    if (returns[n].length !== rows) throw new RangeError(`probabilityOfOverfitting: trial ${n} has ${returns[n].length} returns, trial 0 has ${rows}`);
    for (let t = 0; t < rows; t++) if (!Number.isFinite(returns[n][t])) throw new RangeError(`probabilityOfOverfitting: trial ${n}, return ${t} is ${returns[n][t]}`);
  }
  return _cscv(blockSums(returns, blocks), trials, blocks, performance);
}

/** Per trial and block (index n·S + b): the count, sum and sum of squares of the returns; block b holds rows [⌊bT/S⌋, ⌊(b+1)T/S⌋). */
function blockSums(returns: readonly ArrayLike<number>[], blocks: number): { count: Float64Array; sum: Float64Array; sumSq: Float64Array } {
  const trials = returns.length;
  const rows = returns[0].length;
  const count = new Float64Array(trials * blocks);
  const sum = new Float64Array(trials * blocks);
  const sumSq = new Float64Array(trials * blocks);
  for (let n = 0; n < trials; n++) {
    for (let b = 0; b < blocks; b++) {
      const lo = Math.floor((b * rows) / blocks);
      const hi = Math.floor(((b + 1) * rows) / blocks);
      let s = 0;
      let q = 0;
      for (let t = lo; t < hi; t++) {
        s += returns[n][t];
        q += returns[n][t] * returns[n][t];
      }
      count[n * blocks + b] = hi - lo;
      sum[n * blocks + b] = s;
      sumSq[n * blocks + b] = q;
    }
  }
  return { count, sum, sumSq };
}

function _cscv(sums: { count: Float64Array; sum: Float64Array; sumSq: Float64Array }, trials: number, blocks: number, performance: PboPerformance): Pbo {
  const logitList: number[] = [];
  const inSample = new Float64Array(trials);
  const outOfSample = new Float64Array(trials);
  let overfit = 0;
  let correlationSum = 0;
  let correlations = 0;
  for (let mask = 0; mask < 1 << blocks; mask++) {
    if (popCount(mask) !== blocks / 2) continue;
    for (let n = 0; n < trials; n++) {
      inSample[n] = performanceOfBlocks(sums, n, blocks, mask, true, performance);
      outOfSample[n] = performanceOfBlocks(sums, n, blocks, mask, false, performance);
    }
    let best = 0;
    for (let n = 1; n < trials; n++) if (inSample[n] > inSample[best] && !tied(inSample[n], inSample[best])) best = n;
    const omega = averageRank(outOfSample, best) / (trials + 1);
    const logit = Math.log(omega / (1 - omega));
    logitList.push(logit);
    if (logit <= 0) overfit++;
    const rho = spearman(inSample, outOfSample);
    if (!Number.isNaN(rho)) {
      correlationSum += rho;
      correlations++;
    }
  }
  const logits = Float64Array.from(logitList);
  return { pbo: overfit / logits.length, blocks, combinations: logits.length, logits, rankCorrelation: correlations === 0 ? NaN : correlationSum / correlations, performance };
}

/** The performance of trial n over the blocks in `mask` (inside) or not in it. */
function performanceOfBlocks(sums: { count: Float64Array; sum: Float64Array; sumSq: Float64Array }, n: number, blocks: number, mask: number, inside: boolean, performance: PboPerformance): number {
  let c = 0;
  let s = 0;
  let q = 0;
  for (let b = 0; b < blocks; b++) {
    if ((((mask >> b) & 1) === 1) !== inside) continue;
    c += sums.count[n * blocks + b];
    s += sums.sum[n * blocks + b];
    q += sums.sumSq[n * blocks + b];
  }
  const mean = s / c;
  if (performance === "mean") return mean;
  // sample variance from the sums; rounding can take an all-equal series a hair below 0
  const variance = c > 1 ? Math.max(0, (q - s * mean) / (c - 1)) : 0;
  return sharpeOf(mean, variance);
}

/** Whether two performances are equal to 1e-9, relative (or both the same infinity). */
function tied(a: number, b: number): boolean {
  return a === b || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

function popCount(x: number): number {
  let c = 0;
  for (let v = x; v !== 0; v &= v - 1) c++;
  return c;
}

/** The rank (1 = lowest) of values[i] among `values`, ties sharing their average rank. */
function averageRank(values: Float64Array, i: number): number {
  let below = 0;
  let equal = 0;
  for (let j = 0; j < values.length; j++) {
    if (j === i) continue;
    if (tied(values[j], values[i])) equal++;
    else if (values[j] < values[i]) below++;
  }
  return below + 1 + equal / 2;
}

/** Spearman's rank correlation of x and y (average ranks for ties, as `tied` says); NaN when either has a single rank. */
export function spearman(x: Float64Array, y: Float64Array): number {
  const rx = ranks(x);
  const ry = ranks(y);
  const n = x.length;
  const mean = (n + 1) / 2;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (rx[i] - mean) * (ry[i] - mean);
    sxx += (rx[i] - mean) ** 2;
    syy += (ry[i] - mean) ** 2;
  }
  return sxx === 0 || syy === 0 ? NaN : sxy / Math.sqrt(sxx * syy);
}

/** Average ranks (1 = lowest) of every value. */
function ranks(values: Float64Array): Float64Array {
  const order = Array.from(values.keys()).sort((a, b) => values[a] - values[b] || a - b);
  const out = new Float64Array(values.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && tied(values[order[j + 1]], values[order[j]])) j++;
    for (let k = i; k <= j; k++) out[order[k]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return out;
}
