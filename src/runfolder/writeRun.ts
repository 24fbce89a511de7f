import { redactSecrets } from "../config/redact.ts";
import type { MmConfig } from "../config/schema.ts";
import { writeArrowTable } from "../data/arrow/table.ts";
import type { MarketData } from "../data/sources/marketData.ts";
import type { KpiReport } from "../kpi/report.ts";
import type { StrategyIdentity } from "../strategy/load.ts";
import { codeVersion } from "./codeVersion.ts";
import { RUN_FILES, type RunLog, type RunManifest, type TimeseriesColumn } from "./format.ts";
import { RunFolder } from "./runFolder.ts";

/** What a finished run hands over to be written (a backtest's BacktestResult is one). */
export interface RunOutput extends RunLog {
  kpis: KpiReport;
  timeseries: Record<TimeseriesColumn, Float64Array>;
  fills: Record<string, Float64Array | Int8Array | Uint8Array>;
  events: number;
  steps: number;
  dataHash: string;
  /** SHA-256 of every other input file the run read (e.g. a recorded latency file), by config path. */
  inputHashes: Record<string, string>;
  /** SHA-256 over the KPI report, the fills and the timeseries. */
  resultsHash: string;
  /** The strategy that ran. */
  strategy?: StrategyIdentity;
}

/**
 * Adds files to a run folder before it is published, e.g. its report (report/runReport.ts), given
 * the folder's temporary path, which holds every run file by then. A throw publishes nothing.
 */
export type BeforeCommit = (tmpDir: string) => Promise<unknown>;

/**
 * Writes a run folder atomically (its files: format.ts, and whatever `beforeCommit` adds): all of
 * it goes into a temporary folder renamed into place last, so a failure anywhere, the report's
 * included, leaves no folder, and running again with the same path works.
 */
export async function writeRunFolder(
  path: string,
  replace: boolean,
  run: { config: MmConfig; seed: string; data: MarketData; durationNs: number | undefined; result: RunOutput },
  beforeCommit?: BeforeCommit,
): Promise<RunManifest> {
  const { config, seed, data, result } = run;
  const manifest: RunManifest = {
    tool: "mmlab",
    codeVersion: codeVersion(),
    seed,
    config: redactSecrets(config),
    data: {
      description: data.description,
      hash: result.dataHash,
      symbol: data.meta.symbol,
      venue: data.meta.venue,
      tickSize: data.meta.tickSize,
      lotSize: data.meta.lotSize,
      originEpochNs: data.originNs.toString(),
    },
    inputHashes: result.inputHashes,
    ...(result.strategy === undefined ? {} : { strategy: result.strategy }),
    durationNs: run.durationNs ?? null,
    events: result.events,
    steps: result.steps,
    resultsHash: result.resultsHash,
    files: RUN_FILES,
  };
  const folder = RunFolder.create(path, replace);
  try {
    const arrowMeta = { origin_epoch_ns: data.originNs.toString(), symbol: data.meta.symbol, results_hash: result.resultsHash };
    await writeArrowTable(folder.file("fills.arrow"), result.fills, arrowMeta);
    await writeArrowTable(folder.file("timeseries.arrow"), result.timeseries, arrowMeta);
    folder.writeJson("kpis.json", result.kpis);
    const runlog: RunLog = {
      cancelReasons: result.cancelReasons,
      guardEvents: result.guardEvents,
      feedEvents: result.feedEvents,
      stepErrors: result.stepErrors,
      ...(result.onlineCalibration?.length ? { onlineCalibration: result.onlineCalibration } : {}),
      ...(result.crossedBook === undefined ? {} : { crossedBook: result.crossedBook }),
    };
    folder.writeJson("runlog.json", runlog);
    folder.writeJson("manifest.json", manifest);
    await beforeCommit?.(folder.tmpPath);
    folder.commit();
  } catch (e) {
    folder.abort();
    throw e;
  }
  return manifest;
}
