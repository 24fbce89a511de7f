import { availableParallelism } from "node:os";
import { basename } from "node:path";
import { sweepTempsOnInterrupt } from "./atomicFile.ts";
import { gridSize, type GridDefinition } from "./definition.ts";
import { gridPoints } from "./points.ts";
import { runPool } from "./pool.ts";
import { writeGridFolderReport } from "./report.ts";
import { inShard, shardName, type Shard } from "./shards.ts";
import { GridFolder, POINTS_DIR } from "./store.ts";
import { writeResultTables } from "./table.ts";
import { validatePoints, type PointTask } from "./tasks.ts";
import type { GridRow } from "./rows.ts";
import { HOLDOUT_FILE, runHoldout, type Holdout } from "./walkForward.ts";
import { OVERFITTING_FILE, writeGridOverfitting, type OverfittingOutcome } from "./overfitting.ts";
import type { GridReportOptions } from "../../report/gridReport.ts";

export interface GridRunOptions {
  /** Output folder (created; resumed when it holds the same grid). */
  out: string;
  /** Worker threads (default: os.availableParallelism()). Results do not depend on it. */
  workers?: number;
  /** Run only this shard's points and write `shard-i-of-n` tables. */
  shard?: Shard | null;
  /** Stop after running this many points, as if killed (for tests of resuming). */
  maxPoints?: number;
  /** Points finished so far (fractional: includes progress within running points) of those to run. */
  onProgress?: (done: number, total: number) => void;
  /** One-line status messages (e.g. how many points a resumed grid skips). */
  log?: (line: string) => void;
  /** The report of a whole grid (grid.html and charts/): its options, or false for none (default: written, with PNGs). */
  report?: GridReportOptions | false;
}

export interface GridRunReport {
  out: string;
  gridHash: string;
  /** Points in the whole grid. */
  points: number;
  shard: Shard | null;
  /** Points this run is responsible for (the shard's, or all). */
  assigned: number;
  /** Points found finished in the folder and skipped. */
  cached: number;
  /** Points run now. */
  ran: number;
  workers: number;
  /** False when stopped by maxPoints before every assigned point finished (no tables written). */
  complete: boolean;
  tables: string[];
  holdout: Holdout | null;
  /** PBO and the deflated Sharpe ratio of a whole grid (overfitting.json), or why they are missing; null for a shard or an unfinished run. */
  overfitting: OverfittingOutcome | null;
  /** grid.html, written after the tables of a whole grid (not of a shard: merge writes it); null when none was written. */
  html: string | null;
}

/**
 * Runs a grid: validates every point, opens (or resumes) the output folder, runs the unfinished
 * points of the shard on worker threads, caching each row as it finishes, then writes the
 * result tables from the cache in grid order (and, for a whole grid, overfitting.json; for a whole
 * walk-forward grid, holdout.json), then, for a whole grid, the report: grid.html and charts/ (rewritten on every complete run).
 *
 * A failure (bad data met by a point, a report that cannot be written) removes a folder this run
 * created (GridFolder.discardCreated); an interrupt (Ctrl-C) keeps the finished points, to resume
 * from, and removes the temporary files of every thread.
 */
export async function runGrid(def: GridDefinition, options: GridRunOptions): Promise<GridRunReport> {
  const points = gridPoints(def);
  const tasks = await validatePoints(def, points);
  const folder = GridFolder.open(options.out, def);
  const forgetSweep = sweepTempsOnInterrupt(options.out, POINTS_DIR);
  const ownPoints = new Set<string>();
  try {
    return await runOpenGrid(def, options, folder, tasks, (row) => {
      folder.writeRow(row);
      ownPoints.add(basename(folder.pointFile(row)));
    });
  } catch (e) {
    try {
      folder.discardCreated(ownPoints);
    } catch {
      // the failure's own error says more than a folder that could not be removed
    }
    throw e;
  } finally {
    forgetSweep();
  }
}

/** runGrid on its opened folder: runs the unfinished points (`writeRow` caches each), then the tables and the report. */
async function runOpenGrid(def: GridDefinition, options: GridRunOptions, folder: GridFolder, tasks: readonly PointTask[], writeRow: (row: GridRow) => void): Promise<GridRunReport> {
  const log = options.log ?? (() => undefined);
  const shard = options.shard ?? null;
  const points = gridPoints(def);

  const assigned = points.filter((p) => inShard(p.index, shard));
  const finished = folder.finished(assigned);
  let todo = tasks.filter((t) => inShard(t.index, shard) && !finished.has(t.index));
  const allTodo = todo.length;
  if (options.maxPoints !== undefined) todo = todo.slice(0, Math.max(0, options.maxPoints));
  const workers = Math.min(Math.max(1, options.workers ?? availableParallelism()), todo.length);
  const scope = shard ? `shard ${shard.index}/${shard.count}: ${assigned.length} of ${points.length} points` : `${points.length} points`;
  if (finished.size > 0) log(`grid ${scope}; resuming: ${finished.size} already done, ${allTodo} to run`);
  else log(`grid ${scope}; running ${allTodo} on ${workers} worker${workers === 1 ? "" : "s"}`);

  let done = 0;
  const inFlight = new Map<number, number>();
  const progress = (): void => {
    let partial = 0;
    for (const f of inFlight.values()) partial += f;
    options.onProgress?.(done + partial, todo.length);
  };
  await runPool(todo, {
    workers,
    onRow: (row) => {
      writeRow(row);
      inFlight.delete(row.index);
      done++;
      progress();
    },
    onProgress: (index, fraction) => {
      inFlight.set(index, fraction);
      progress();
    },
  });

  const report: GridRunReport = {
    out: options.out,
    gridHash: folder.hash,
    points: gridSize(def),
    shard,
    assigned: assigned.length,
    cached: finished.size,
    ran: todo.length,
    workers,
    complete: todo.length === allTodo,
    tables: [],
    holdout: null,
    overfitting: null,
    html: null,
  };
  if (report.complete) {
    const rows = assigned.map((p) => folder.readRow(p));
    report.tables = writeResultTables(options.out, shard ? shardName(shard) : "results", def, rows, { "mmlab.gridHash": folder.hash });
    if (shard === null) report.overfitting = writeGridOverfitting(folder, def, rows);
    if (shard === null && def.selectOn !== null) report.holdout = await runHoldout(folder, rows);
    if (shard === null && options.report !== false) {
      const linked = [...report.tables, ...("stats" in report.overfitting! ? [OVERFITTING_FILE] : []), ...(report.holdout ? [HOLDOUT_FILE] : [])];
      report.html = await writeGridFolderReport(options.out, def, folder.hash, rows, report.holdout, linked, options.report ?? {}, report.overfitting);
    }
  }
  return report;
}
