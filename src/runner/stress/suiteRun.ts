import type { MmConfig } from "../../config/schema.ts";
import { MmlabError } from "../../core/errors.ts";
import { rootRng, type Rng } from "../../core/rng.ts";
import { openMarketData, syntheticData, syntheticParamsData, type MarketData } from "../../data/sources/index.ts";
import type { SyntheticParamsInput } from "../../data/synthetic/params.ts";
import { writeRunReport } from "../../report/runReport.ts";
import type { ChartToDraw } from "../../report/drawChart.ts";
import { SharedChartCache } from "../../report/sharedChartCache.ts";
import type { ChartBoard } from "./chartBoard.ts";
import { writeRunFolder } from "../../runfolder/writeRun.ts";
import type { SimulationProgress } from "../../sim/simulator.ts";
import type { StrategyIdentity } from "../../strategy/load.ts";
import { runBacktest } from "../backtest.ts";
import { isStressScenario, STRESS_SCENARIOS } from "./registry.ts";
import { keepingData, replaySharedData, type SharedMarketData } from "./sharedData.ts";
import { summariseRun, type StressRunSummary } from "./summary.ts";
import type { StressScenario } from "./types.ts";

/**
 * Where a suite run's source data comes from, as plain data (it crosses to a worker thread): a
 * synthetic scenario or market.json, a synthetic market of given parameters (one fitted to a
 * file), a data file, or data streamed once and shared by the runs (sharedData.ts).
 */
export type SuiteSource =
  | { kind: "synthetic"; scenario: string; durationNs?: number }
  | { kind: "params"; params: SyntheticParamsInput; name: string }
  | { kind: "file"; path: string; symbol: { name: string; tick_size: number; lot_size: number } }
  | { kind: "shared"; data: SharedMarketData };

/** One run of a suite, as plain data: everything needed to make it on any thread. */
export interface SuiteRunTask {
  /** Its place in the plan: progress and results are keyed by it. */
  index: number;
  /** The stress scenario (a registry name), or null for the baseline. */
  scenario: string | null;
  config: MmConfig;
  seed: string;
  /** Null: the data comes from a library caller's function (SuiteRunBinding), and the run is made on the calling thread. */
  source: SuiteSource | null;
  /** Data time of the run (ns); undefined = the whole data. */
  durationNs?: number;
  /** What the scenario is told about the run's length (the duration, or a whole-data baseline's span). */
  spanNs?: number;
  /** The run folder (written atomically). */
  dir: string;
  /** The run folder as the suite's summary names it (relative to the suite folder). */
  runDir: string;
  runReports: boolean;
  png: boolean;
  /** Keep the source data as it streams, for the suite's next runs to replay (SuiteRunResult.shared). */
  keep?: boolean;
  /** The charts the plan's runs have drawn (report/sharedChartCache.ts), shared by its threads. */
  chartCache?: SharedArrayBuffer;
}

/** What a finished run hands back (plain data). */
export interface SuiteRunResult {
  index: number;
  summary: StressRunSummary;
  /** The source data's description (before any transform). */
  sourceDescription: Record<string, unknown>;
  strategy: StrategyIdentity;
  /** The source data the run kept (SuiteRunTask.keep), when it streamed to its end and was small enough. */
  shared?: SharedMarketData;
}

/** The data and the scenario of a run as objects: from its task, or as a library caller gave them. */
export interface SuiteRunBinding {
  openData: (rng: Rng) => Promise<MarketData>;
  scenario: StressScenario | undefined;
}

/** The source data a task names (opened with the run's random source). */
export async function openSuiteSource(source: SuiteSource, rng: Rng): Promise<MarketData> {
  switch (source.kind) {
    case "synthetic":
      return syntheticData(source.scenario, rng, source.durationNs === undefined ? {} : { durationNs: source.durationNs });
    case "params":
      return syntheticParamsData(source.params, rng, source.name);
    case "file":
      return openMarketData(source.path, source.symbol);
    case "shared":
      return replaySharedData(source.data);
  }
}

/** The binding of a plain task: its source, and its scenario from the registry. */
export function bindTask(task: SuiteRunTask): SuiteRunBinding {
  const source = task.source;
  if (source === null) throw new Error("suite run: no source data to open");
  if (task.scenario !== null && !isStressScenario(task.scenario)) throw new MmlabError(`stress scenario "${task.scenario}": unknown`);
  return { openData: (rng) => openSuiteSource(source, rng), scenario: task.scenario === null ? undefined : STRESS_SCENARIOS[task.scenario] };
}

/**
 * Makes one run of a suite, the same on any thread: the run's random source from the seed, the
 * source data, the scenario's transform, the backtest, its run folder (with its report: its charts
 * drawn through the thread's `board`, when given), its summary.
 */
export async function runSuiteRun(task: SuiteRunTask, binding: SuiteRunBinding = bindTask(task), onProgress?: (p: SimulationProgress) => void, board?: ChartBoard): Promise<SuiteRunResult> {
  const config = task.config;
  const scenario = binding.scenario;
  const rng = rootRng(task.seed);
  const opened = await binding.openData(rng);
  const keeping = task.keep ? keepingData(opened, task.durationNs) : undefined;
  const source = keeping?.data ?? opened;
  const data = scenario ? scenario.apply(source, rng, { durationNs: task.spanNs }) : source;
  const result = await runBacktest({ config, data, rng, durationNs: task.durationNs, onProgress });
  const chartCache = task.chartCache === undefined ? undefined : new SharedChartCache(task.chartCache);
  const drawCharts = board && ((charts: readonly ChartToDraw[], cache?: SharedChartCache) => board.draw(charts, cache));
  const report = task.runReports ? (dir: string) => writeRunReport(dir, { png: task.png, chartCache, drawCharts }) : undefined;
  await writeRunFolder(task.dir, false, { config, seed: task.seed, data, durationNs: task.durationNs, result }, report);
  const summary = summariseRun({
    scenario: scenario?.name ?? BASELINE,
    description: scenario?.description ?? "the data and config as given",
    configOverrides: scenario?.configOverrides ?? [],
    runDir: task.runDir,
    config,
    result,
  });
  const shared = await keeping?.shared();
  return { index: task.index, summary, sourceDescription: source.description, strategy: result.strategy, ...(shared !== undefined ? { shared } : {}) };
}

/** The name of the unstressed run of a suite. */
export const BASELINE = "baseline";
