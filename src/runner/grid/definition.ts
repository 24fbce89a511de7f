import { parseConfig } from "../../config/load.ts";
import type { MmConfig } from "../../config/schema.ts";
import { canonicalJson, hashJson } from "../../core/hash.ts";
import { MmlabError } from "../../core/errors.ts";
import { NS_PER_S, parseDurationNs } from "../../core/time.ts";
import { isScenarioFile, isSyntheticScenario, scenarioParams, SYNTHETIC_SCENARIOS } from "../../data/synthetic/scenarios.ts";
import { parseObjective } from "./objective.ts";
import { FIXED_COLUMNS, KPI_COLUMNS } from "./rows.ts";
import { parseSpan } from "./spans.ts";

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Parameters that choose the data or the seed instead of a config field. */
export const SPECIAL_PARAMS: ReadonlySet<string> = new Set(["data", "scenario", "seed"]);

/** What a user gives (a grid file and/or the command line), before resolution. */
export interface GridInput {
  /** Parameter name (a dotted config path, or data / scenario / seed) → values, in grid order. */
  params?: Record<string, unknown[]>;
  /** The config every point starts from (a partial config; defaults fill the rest). */
  base?: unknown;
  /** `path=value` overrides applied to `base`. */
  sets?: string[];
  data?: string;
  scenario?: string;
  duration?: string;
  seed?: string | number;
  selectOn?: string;
  reportOn?: string;
  objective?: string;
}

/** A resolved grid: what grid.json holds and what identifies a grid folder. */
export interface GridDefinition {
  /** Parameter name → values in grid order (the last parameter varies fastest). */
  params: Record<string, JsonValue[]>;
  /** The config every point starts from, every default filled in. */
  base: MmConfig;
  /** Event file replayed by every point (unless a `data`/`scenario` param says otherwise). */
  data: string | null;
  /** Synthetic scenario when there is no data file ("default" when neither is given). */
  scenario: string | null;
  /** Data time to run ("24h"); null: 24 h synthetic, whole file (or up to the last span). */
  duration: string | null;
  seed: string;
  /** Walk-forward: the span the grid runs on, and the span the chosen point is re-run on. */
  selectOn: string | null;
  reportOn: string | null;
  /** Walk-forward objective (default "pnl"); null without walk-forward. */
  objective: string | null;
}

/** Validates a grid input and fills in every default; throws MmlabError/ConfigError naming the field. */
export function resolveGrid(input: GridInput): GridDefinition {
  const params = resolveParams(input.params ?? {});
  if (input.data !== undefined && input.scenario !== undefined) throw new MmlabError(`grid: give data or scenario, not both`);
  if ("data" in params && "scenario" in params) throw new MmlabError(`grid: params data and scenario conflict; vary one of them`);
  if (input.scenario !== undefined) checkScenario(input.scenario, "scenario");
  for (const v of params.scenario ?? []) checkScenario(v, "param scenario");
  for (const v of params.data ?? []) if (typeof v !== "string" || v === "") throw new MmlabError(`grid: param data: ${canonicalJson(v)} is not a file path`);
  for (const v of params.seed ?? []) if (typeof v !== "string" && typeof v !== "number") throw new MmlabError(`grid: param seed: ${canonicalJson(v)} is not a number or text`);
  if (input.duration !== undefined) parseDurationNs(input.duration);
  if ((input.selectOn === undefined) !== (input.reportOn === undefined)) throw new MmlabError(`grid: walk-forward needs both --select-on and --report-on`);
  if (input.objective !== undefined && input.selectOn === undefined) throw new MmlabError(`grid: --objective needs --select-on and --report-on`);
  const walkForward = input.selectOn !== undefined && input.reportOn !== undefined;
  if (walkForward) checkSpans(input.selectOn!, input.reportOn!, input.duration, input.data !== undefined || "data" in params);
  const objective = walkForward ? (input.objective ?? "pnl") : null;
  if (objective !== null) parseObjective(objective);
  return {
    params,
    base: parseConfig(input.base ?? {}, input.sets ?? []),
    data: input.data ?? null,
    scenario: input.scenario ?? null,
    duration: input.duration ?? null,
    seed: String(input.seed ?? "1"),
    selectOn: input.selectOn ?? null,
    reportOn: input.reportOn ?? null,
    objective,
  };
}

