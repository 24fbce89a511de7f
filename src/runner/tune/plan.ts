import { NS_PER_S, parseDurationNs } from "../../core/time.ts";
import { DEFAULT_SYNTHETIC_S } from "../grid/definition.ts";
import type { Span } from "../grid/spans.ts";
import { rungCount, rungSize, type TuneDefinition } from "./definition.ts";

/*
 * Where each run of a tune runs, in data time:
 *
 *   [0, D] ─ cut into folds + 1 equal segments ─ fold f selects on segment f, reports on f + 1
 *   selection segment [a, b] ─ rung r of R runs on [a, a + (b − a)·η^(r − R + 1)]: the first rung on
 *   the shortest prefix, the last on the whole segment (successive halving: each rung keeps the
 *   best ⌈n/η⌉ and runs them η times longer)
 */

/** The rung of a report run (the chosen configuration on its fold's report segment). */
export const REPORT_RUNG = -1;

/** One fold: where it selects and where it reports. */
export interface Fold {
  select: Span;
  report: Span;
}

/** The folds of a tune over data of length `lengthNs`. */
export function folds(def: Pick<TuneDefinition, "folds">, lengthNs: number): Fold[] {
  const segment = (k: number): Span => ({ startNs: Math.round((k * lengthNs) / (def.folds + 1)), endNs: Math.round(((k + 1) * lengthNs) / (def.folds + 1)) });
  return Array.from({ length: def.folds }, (_, f) => ({ select: segment(f), report: segment(f + 1) }));
}

/** The span rung `rung` runs on within a fold (REPORT_RUNG: the report segment). */
export function rungSpan(def: Pick<TuneDefinition, "budget" | "eta">, fold: Fold, rung: number): Span {
  if (rung === REPORT_RUNG) return fold.report;
  const rungs = rungCount(def);
  const length = (fold.select.endNs - fold.select.startNs) * def.eta ** (rung - rungs + 1);
  return { startNs: fold.select.startNs, endNs: fold.select.startNs + Math.round(length) };
}

/**
 * The index of a run: unique and stable whatever ran before it (a resumed or sharded tune finds
 * the same), sample s of fold f at rung r (the report rung after the last): s + budget·(f·(R + 1) + r).
 */
export function runIndex(def: Pick<TuneDefinition, "budget" | "eta">, fold: number, rung: number, sample: number): number {
  const rungs = rungCount(def);
  return sample + def.budget * (fold * (rungs + 1) + (rung === REPORT_RUNG ? rungs : rung));
}

/** How many configurations each rung keeps running (the first: the whole budget). */
export function rungSizes(def: Pick<TuneDefinition, "budget" | "eta">): number[] {
  return Array.from({ length: rungCount(def) }, (_, r) => rungSize(def, r));
}

/** The data length a synthetic tune generates (--duration, else 24 h), ns. */
export function syntheticLengthNs(def: Pick<TuneDefinition, "duration">): number {
  return def.duration !== null ? parseDurationNs(def.duration) : DEFAULT_SYNTHETIC_S * NS_PER_S;
}
