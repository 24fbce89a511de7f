import { join } from "node:path";
import type { MmConfig } from "../../config/schema.ts";
import { NS_PER_S } from "../../core/time.ts";
import { fitMarket, type MarketFit } from "../../calibration/market/fitMarket.ts";
import { openMarketData } from "../../data/sources/index.ts";
import { writeStressReport } from "../stress/report.ts";
import { planStressSuite, type StressSuite } from "../stress/runSuite.ts";
import { runSuitePlan } from "../stress/suitePool.ts";
import type { SuiteSource } from "../stress/suiteRun.ts";
import type { StressRunSummary } from "../stress/summary.ts";
import type { StressScenario } from "../stress/types.ts";
import { validationLabel, validationVerdict, type ValidationCheck } from "./verdict.ts";

/**
 * The market a validation runs on: the default synthetic day, a named scenario or market.json,
 * or a real file — whose baseline is the file itself and whose stress suite runs on the market
 * fitted to it (calibration/market), since a stress scenario wants hours of data a file may not have.
 */
export type ValidationMarket = { kind: "scenario"; scenario: string } | { kind: "file"; path: string };

/** What a validation runs. */
export interface ValidationOptions {
  /** Default: the default synthetic day. */
  market?: ValidationMarket;
  /** Bounds of the market fit of a file (see calibration/market/fitMarket.ts). */
  fitOptions?: Parameters<typeof fitMarket>[1];
  seed: string;
  buildConfig: (extraOverrides: readonly string[]) => MmConfig;
  /** The baseline's data time (ns), 24 h by default. */
  durationNs?: number;
  /** Data time of each stress run (ns), 6 h by default (see STRESS_DURATION_NS). */
  stressDurationNs?: number;
  scenarios: readonly StressScenario[];
  /** The validation folder: baseline/ and stress/ are written into it. */
  dir: string;
  runReports?: boolean;
  png?: boolean;
  /**
   * Worker threads (default: the machine's cores, os.availableParallelism()); 1 makes every run on
   * the calling thread. The results and every file written are the same for any count.
   */
  workers?: number;
  /** A run finished (in the order they finish): its label ("baseline", "stress feed-gaps") and summary. */
  onRun?: (label: string, run: StressRunSummary) => void;
  /** The share of a run done, 0…1 (0 when it starts on its thread) (data time simulated over the run's duration), and which run: its place in the plan (the baseline 0, then the stress suite's), its label. */
  onProgress?: (fraction: number, run: { index: number; label: string }) => void;
}

/** The outcome of a validation. */
export interface Validation {
  passed: boolean;
  checks: ValidationCheck[];
  seed: string;
  durationNs: number;
  stressDurationNs: number;
  /** The baseline's data (its description). */
  data: Record<string, unknown>;
  /** For a file: the market fitted to it, on which the stress suite ran. */
  fittedMarket?: MarketFit;
  /** The 24 h baseline (run folder baseline/). */
  baseline: StressRunSummary;
  /** The stress suite (folder stress/): its own short baseline, then the scenarios. */
  stress: StressSuite;
}

/** The baseline's default data time: a full synthetic day. */
export const BASELINE_DURATION_NS = 24 * 3600 * NS_PER_S;

/**
 * Each stress run's default data time: 6 h of the same synthetic day. Six hours hold 18 feed gaps,
 * the flash crash with its recovery, thousands of latency-guard decisions, and keep the whole
 * validation (a 24 h baseline + 7 stress runs, with reports) well under a minute on 2 cores.
 */
export const STRESS_DURATION_NS = 6 * 3600 * NS_PER_S;

/** The shortest stress run on a market fitted to a file (default): one hour. */
export const FITTED_STRESS_MIN_NS = 3600 * NS_PER_S;

/**
 * `mmlab validate`: the baseline on the market (the default synthetic day, a scenario, or a real
 * file) and the stress suite on the same synthetic market, shorter (on a file: on the market
 * fitted to it, as long as the file and at least an hour), then the verdict (validate/verdict.ts). Writes the run folders and the stress
 * report; the caller writes validate.json / validate.html (validate/report.ts). The runs are
 * independent and go on at once on worker threads (`workers`), the long baseline first; every
 * file is the same for any worker count.
 */
export async function runValidation(o: ValidationOptions): Promise<Validation> {
  const market = o.market ?? { kind: "scenario", scenario: "default" };
  for (const scenario of o.scenarios) o.buildConfig(scenario.configOverrides); // a bad override fails before the first run
  const symbol = o.buildConfig([]).symbol;
  // A file: its whole length unless asked otherwise; the stress suite on the market fitted to it.
  const fit = market.kind === "file" ? await fitMarket(await openMarketData(market.path, symbol), o.fitOptions) : undefined;
  const durationNs = o.durationNs ?? (fit !== undefined ? Math.round(fit.params.durationS * NS_PER_S) : BASELINE_DURATION_NS);
  // On a fitted market the stress runs are not bound by the file's length: at least an hour, so that a
  // 10-minute file's stress scenarios (a gap every 20 min, a crash with a 5-minute recovery) happen.
  const stressDurationNs =
    fit !== undefined ? (o.stressDurationNs ?? Math.max(durationNs, FITTED_STRESS_MIN_NS)) : Math.min(durationNs, o.stressDurationNs ?? STRESS_DURATION_NS);
  const baselineSource: SuiteSource =
    market.kind === "file" ? { kind: "file", path: market.path, symbol } : { kind: "synthetic", scenario: market.scenario, durationNs };
  const stressSource: SuiteSource =
    fit !== undefined
      ? { kind: "params", params: { ...fit.params, durationS: stressDurationNs / NS_PER_S }, name: `fitted to ${market.kind === "file" ? market.path : ""}` }
      : { kind: "synthetic", scenario: market.kind === "scenario" ? market.scenario : "default", durationNs: stressDurationNs };
  const common = { seed: o.seed, buildConfig: o.buildConfig, runReports: o.runReports, png: o.png };
  // One plan for both suites: the baseline first (the longest run: started first), then the stress runs.
  const dayPlan = planStressSuite({ ...common, source: baselineSource, durationNs, scenarios: [], dir: o.dir });
  const stressDir = join(o.dir, "stress");
  const stressPlan = planStressSuite({ ...common, source: stressSource, durationNs: stressDurationNs, scenarios: o.scenarios, dir: stressDir }, dayPlan.entries.length);
  const isDay = (index: number): boolean => index < dayPlan.entries.length;
  const label = (index: number): string => (isDay(index) ? "baseline" : `stress ${stressPlan.runName(index)}`);
  const results = await runSuitePlan([...dayPlan.entries, ...stressPlan.entries], {
    workers: o.workers,
    onProgress: o.onProgress && ((index, p) => o.onProgress!(Math.min(1, p.tNs / (isDay(index) ? durationNs : stressDurationNs)), { index, label: label(index) })),
    onResult: o.onRun && ((result) => o.onRun!(label(result.index), result.summary)),
  });
  const day = dayPlan.assemble(results.filter((r) => isDay(r.index)));
  const stress = stressPlan.assemble(results.filter((r) => !isDay(r.index)));
  await writeStressReport(stressDir, stress, { png: o.png, runReports: o.runReports });
  const baseline = day.runs[0];
  const verdict = validationVerdict(baseline, stress.runs, (run, isDay) => validationLabel({ durationNs, stressDurationNs }, run, isDay));
  return { ...verdict, seed: o.seed, durationNs, stressDurationNs, data: day.data, ...(fit !== undefined ? { fittedMarket: fit } : {}), baseline, stress };
}