/** SHA-256 of a grid definition (parameter order included: it fixes every point's index). */
export function gridHash(def: GridDefinition): string {
  return hashJson({ ...def, params: Object.entries(def.params) });
}

/** Number of points: the product of the parameter value counts. */
export function gridSize(def: GridDefinition): number {
  return Object.values(def.params).reduce((n, values) => n * values.length, 1);
}

/** Synthetic data length when no --duration is given (s). */
export const DEFAULT_SYNTHETIC_S = 24 * 3600;

/** Length of the synthetic data every point generates (s): --duration, else up to the last span, else 24 h. */
export function syntheticSeconds(def: GridDefinition): number {
  if (def.duration !== null) return parseDurationNs(def.duration) / NS_PER_S;
  if (def.selectOn !== null && def.reportOn !== null) return Math.max(parseSpan(def.selectOn).endNs, parseSpan(def.reportOn).endNs) / NS_PER_S;
  return DEFAULT_SYNTHETIC_S;
}

const RESERVED = new Set<string>([...KPI_COLUMNS, ...FIXED_COLUMNS]);

function resolveParams(input: Record<string, unknown[]>): Record<string, JsonValue[]> {
  if (input === null || typeof input !== "object" || Array.isArray(input)) throw new MmlabError(`grid: params must be an object { "name": [values…] }`);
  const out: Record<string, JsonValue[]> = {};
  for (const [name, values] of Object.entries(input)) {
    if (!/^[^.\s=]+(\.[^.\s=]+)*$/.test(name)) throw new MmlabError(`grid: param "${name}": not a dotted config path`);
    if (RESERVED.has(name)) throw new MmlabError(`grid: param "${name}": clashes with the result column of that name`);
    if (!Array.isArray(values) || values.length === 0) throw new MmlabError(`grid: param ${name}: needs a non-empty list of values`);
    const seen = new Set<string>();
    out[name] = values.map((v) => {
      if (v === undefined || (typeof v === "number" && !Number.isFinite(v))) throw new MmlabError(`grid: param ${name}: ${String(v)} is not a JSON value`);
      const key = canonicalJson(v);
      if (seen.has(key)) throw new MmlabError(`grid: param ${name}: value ${key} is listed twice`);
      seen.add(key);
      return JSON.parse(JSON.stringify(v)) as JsonValue;
    });
  }
  return out;
}

function checkScenario(value: unknown, what: string): void {
  if (typeof value === "string" && isScenarioFile(value)) {
    scenarioParams(value); // a bad market file fails here, before any point runs
    return;
  }
  if (typeof value !== "string" || !isSyntheticScenario(value)) {
    throw new MmlabError(`grid: ${what} ${canonicalJson(value)}: unknown; choose one of ${Object.keys(SYNTHETIC_SCENARIOS).join(", ")}, or a market.json file`);
  }
}

function checkSpans(selectOn: string, reportOn: string, duration: string | undefined, fileData: boolean): void {
  const select = parseSpan(selectOn, "--select-on");
  const report = parseSpan(reportOn, "--report-on");
  if (select.startNs < report.endNs && report.startNs < select.endNs) {
    throw new MmlabError(`grid: --select-on ${selectOn} and --report-on ${reportOn} overlap; the report span must be data the selection never saw`);
  }
  if (duration !== undefined && !fileData) {
    const end = Math.max(select.endNs, report.endNs);
    if (parseDurationNs(duration) < end) throw new MmlabError(`grid: --duration ${duration} is shorter than the spans (up to ${end / NS_PER_S} s)`);
  }
}
