import { parseConfig } from "../../config/load.ts";
import type { MmConfig } from "../../config/schema.ts";
import { hashJson } from "../../core/hash.ts";
import { MmlabError } from "../../core/errors.ts";
import { parseDurationNs } from "../../core/time.ts";
import { resolveGrid, type GridInput } from "../grid/definition.ts";
import { parseObjective } from "../grid/objective.ts";
import { checkRange, type ParamSpace } from "./space.ts";

/** What a user gives `mmlab tune`, before resolution (the base config and the data as a grid takes them). */
export interface TuneInput extends Pick<GridInput, "base" | "sets" | "data" | "scenario" | "duration" | "seed"> {
  space: ParamSpace;
  /** Configurations sampled (the first rung's size). */
  budget?: number;
  /** Successive halving's reduction factor: each rung keeps the best 1/η on an η times longer span. */
  eta?: number;
  /** Walk-forward folds: the data cut into folds + 1 equal segments; fold f selects on segment f − 1 and reports on segment f. */
  folds?: number;
  objective?: string;
}

/** A resolved tune: what tune.json holds and what identifies a tune folder. */
export interface TuneDefinition {
  space: ParamSpace;
  base: MmConfig;
  data: string | null;
  scenario: string | null;
  /** Data time tuned over ("24h"); null: 24 h synthetic, or the whole file. */
  duration: string | null;
  seed: string;
  budget: number;
  eta: number;
  folds: number;
  objective: string;
}

export const DEFAULT_BUDGET = 27;
export const DEFAULT_ETA = 3;
export const DEFAULT_FOLDS = 2;
/** Most configurations one tune samples. */
export const MAX_BUDGET = 10_000;

/** Validates a tune input and fills in every default; throws MmlabError/ConfigError naming the field. */
export function resolveTune(input: TuneInput): TuneDefinition {
  const names = Object.keys(input.space);
  if (names.length === 0) throw new MmlabError("tune: name at least one --param to tune, e.g. --param gamma=log:0.01..1");
  for (const name of names) {
    if (["data", "scenario", "seed"].includes(name)) throw new MmlabError(`tune: --param ${name}: the data and the seed are not tuned; give --data, --scenario or --seed once`);
    checkRange(name, input.space[name]);
  }
  const budget = input.budget ?? DEFAULT_BUDGET;
  const eta = input.eta ?? DEFAULT_ETA;
  const folds = input.folds ?? DEFAULT_FOLDS;
  if (!(Number.isInteger(budget) && budget >= 2 && budget <= MAX_BUDGET)) throw new MmlabError(`tune: --budget must be an integer in [2, ${MAX_BUDGET}], not ${budget}`);
  if (!(Number.isInteger(eta) && eta >= 2 && eta <= 10)) throw new MmlabError(`tune: --eta must be an integer in [2, 10], not ${eta}`);
  if (!(Number.isInteger(folds) && folds >= 1 && folds <= 10)) throw new MmlabError(`tune: --folds must be an integer in [1, 10], not ${folds}`);
  if (input.data !== undefined && input.scenario !== undefined) throw new MmlabError("tune: give --data or --scenario, not both");
  const objective = input.objective ?? "pnl";
  parseObjective(objective);
  if (input.duration !== undefined) parseDurationNs(input.duration);
  // the data part as a grid resolves it (data or scenario, not both; a known scenario or market file)
  const grid = resolveGrid({ data: input.data, scenario: input.scenario, duration: input.duration, seed: input.seed, params: {} });
  // every sampled value is applied over this base: check each name is a config path the schema knows
  const base = parseConfig(input.base ?? {}, input.sets ?? []);
  return { space: input.space, base, data: grid.data, scenario: grid.scenario, duration: grid.duration, seed: grid.seed, budget, eta, folds, objective };
}

/** SHA-256 of a tune definition (parameter order included: it fixes the draws). */
export function tuneHash(def: TuneDefinition): string {
  return hashJson({ ...def, space: Object.entries(def.space) });
}

/** Rungs of successive halving: ⌊log_η budget⌋ (at least 1), so the last rung keeps between 1 and η² configurations. */
export function rungCount(def: Pick<TuneDefinition, "budget" | "eta">): number {
  let rungs = 1;
  while (def.budget / def.eta ** rungs >= def.eta) rungs++;
  return rungs;
}

/** Configurations run at rung r: ⌈budget / η^r⌉. */
export function rungSize(def: Pick<TuneDefinition, "budget" | "eta">, rung: number): number {
  return Math.max(1, Math.ceil(def.budget / def.eta ** rung));
}
