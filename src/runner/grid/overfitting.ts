import { DEFAULT_PBO_BLOCKS, deflatedSharpe, probabilityOfOverfitting, sharpeStats } from "../../research/overfitting/index.ts";
import { variance } from "../../research/stats.ts";
import type { GridDefinition } from "./definition.ts";
import { parseObjective, selectBest, type Objective } from "./objective.ts";
import { RETURN_SLICES, type GridRow } from "./rows.ts";
import type { GridFolder } from "./store.ts";

/*
 * How much a search's best point owes to luck, from every point's PnL per time slice (rows.ts):
 *
 *   rows ─ returns (N points × 128 slices) ─┬─ PBO by CSCV over 16 blocks, the points ranked as the
 *                                           │  objective ranks them (mean PnL for "pnl", else the Sharpe ratio)
 *                                           └─ the best point's Sharpe ratio per slice, deflated for N trials
 *                                              (its skewness and kurtosis; the variance of the N points' Sharpe ratios)
 */

/** The file beside the result tables of a whole grid. */
export const OVERFITTING_FILE = "overfitting.json";

/** The overfitting statistics of a grid (or a tune), as overfitting.json holds them. */
export interface GridOverfitting {
  /** Points searched among (trials N). */
  trials: number;
  /** What each trial's series is. */
  returns: string;
  pbo: {
    /** Probability of backtest overfitting: the share of CSCV splits whose in-sample best is at or below the out-of-sample median. */
    value: number;
    blocks: number;
    combinations: number;
    /** "mean" (total PnL's ranking) or "sharpe". */
    rankedBy: string;
    /** Mean Spearman correlation of the points' in-sample and out-of-sample ranks over the splits (null when never defined). */
    rankCorrelation: number | null;
  };
  deflatedSharpe: {
    /** The selected point (the grid's best by its objective). */
    point: number;
    /** Its Sharpe ratio per slice (not annualised; null when infinite: every slice the same), skewness, kurtosis (not excess) and slices. */
    sharpe: number | null;
    skewness: number;
    kurtosis: number;
    observations: number;
    /** Variance of the N points' Sharpe ratios per slice. */
    sharpeVariance: number;
    /** The Sharpe ratio per slice the best of N unskilled points reaches by luck alone. */
    expectedMaxSharpe: number;
    /** P(the selected point's true Sharpe ratio exceeds expectedMaxSharpe); null when undefined. */
    value: number | null;
  };
  method: string;
}

/** Why a grid has no overfitting statistics, or them. */
export type OverfittingOutcome = { stats: GridOverfitting } | { missing: string };

/** The overfitting statistics of a search's rows (every point, each with its returns), the best chosen by `objective` as the grid chooses it. */
export function gridOverfitting(rows: readonly GridRow[], objective: Objective): OverfittingOutcome {
  if (rows.length < 2) return { missing: "one point: nothing was selected among trials" };
  const series = rows.map((r) => r.returns);
  const without = rows.filter((r) => r.returns === undefined || r.returns.length !== RETURN_SLICES).length;
  if (without > 0) return { missing: `${without} of ${rows.length} points were cached without their PnL per slice (run by an older version): remove their files under points/ and run the grid again` };
  const returns = series as number[][];
  // the same PnL in every slice at every point (often none: no fills) leaves nothing to rank: every split would tie
  if (returns.every((r) => r.every((x, k) => x === returns[0][k]))) return { missing: `every point made the same PnL in every slice (${returns[0].every((x) => x === 0) ? "none: no fills" : "identical runs"}): nothing to rank` };
  const pbo = probabilityOfOverfitting(returns, DEFAULT_PBO_BLOCKS, objective.kpi === "pnl" && objective.direction === 1 ? "mean" : "sharpe");
  const best = selectBest(rows, objective).row;
  const position = rows.indexOf(best);
  const own = sharpeStats(returns[position]);
  const sharpes = returns.map((r) => sharpeStats(r).sharpe).filter(Number.isFinite);
  const sharpeVariance = sharpes.length >= 2 ? (variance(sharpes) * sharpes.length) / (sharpes.length - 1) : 0;
  const deflated = deflatedSharpe({ sharpe: own.sharpe, observations: own.observations, skewness: own.skewness, kurtosis: own.kurtosis, trials: rows.length, sharpeVariance });
  return {
    stats: {
      trials: rows.length,
      returns: `PnL per slice: each point's run cut into ${RETURN_SLICES} equal time slices`,
      pbo: { value: pbo.pbo, blocks: pbo.blocks, combinations: pbo.combinations, rankedBy: pbo.performance, rankCorrelation: finiteOrNull(pbo.rankCorrelation) },
      deflatedSharpe: {
        point: best.index,
        sharpe: finiteOrNull(own.sharpe),
        skewness: own.skewness,
        kurtosis: own.kurtosis,
        observations: own.observations,
        sharpeVariance,
        expectedMaxSharpe: deflated.expectedMaxSharpe,
        value: finiteOrNull(deflated.dsr),
      },
      method: "PBO by combinatorially symmetric cross-validation (Bailey, Borwein, López de Prado & Zhu 2017); deflated Sharpe ratio (Bailey & López de Prado 2014)",
    },
  };
}

/** "overfitting: PBO 0.42 (CSCV, 12870 splits, …); deflated Sharpe 0.31 for point 4 among 9 trials (…)"; `name` names the selected row by its index. */
export function overfittingLine(outcome: OverfittingOutcome, name: (index: number) => string = (index) => `point ${index}`): string {
  if ("missing" in outcome) return `overfitting: not computed (${outcome.missing})`;
  const o = outcome.stats;
  const rho = o.pbo.rankCorrelation === null ? "undefined" : o.pbo.rankCorrelation.toFixed(2);
  const dsr = o.deflatedSharpe.value === null ? "undefined" : o.deflatedSharpe.value.toFixed(2);
  return `overfitting: PBO ${o.pbo.value.toFixed(2)} (CSCV, ${o.pbo.combinations} splits, ranked by ${o.pbo.rankedBy}; in/out-of-sample rank correlation ${rho}); deflated Sharpe ${dsr} for ${name(o.deflatedSharpe.point)} among ${o.trials} trials (Sharpe ${o.deflatedSharpe.sharpe === null ? "infinite" : o.deflatedSharpe.sharpe.toFixed(3)} per slice vs ${o.deflatedSharpe.expectedMaxSharpe.toFixed(3)} expected of the best by luck)`;
}

/** The overfitting statistics of a whole grid's rows, written to overfitting.json in its folder when they can be computed. */
export function writeGridOverfitting(folder: GridFolder, def: GridDefinition, rows: readonly GridRow[]): OverfittingOutcome {
  const outcome = gridOverfitting(rows, parseObjective(def.objective ?? "pnl"));
  if ("stats" in outcome) folder.writeJson(OVERFITTING_FILE, outcome.stats);
  return outcome;
}

function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}
