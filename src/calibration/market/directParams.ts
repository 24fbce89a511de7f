import type { SyntheticParams } from "../../data/synthetic/params.ts";
import type { DirectStats } from "./directStats.ts";

/** The synthetic market's parameters that are read directly from the data's statistics (the book, order sizes, feed latency). */
export type DirectParams = Pick<
  SyntheticParams,
  | "limitRatePerS"
  | "limitAtTouchProb"
  | "limitMeanOffsetTicks"
  | "limitSizeMedian"
  | "limitSizeLogStd"
  | "cancelRatePerLevelS"
  | "quoteSizeMedian"
  | "maxLevels"
  | "tradeSizeMedian"
  | "tradeSizeLogStd"
  | "tradeSizeMax"
  | "sweepProb"
  | "sweepSizeMean"
  | "feedLatencyMs"
  | "feedLatencyLogStd"
>;

const positive = (x: number, fallback: number): number => (Number.isFinite(x) && x > 0 ? x : fallback);
const share = (x: number, fallback: number): number => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : fallback);

/**
 * Moment estimators of the direct parameters (see DirectStats for what each statistic is):
 *   limitRatePerS        depth increases per second and side
 *   limitAtTouchProb     share of increases at or better than the best
 *   limitMeanOffsetTicks mean distance behind the best of the others − ½ (the generator places
 *                        them 1 + ⌊Exp(mean)⌋ ticks behind, whose mean is ≈ mean + ½)
 *   limitSize…           lognormal of the increases' sizes (quantiles)
 *   cancelRatePerLevelS  unexplained decreases per resting level and second
 *   quoteSizeMedian      median size at the touch
 *   maxLevels            99th percentile of levels per side in the window (at least 32)
 *   tradeSize…, sweep…   orderSizes.ts; tradeSizeMax = the largest order seen
 *   feedLatency…         lognormal of local − exch (quantiles)
 * A statistic the data cannot give (no depth changes, no latency) falls back to the default
 * given. These are first guesses: the generator's own mechanics (quotes, pulls, the window)
 * bias several of them, which `correctDirectParams` removes by simulation.
 */
export function directParams(s: DirectStats, fallback: SyntheticParams): DirectParams {
  const sweeping = s.sizes.sweeps.sweepProb > 0;
  return {
    limitRatePerS: positive(s.limitRatePerS, fallback.limitRatePerS),
    limitAtTouchProb: share(s.limitAtTouchShare, fallback.limitAtTouchProb),
    limitMeanOffsetTicks: positive(s.limitBehindTicks - 0.5, fallback.limitMeanOffsetTicks),
    limitSizeMedian: positive(s.limitSize.median, fallback.limitSizeMedian),
    limitSizeLogStd: Number.isFinite(s.limitSize.logStd) ? s.limitSize.logStd : fallback.limitSizeLogStd,
    cancelRatePerLevelS: positive(s.cancelRatePerLevelS, fallback.cancelRatePerLevelS),
    quoteSizeMedian: positive(s.touchSizeMedian, fallback.quoteSizeMedian),
    maxLevels: Math.min(512, Math.max(32, Number.isFinite(s.levelsP99) ? Math.ceil(s.levelsP99 - 1e-6) : 32)),
    tradeSizeMedian: positive(s.sizes.body.median, fallback.tradeSizeMedian),
    tradeSizeLogStd: Number.isFinite(s.sizes.body.logStd) ? s.sizes.body.logStd : fallback.tradeSizeLogStd,
    tradeSizeMax: positive(s.sizes.maxSize, fallback.tradeSizeMax),
    sweepProb: sweeping ? s.sizes.sweeps.sweepProb : 0,
    sweepSizeMean: sweeping ? s.sizes.sweeps.sweepSizeMean : fallback.sweepSizeMean,
    feedLatencyMs: Number.isFinite(s.latencyMs.median) ? s.latencyMs.median : 0,
    feedLatencyLogStd: Number.isFinite(s.latencyMs.logStd) ? s.latencyMs.logStd : 0,
  };
}

/** How far (log scale) a correction may take a log-std from its direct estimate: a factor 1.5 (a wider one multiplies the tails' sizes by orders of magnitude). */
const LOG_STD_BOUND = Math.log(1.5);

/** How far (on its scale) a correction may take a parameter from its direct estimate. */
const DEFAULT_BOUND = 1.5;

