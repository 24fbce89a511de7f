import { rootRng } from "../../core/rng.ts";
import { runBacktest } from "../backtest.ts";
import { fileData, syntheticData, type MarketData } from "../../data/sources/index.ts";
import { toRow, type GridRow } from "./rows.ts";
import { spanData } from "./spanData.ts";
import type { PointTask } from "./tasks.ts";
import { NS_PER_S } from "../../core/time.ts";

/** Runs one grid point's backtest (the same run `mmlab backtest` makes with those settings) and returns its row. */
export async function runPoint(task: PointTask, onProgress?: (fraction: number) => void): Promise<GridRow> {
  const rng = rootRng(task.seed);
  const data: MarketData = task.source.kind === "file" ? await fileData(task.source.path) : syntheticData(task.source.scenario, rng, { durationNs: task.source.seconds * NS_PER_S });
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
