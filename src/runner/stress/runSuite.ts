import { join } from "node:path";
import type { MmConfig } from "../../config/schema.ts";
import { rootRng, type Rng } from "../../core/rng.ts";
import { writeRunReport } from "../../report/runReport.ts";
import { runBacktest } from "../backtest.ts";
import type { MarketData } from "../../data/sources/marketData.ts";
import { writeRunFolder } from "../../runfolder/writeRun.ts";
import { summariseRun, type StressRunSummary } from "./summary.ts";
import type { StressScenario } from "./types.ts";
import type { SimulationProgress } from "../../sim/simulator.ts";
import type { StrategyIdentity } from "../../strategy/load.ts";

/** What a stress suite runs on. */
export interface StressSuiteOptions {
  seed: string;
  /** The config of a run with extra overrides (a scenario's) applied after the user's. */
  buildConfig: (extraOverrides: readonly string[]) => MmConfig;
  /** The source data of one run (called once per run, with that run's random source). */
  openData: (rng: Rng) => Promise<MarketData>;
  /** Data time per run (ns); undefined = the whole data. */
  durationNs?: number;
  scenarios: readonly StressScenario[];
  /** The suite folder: run folders are written to <dir>/<scenario>. */
  dir: string;
  /** Also write each run's report.html and charts (default true). */
  runReports?: boolean;
  /** PNG copies of the run report charts (default true). */
  png?: boolean;
  /** Called after each run. */
  onRun?: (run: StressRunSummary) => void;
  /** Progress within the current run (the simulator's, as runBacktest reports it). */
  onProgress?: (p: SimulationProgress) => void;
}

/** A finished suite: what was run on what, and one summary per run (the baseline first). */
export interface StressSuite {
  seed: string;
  durationNs: number | null;
  /** The source data's description (before any transform). */
  data: Record<string, unknown>;
  /** The strategy every run used (its module, params and the module's hash). */
  strategy: StrategyIdentity | null;
  runs: StressRunSummary[];
}

/** The name of the unstressed run of a suite. */
export const BASELINE = "baseline";

/**
 * Runs the baseline and then each scenario on the same source data, seed and duration, one
 * after another (memory: one run at a time), writing a run folder per run. Every config is
 * built before the first run, so a bad override fails at once. Scenarios are told the run's
 * duration, or, for a whole-file run, the baseline's span (the flash crash is placed in it).
 */
export async function runStressSuite(o: StressSuiteOptions): Promise<StressSuite> {
  const plan = [
    { scenario: undefined, config: o.buildConfig([]) },
    ...o.scenarios.map((scenario) => ({ scenario, config: o.buildConfig(scenario.configOverrides) })),
  ];
  const runs: StressRunSummary[] = [];
  let sourceDescription: Record<string, unknown> = {};
  let strategy: StrategyIdentity | null = null;
  // what a scenario is told about the run's length: the duration, else the baseline's span (whole-file runs)
  let spanNs = o.durationNs;
  for (const { scenario, config } of plan) {
    const rng = rootRng(o.seed);
    const source = await o.openData(rng);
    sourceDescription = source.description;
    const data = scenario ? scenario.apply(source, rng, { durationNs: spanNs }) : source;
    const result = await runBacktest({ config, data, rng, durationNs: o.durationNs, onProgress: o.onProgress });
    strategy ??= result.strategy;
    const name = scenario?.name ?? BASELINE;
    const report = (o.runReports ?? true) ? (dir: string) => writeRunReport(dir, { png: o.png ?? true }) : undefined;
    await writeRunFolder(join(o.dir, name), false, { config, seed: o.seed, data, durationNs: o.durationNs, result }, report);
    const summary = summariseRun({
      scenario: name,
      description: scenario?.description ?? "the data and config as given",
      configOverrides: scenario?.configOverrides ?? [],
      runDir: name,
      config,
      result,
    });
    runs.push(summary);
    spanNs ??= Math.round(summary.durationSeconds * 1e9);
    o.onRun?.(summary);
  }
  return { seed: o.seed, durationNs: o.durationNs ?? null, data: sourceDescription, strategy, runs };
}
