import { normalCdf, normalQuantile } from "./normal.ts";

/*
 * The deflated Sharpe ratio (Bailey & López de Prado, "The Deflated Sharpe Ratio: Correcting for
 * Selection Bias, Backtest Overfitting and Non-Normality", 2014). Sharpe ratios are per
 * observation (not annualised), the same unit as the variance of the trials' Sharpe ratios.
 *
 *   E[max SR]  = √V · ((1 − γ) Φ⁻¹(1 − 1/N) + γ Φ⁻¹(1 − 1/(N e)))        γ = Euler–Mascheroni
 *   PSR(SR*)   = Φ( (SR − SR*) √(T − 1) / √(1 − γ3 SR + (γ4 − 1)/4 SR²) )
 *   DSR        = PSR(E[max SR])
 */

const EULER_MASCHERONI = 0.5772156649015329;

/** What the deflated Sharpe ratio of the best of several trials is computed from. */
export interface DeflatedSharpeInput {
  /** The selected trial's Sharpe ratio per observation. */
  sharpe: number;
  /** Its number of returns T (≥ 2). */
  observations: number;
  /** Its returns' skewness γ3. */
  skewness: number;
  /** Its returns' kurtosis γ4 (not excess: 3 for normal returns). */
  kurtosis: number;
  /** Trials the selection was made among, N (≥ 1). */
  trials: number;
  /** Variance of the trials' Sharpe ratios, V (≥ 0). */
  sharpeVariance: number;
}

/** The deflated Sharpe ratio and the Sharpe ratio the best of N trials reaches by luck alone. */
export interface DeflatedSharpe {
  /** P(the selected strategy's true Sharpe ratio > expectedMaxSharpe): in [0, 1]; NaN when undefined. */
  dsr: number;
  /** E[max SR] of N trials with Sharpe variance V whose true Sharpe ratios are all 0. */
  expectedMaxSharpe: number;
}

/** E[max SR]: the expected largest Sharpe ratio of `trials` unskilled trials whose Sharpe ratios vary with `sharpeVariance` (0 for one trial). */
export function expectedMaxSharpe(trials: number, sharpeVariance: number): number {
  if (!(Number.isInteger(trials) && trials >= 1)) throw new RangeError(`expectedMaxSharpe: trials must be an integer ≥ 1, not ${trials}`);
  if (!(sharpeVariance >= 0)) throw new RangeError(`expectedMaxSharpe: the Sharpe variance must be ≥ 0, not ${sharpeVariance}`);
  if (trials === 1) return 0;
  const g = EULER_MASCHERONI;
  return Math.sqrt(sharpeVariance) * ((1 - g) * normalQuantile(1 - 1 / trials) + g * normalQuantile(1 - 1 / (trials * Math.E)));
}

/** PSR: the probability that the true Sharpe ratio exceeds `benchmark`, given the estimate `sharpe` from T returns with skewness γ3 and kurtosis γ4. */
export function probabilisticSharpe(sharpe: number, benchmark: number, observations: number, skewness: number, kurtosis: number): number {
  if (!(Number.isInteger(observations) && observations >= 2)) throw new RangeError(`probabilisticSharpe: observations must be an integer ≥ 2, not ${observations}`);
  if (!Number.isFinite(sharpe)) return Number.isNaN(sharpe) ? NaN : sharpe > 0 ? 1 : 0;
  const spread = 1 - skewness * sharpe + ((kurtosis - 1) / 4) * sharpe * sharpe;
  if (!(spread > 0)) return NaN;
  return normalCdf(((sharpe - benchmark) * Math.sqrt(observations - 1)) / Math.sqrt(spread));
}

/** The deflated Sharpe ratio of the trial selected among `trials` (Bailey & López de Prado 2014). */
export function deflatedSharpe(input: DeflatedSharpeInput): DeflatedSharpe {
  const benchmark = expectedMaxSharpe(input.trials, input.sharpeVariance);
  return { dsr: probabilisticSharpe(input.sharpe, benchmark, input.observations, input.skewness, input.kurtosis), expectedMaxSharpe: benchmark };
}
