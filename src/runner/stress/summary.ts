import type { MmConfig } from "../../config/schema.ts";
import type { FeeAssumption } from "../../kpi/report.ts";
import type { RuleKpiKey, RuleResult } from "../../kpi/targets.ts";
import type { BacktestResult } from "../backtest.ts";

/** Tolerance on |q| ≤ q_max (q is a float sum of fill sizes). */
const Q_TOLERANCE = 1e-9;

/** Hard risk limits of one run: what must hold under any stress. */
export interface HardLimits {
  /** Largest |q| after any fill, base units. */
  maxAbsInventory: number;
  qMax: number;
  /** maxAbsInventory ≤ q_max. */
  inventoryWithinLimit: boolean;
  /** Loop steps that threw (contained by the engine, logged in runlog.json). */
  stepErrors: number;
  /** inventoryWithinLimit and no step errors. */
  ok: boolean;
}

/** One run of a stress suite (the baseline or a scenario): KPI values and rules, hard limits, identity. */
export interface StressRunSummary {
  /** "baseline" or the scenario's name. */
  scenario: string;
  description: string;
  configOverrides: string[];
  /** The run folder, relative to the suite folder. */
  runDir: string;
  durationSeconds: number;
  kpis: Record<RuleKpiKey, number | null>;
  rules: RuleResult[];
  rulesPassed: number;
  rulesTotal: number;
  /** The KPI verdict: ≥ 80 % of the rules and every required rule pass. */
  passed: boolean;
  /** Ids of the rules the run must pass (config `kpi.required`). */
  requiredRules: string[];
  /** Why the run failed its KPIs (empty on a pass). */
  failReasons: string[];
  /** The fee assumption behind the PnL. */
  feeSchedule: FeeAssumption;
  /** Maker fee, bp, at which the PnL would be 0; null without maker fills. */
  breakEvenMakerFeeBps: number | null;
  limits: HardLimits;
  guardPauses: number;
  /** Pauses of the feed-health rule (a book older than feed.max_silence_ms), and the time paused for it, s. */
  feedPauses: number;
  staleFeedSeconds: number;
  fills: number;
  maxDrawdown: number;
  events: number;
  resultsHash: string;
  dataHash: string;
}

/** The summary of one finished run. */
export function summariseRun(run: { scenario: string; description: string; configOverrides: string[]; runDir: string; config: MmConfig; result: BacktestResult }): StressRunSummary {
  const { result, config } = run;
  const k = result.kpis;
  const kpis = Object.fromEntries(k.rules.map((r) => [r.key, r.value])) as Record<RuleKpiKey, number | null>;
  return {
    scenario: run.scenario,
    description: run.description,
    configOverrides: run.configOverrides,
    runDir: run.runDir,
    durationSeconds: k.durationSeconds,
    kpis,
    rules: k.rules,
    rulesPassed: k.rulesPassed,
    rulesTotal: k.rulesTotal,
    passed: k.passed,
    requiredRules: k.requiredRules,
    failReasons: k.failReasons,
    feeSchedule: k.feeSchedule,
    breakEvenMakerFeeBps: k.breakEvenMakerFeeBps,
    limits: hardLimits(result, config.risk.q_max),
    guardPauses: result.guardEvents.filter((e) => e.kind === "pause").length,
    feedPauses: result.feedEvents.filter((e) => e.kind === "pause").length,
    staleFeedSeconds: k.pausedSeconds.staleFeed,
    fills: k.fills,
    maxDrawdown: k.maxDrawdown,
    events: result.events,
    resultsHash: result.resultsHash,
    dataHash: result.dataHash,
  };
}

/** The hard limits of a run: |q| after every fill against q_max, and the step errors. */
export function hardLimits(result: Pick<BacktestResult, "fills" | "stepErrors">, qMax: number): HardLimits {
  const maxAbsInventory = maxAbsPosition(result.fills.side as Int8Array, result.fills.qty as Float64Array);
  const inventoryWithinLimit = maxAbsInventory <= qMax + Q_TOLERANCE;
  const stepErrors = result.stepErrors.length;
  return { maxAbsInventory, qMax, inventoryWithinLimit, stepErrors, ok: inventoryWithinLimit && stepErrors === 0 };
}

/** Largest |Σ side·qty| over the fills in order (the position starts flat). */
export function maxAbsPosition(side: ArrayLike<number>, qty: ArrayLike<number>): number {
  let q = 0;
  let max = 0;
  for (let i = 0; i < qty.length; i++) {
    q += side[i] * qty[i];
    if (Math.abs(q) > max) max = Math.abs(q);
  }
  return max;
}
