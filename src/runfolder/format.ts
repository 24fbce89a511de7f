import type { MmConfig } from "../config/schema.ts";
import type { FillColumn } from "../engine/fillLog.ts";
import type { TimeseriesColumn } from "../engine/recorder.ts";
import type { OnlineFitRecord } from "../estimators/onlineCalibration.ts";
import type { KpiReport } from "../kpi/report.ts";
import type { GuardEvent } from "../risk/latencyGuard.ts";
import type { FeedEvent } from "../risk/feedGuard.ts";
import type { StrategyIdentity } from "../strategy/load.ts";
import type { CrossedBookStats } from "../sim/crossedBook.ts";

/**
 * The run folder format, for its writer (writeRun.ts) and its reader (readRun.ts):
 *   manifest.json     config, seed, data hash, code version, results hash (RunManifest)
 *   kpis.json         the KPI report (machine-readable)
 *   fills.arrow       every fill: FILL_COLUMNS (times in ns since the data origin, prices in quote currency)
 *   timeseries.arrow  one row per record interval: TIMESERIES_COLUMNS (prices in quote currency, NaN = none)
 *   runlog.json       latency-guard and feed-health (stale feed) pauses/resumes, contained step errors, online re-calibration fits,
 *                     crossed books skipped (sim.on_crossed skip) (RunLog)
 */
export const RUN_FILES = ["manifest.json", "kpis.json", "fills.arrow", "timeseries.arrow", "runlog.json"];

/** What a run folder's manifest.json holds: everything needed to reproduce and check the run. */
export interface RunManifest {
  tool: string;
  codeVersion: string;
  seed: string;
  config: MmConfig;
  data: { description: Record<string, unknown>; hash: string; symbol: string; venue: string; tickSize: number; lotSize: number; originEpochNs: string };
  /** SHA-256 of other input files (e.g. a recorded latency file, the strategy module), by config path. */
  inputHashes: Record<string, string>;
  /** The strategy that ran: name, module path (null: built-in), params, module hash (absent in folders of older versions). */
  strategy?: StrategyIdentity;
  durationNs: number | null;
  events: number;
  steps: number;
  resultsHash: string;
  files: string[];
}

/** timeseries.arrow's columns, as the engine records them (the list is engine/recorder.ts's). */
export { TIMESERIES_COLUMNS, type TimeseriesColumn } from "../engine/recorder.ts";

/** fills.arrow's columns: engine/fillLog.ts lists them, once. */
export { FILL_COLUMNS, type FillColumn } from "../engine/fillLog.ts";

/** The fills.arrow columns a report reads (the reader requires them; side +1 buy / −1 sell, prices in quote currency). */
export const REPORT_FILL_COLUMNS = ["t_ns", "side", "price", "qty", "fee", "mid_at_fill", "half_spread_at_placement"] as const satisfies readonly FillColumn[];
export type ReportFillColumn = (typeof REPORT_FILL_COLUMNS)[number];

/** A numeric column: a typed array read from Arrow, or a plain array in tests. */
export type Column = ArrayLike<number>;

/** timeseries.arrow as read: one row per record interval (prices in quote currency, NaN = none). */
export type TimeseriesData = Record<TimeseriesColumn, Column>;

/** fills.arrow as read: the columns the report uses. */
export type FillsData = Record<ReportFillColumn, Column>;

/** runlog.json. */
export interface RunLog {
  cancelReasons: Record<string, number>;
  guardEvents: GuardEvent[];
  /** Pauses and resumes of the feed-health rule (absent in run folders written before it existed). */
  feedEvents?: FeedEvent[];
  stepErrors: { tNs: number; message: string }[];
  /** The online re-calibration's fits (written only when there were some). */
  onlineCalibration?: OnlineFitRecord[];
  /** Crossed books met and skipped (written only with sim.on_crossed "skip"). */
  crossedBook?: CrossedBookStats;
}

/** Everything a report is built from. */
export interface RunData {
  manifest: RunManifest;
  kpis: KpiReport;
  timeseries: TimeseriesData;
  fills: FillsData;
  runlog: RunLog;
}
