import { rootRng, type Rng } from "../../core/rng.ts";
import { runBacktest } from "../backtest.ts";
import { syntheticData } from "../../data/sources/syntheticData.ts";
import type { MarketData } from "../../data/sources/marketData.ts";
import { toRow, type GridRow } from "./rows.ts";
import { spanData } from "./spanData.ts";
import type { PointTask } from "./tasks.ts";
import { NS_PER_S } from "../../core/time.ts";

/**
 * Runs one grid point's backtest (the same run `mmlab backtest` makes with those settings) and
 * returns its row. `shared` gives the point's data from elsewhere (a grid's shared synthetic
 * market, sharedData.ts): it is handed the point's own source, not yet streamed.
 */
export async function runPoint(task: PointTask, onProgress?: (fraction: number) => void, shared?: (source: MarketData) => MarketData): Promise<GridRow> {
  const rng = rootRng(task.seed);
  const source = await pointSource(task, rng);
  const data = shared ? shared(source) : source;
  const durationNs = task.durationNs;
  const result = await runBacktest({
    config: task.config,
    data: spanData(data, task.startNs),
    rng,
    durationNs,
    onProgress: onProgress && durationNs ? (p) => onProgress(Math.min(1, p.tNs / durationNs)) : undefined,
  });
  return toRow(task, result);
}

/**
 * The data a point reads, from the root random source of its run (the synthetic market forks its
 * own stream from it, so the backtest's draws are the same whoever generates the data).
 */
export async function pointSource(task: PointTask, rng: Rng = rootRng(task.seed)): Promise<MarketData> {
  if (task.source.kind === "synthetic") return syntheticData(task.source.scenario, rng, { durationNs: task.source.seconds * NS_PER_S });
  // Loaded only for files: the Arrow reader is most of the modules a worker would load.
  const { fileData } = await import("../../data/sources/fileData.ts");
  return fileData(task.source.path);
}
