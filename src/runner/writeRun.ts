import { redactSecrets } from "../config/redact.ts";
import type { MmConfig } from "../config/schema.ts";
import { writeArrowTable } from "../data/arrow/table.ts";
import type { BacktestResult } from "./backtest.ts";
import { codeVersion } from "./codeVersion.ts";
import type { MarketData } from "./marketData.ts";
import { RunFolder } from "./runFolder.ts";

/** What a run folder's manifest.json holds: everything needed to reproduce and check the run. */
export interface RunManifest {
  tool: string;
  codeVersion: string;
  seed: string;
  config: MmConfig;
  data: { description: Record<string, unknown>; hash: string; symbol: string; venue: string; tickSize: number; lotSize: number; originEpochNs: string };
  /** SHA-256 of other input files (e.g. a recorded latency file), by config path. */
  inputHashes: Record<string, string>;
  durationNs: number | null;
  events: number;
  steps: number;
  resultsHash: string;
  files: string[];
}

const FILES = ["manifest.json", "kpis.json", "fills.arrow", "timeseries.arrow", "runlog.json"];

/**
 * Writes a run folder atomically:
 *   manifest.json   config, seed, data hash, code version, results hash
 *   kpis.json       the KPI report (machine-readable)
 *   fills.arrow     every fill (times in ns since the data origin, prices in quote currency)
 *   timeseries.arrow  t, mid, bid, ask, reservation, q, pnl, σ, σ_base, OFI z, paused
 *   runlog.json     latency-guard pauses/resumes, contained step errors, online re-calibration fits,
 *                   crossed books skipped (sim.on_crossed skip)
 */
export async function writeRunFolder(
  path: string,
  replace: boolean,
  run: { config: MmConfig; seed: string; data: MarketData; durationNs: number | undefined; result: BacktestResult },
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
    durationNs: run.durationNs ?? null,
    events: result.events,
    steps: result.steps,
    resultsHash: result.resultsHash,
    files: FILES,
  };
  const folder = RunFolder.create(path, replace);
  try {
    const arrowMeta = { origin_epoch_ns: data.originNs.toString(), symbol: data.meta.symbol, results_hash: result.resultsHash };
    await writeArrowTable(folder.file("fills.arrow"), result.fills, arrowMeta);
    await writeArrowTable(folder.file("timeseries.arrow"), result.timeseries, arrowMeta);
    folder.writeJson("kpis.json", result.kpis);
    folder.writeJson("runlog.json", {
      cancelReasons: result.cancelReasons,
      guardEvents: result.guardEvents,
      stepErrors: result.stepErrors,
      ...(result.onlineCalibration?.length ? { onlineCalibration: result.onlineCalibration } : {}),
      ...(result.crossedBook === undefined ? {} : { crossedBook: result.crossedBook }),
    });
    folder.writeJson("manifest.json", manifest);
    folder.commit();
  } catch (e) {
    folder.abort();
    throw e;
  }
  return manifest;
}