/** The direct parameters corrected by simulation, one statistic each: how the parameter is moved, by ratio (rates, sizes) or on the logit scale (shares). */
const CORRECTIONS: { param: keyof DirectParams; stat: (s: DirectStats) => number; scale: "ratio" | "logit" | "sweeps"; bound?: number }[] = [
  { param: "limitRatePerS", stat: (s) => s.limitRatePerS, scale: "ratio" },
  { param: "limitAtTouchProb", stat: (s) => s.limitAtTouchShare, scale: "logit" },
  { param: "limitMeanOffsetTicks", stat: (s) => s.limitBehindTicks, scale: "ratio" },
  { param: "limitSizeMedian", stat: (s) => s.limitSize.median, scale: "ratio" },
  { param: "cancelRatePerLevelS", stat: (s) => s.cancelRatePerLevelS, scale: "ratio" },
  { param: "quoteSizeMedian", stat: (s) => s.touchSizeMedian, scale: "ratio" },
  { param: "sweepProb", stat: (s) => s.sizes.sweeps.excessShare, scale: "sweeps" },
  { param: "sweepSizeMean", stat: (s) => s.sizes.sweeps.excessMeanAbove, scale: "ratio" },
  { param: "feedLatencyMs", stat: (s) => s.latencyMs.median, scale: "ratio" },
  { param: "feedLatencyLogStd", stat: (s) => s.latencyMs.logStd, scale: "ratio", bound: LOG_STD_BOUND },
];

/** The parameters `correctDirectParams` moves. */
export const CORRECTED_PARAMS: readonly (keyof DirectParams)[] = CORRECTIONS.map((c) => c.param);

const logit = (p: number): number => Math.log(p / (1 - p));

/** A simulation of the market at `params` and the statistics it showed. */
export interface SimulatedPoint {
  params: DirectParams;
  stats: DirectStats;
}

/**
 * One step of indirect inference on the direct parameters: each parameter moves so that its
 * statistic would match the data's, on the log scale for rates and sizes (logit for shares):
 * x ← x + (s_data − s_sim)/e, where e is the statistic's elasticity — measured between the last
 * two simulations (a secant) when the parameter moved between them, kept within [0.3, 2], else 1
 * (p·data/sim), and within e^±1.5 of the direct estimate on that scale (a factor 1.5 for the
 * feed latency's log-std). The limit orders' log-std is not corrected: under the quote threshold
 * its statistic saturates, and the 10/90 % quantiles read it well where the model holds. Each statistic grows with
 * its own parameter, so this converges to the parameters whose simulation reproduces the data's
 * statistics. The sweep probability moves additively, p + (excess_data − excess_sim)·e^{x₀/mean}
 * (the share of exponential sweeps above the tail threshold x₀), so that it can leave 0. A
 * statistic missing on either side leaves its parameter alone.
 */
export function correctDirectParams(data: DirectStats, history: readonly SimulatedPoint[], initial: DirectParams): DirectParams {
  const last = history[history.length - 1];
  const previous = history.length > 1 ? history[history.length - 2] : undefined;
  const out = { ...last.params };
  for (const c of CORRECTIONS) {
    const d = c.stat(data);
    const s = c.stat(last.stats);
    const p = last.params[c.param] as number;
    if (c.scale === "sweeps") {
      if (!(Number.isFinite(d) && Number.isFinite(s))) continue;
      out.sweepProb = Math.min(0.2, Math.max(0, p + (d - s) * Math.exp(data.sizes.sweeps.thresholdSize / last.params.sweepSizeMean)));
      continue;
    }
    const scale = c.scale === "ratio" ? Math.log : logit;
    const inRange = (x: number): boolean => (c.scale === "ratio" ? x > 0 : x > 0 && x < 1);
    if (!(inRange(d) && inRange(s) && inRange(p))) continue;
    let elasticity = 1;
    if (previous !== undefined) {
      const p0 = previous.params[c.param] as number;
      const s0 = c.stat(previous.stats);
      const dp = scale(p) - scale(p0);
      if (inRange(p0) && inRange(s0) && Math.abs(dp) > 1e-3) elasticity = Math.min(2, Math.max(0.3, (scale(s) - scale(s0)) / dp));
    }
    // Bounded: a statistic that barely reacts, or a market the model cannot mimic, must not throw
    // the parameter far from its direct estimate (within a factor e^1.5 ≈ 4.5 on its scale).
    const origin = scale(initial[c.param] as number);
    const bound = c.bound ?? DEFAULT_BOUND;
    const x = Math.max(origin - bound, Math.min(origin + bound, scale(p) + (scale(d) - scale(s)) / elasticity));
    (out[c.param] as number) = c.scale === "ratio" ? Math.exp(x) : 1 / (1 + Math.exp(-x));
  }
  return out;
}

/** The corrected parameters that ended at the limit of how far a correction may move them from the direct estimate: the simulated book could not reproduce the data's statistic. */
export function correctionsAtBound(params: DirectParams, initial: DirectParams): (keyof DirectParams)[] {
  return CORRECTIONS.filter((c) => {
    if (c.scale === "sweeps") return false;
    const scale = c.scale === "ratio" ? Math.log : logit;
    const p = params[c.param] as number;
    const p0 = initial[c.param] as number;
    return Number.isFinite(scale(p)) && Number.isFinite(scale(p0)) && Math.abs(scale(p) - scale(p0)) >= (c.bound ?? DEFAULT_BOUND) - 1e-9;
  }).map((c) => c.param);
}
