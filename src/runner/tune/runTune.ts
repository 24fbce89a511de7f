import { availableParallelism } from "node:os";
import { rootRng } from "../../core/rng.ts";
import { sweepTempsOnInterrupt } from "../grid/atomicFile.ts";
import type { JsonValue } from "../grid/definition.ts";
import { parseObjective, rankRows } from "../grid/objective.ts";
import { gridOverfitting, type OverfittingOutcome } from "../grid/overfitting.ts";
import { runPool } from "../grid/pool.ts";
import type { GridRow } from "../grid/rows.ts";
import { inShard } from "../grid/shards.ts";
import type { Span } from "../grid/spans.ts";
import { validateTasks, type PointTask } from "../grid/tasks.ts";
import type { GridRunOptions } from "../grid/runGrid.ts";
import { dataLengthNs } from "./dataLength.ts";
import { rungCount, type TuneDefinition } from "./definition.ts";
import { folds, REPORT_RUNG, rungSizes, rungSpan, runIndex, type Fold } from "./plan.ts";
import { latinHypercube } from "./sampler.ts";
import { RUNS_DIR, TuneFolder } from "./store.ts";
import { slotText, tuneTask, type RunSlot } from "./tasks.ts";

/*
 * mmlab tune:
 *
 *   definition → budget configurations by Latin-hypercube sampling (seeded)
 *   → per fold, successive halving on its selection segment: rung 0 runs every configuration on the
 *     shortest prefix; each rung keeps the best ⌈n/η⌉ (passing points first, then the objective)
 *     and runs them on an η times longer prefix, the last on the whole segment
 *   → the fold's choice (the best of its last rung) runs on the fold's report segment: out of sample
 *   → tables, tune.json, best-config.json (the last fold's choice), overfitting per fold, tune.html
 *
 * The rungs of every fold run together on the grid's worker pool (one shared synthetic market);
 * every finished run is cached under runs/, so a tune resumes, and shards (--shard i/n, each
 * running the runs of index % n = i) share or merge their folders: a shard that finds a rung
 * unfinished by the others stops there, to be run again once they are merged.
 */

/** A tune's run options: a grid's (its folder, workers, shard, log, report), its progress counting runs rather than points. */
export type TuneRunOptions = Omit<GridRunOptions, "maxPoints">;

/** One finished run and where it ran. */
export interface TuneRun {
  slot: RunSlot;
  span: Span;
  row: GridRow;
}

/** A fold's outcome: its choice, in sample (its last rung) and out of sample (the report segment), and its first rung's overfitting statistics. */
export interface FoldResult {
  fold: number;
  select: Span;
  report: Span;
  /** Configurations per rung and the samples each rung kept. */
  rungs: { span: Span; samples: number[] }[];
  chosen: { sample: number; params: Record<string, JsonValue> };
  inSample: GridRow;
  outOfSample: GridRow;
  overfitting: OverfittingOutcome;
}

export interface TuneRunReport {
  out: string;
  hash: string;
  /** False when a shard stopped at a rung other shards have not finished (or maxRuns stopped it). */
  complete: boolean;
  /** Why it stopped early, when it did. */
  waiting: string | null;
  ran: number;
  cached: number;
  workers: number;
  samples: Record<string, JsonValue>[];
  runs: TuneRun[];
  folds: FoldResult[];
  dataLengthNs: number;
}

/**
 * Runs a tune (or its shard) into `options.out`, resuming from the runs cached there. Every
 * configuration is checked (config, strategy, data) before the folder is made; a failure later
 * removes a folder this call made (unless other shards' runs are in it).
 */
export async function runTune(def: TuneDefinition, options: TuneRunOptions): Promise<TuneRunReport> {
  const lengthNs = await dataLengthNs(def);
  const samples = latinHypercube(def.space, def.budget, rootRng(def.seed).fork("tune-samples"));
  const plan = folds(def, lengthNs);
  const task = (fold: number, rung: number, sample: number): PointTask => tuneTask(def, runIndex(def, fold, rung, sample), { fold, rung, sample }, samples[sample], rungSpan(def, plan[fold], rung), lengthNs);
  await validateTasks(plan.flatMap((_, f) => samples.map((__, s) => task(f, 0, s))), (t) => `tune ${slotText(slotOf(def, t.index))}`);

  const folder = TuneFolder.open(options.out, def);
  const forgetSweep = sweepTempsOnInterrupt(options.out, RUNS_DIR);
  const own = new Set<string>();
  try {
    return await runOpenTune(def, options, folder, { lengthNs, samples, plan, task, own });
  } catch (e) {
    try {
      folder.discardCreated(own);
    } catch {
      // the failure's own error says more than a folder that could not be removed
    }
    throw e;
  } finally {
    forgetSweep();
  }
}

/** What runTune worked out before opening the folder. */
interface TunePlan {
  lengthNs: number;
  samples: Record<string, JsonValue>[];
  plan: Fold[];
  task: (fold: number, rung: number, sample: number) => PointTask;
  /** Run files this call wrote. */
  own: Set<string>;
}

async function runOpenTune(def: TuneDefinition, options: TuneRunOptions, folder: TuneFolder, { lengthNs, samples, plan, task, own }: TunePlan): Promise<TuneRunReport> {
  const log = options.log ?? (() => undefined);
  const shard = options.shard ?? null;
  const objective = parseObjective(def.objective);
  const sizes = rungSizes(def);
  const rungs = rungCount(def);
  const total = plan.length * (sizes.reduce((a, b) => a + b, 0) + 1);
  const workers = Math.max(1, options.workers ?? availableParallelism());
  const report: TuneRunReport = { out: options.out, hash: folder.hash, complete: false, waiting: null, ran: 0, cached: 0, workers, samples, runs: [], folds: [], dataLengthNs: lengthNs };
  log(`tune ${def.budget} configurations × ${plan.length} fold${plan.length === 1 ? "" : "s"}, rungs of ${sizes.join(" → ")} (η ${def.eta})${shard ? `, shard ${shard.index}/${shard.count}` : ""}`);

  /** Runs the tasks not cached (of this shard); their rows, or null when some belong to shards not finished yet. */
  const runAll = async (tasks: PointTask[]): Promise<GridRow[] | null> => {
    const rows = new Map<number, GridRow>();
    for (const t of tasks) {
      const row = folder.cachedRow(t);
      if (row !== undefined) rows.set(t.index, row);
    }
    const todo = tasks.filter((t) => !rows.has(t.index) && inShard(t.index, shard));
    report.cached += rows.size;
    let done = 0;
    const inFlight = new Map<number, number>();
    const progress = () => options.onProgress?.(report.ran + done + [...inFlight.values()].reduce((a, b) => a + b, 0), total);
    if (todo.length > 0) {
      await runPool(todo, {
        workers: Math.min(workers, todo.length),
        onRow: (row) => {
          own.add(folder.writeRow(row));
          rows.set(row.index, row);
          inFlight.delete(row.index);
          done++;
          progress();
        },
        onProgress: (index, fraction) => {
          inFlight.set(index, fraction);
          progress();
        },
      });
    }
    report.ran += todo.length;
    const missing = tasks.filter((t) => !rows.has(t.index)).length;
    if (missing > 0) return null;
    return tasks.map((t) => rows.get(t.index)!);
  };

  let survivors = plan.map(() => samples.map((_, s) => s));
  const kept: number[][][] = plan.map(() => []);
  const lastRows: GridRow[][] = plan.map(() => []);
  const firstRows: GridRow[][] = plan.map(() => []);
  for (let r = 0; r < rungs; r++) {
    const tasks = plan.flatMap((_, f) => survivors[f].map((s) => task(f, r, s)));
    const rows = await runAll(tasks);
    if (rows === null) return stopped(report, `rung ${r} has runs of other shards still to finish: merge the shard folders (mmlab merge) and run again`);
    plan.forEach((fold, f) => {
      const foldRows = rows.filter((row) => slotOf(def, row.index).fold === f);
      for (const row of foldRows) report.runs.push({ slot: slotOf(def, row.index), span: rungSpan(def, fold, r), row });
      kept[f].push(survivors[f]);
      if (r === 0) firstRows[f] = foldRows;
      if (r === rungs - 1) lastRows[f] = foldRows;
      else survivors[f] = rankRows(foldRows, objective).slice(0, sizes[r + 1]).map((row) => slotOf(def, row.index).sample).sort((a, b) => a - b);
    });
  }

  const chosen = plan.map((_, f) => slotOf(def, rankRows(lastRows[f], objective)[0].index).sample);
  const reportRows = await runAll(plan.map((_, f) => task(f, REPORT_RUNG, chosen[f])));
  if (reportRows === null) return stopped(report, "the report runs have runs of other shards still to finish: merge the shard folders (mmlab merge) and run again");
  report.folds = plan.map((fold: Fold, f) => {
    const out = reportRows[f];
    report.runs.push({ slot: slotOf(def, out.index), span: fold.report, row: out });
    return {
      fold: f,
      select: fold.select,
      report: fold.report,
      rungs: kept[f].map((s, r) => ({ span: rungSpan(def, fold, r), samples: s })),
      chosen: { sample: chosen[f], params: samples[chosen[f]] },
      inSample: lastRows[f].find((row) => slotOf(def, row.index).sample === chosen[f])!,
      outOfSample: out,
      overfitting: gridOverfitting(firstRows[f], objective),
    };
  });
  report.runs.sort((a, b) => a.row.index - b.row.index);
  report.complete = true;
  return report;
}

function stopped(report: TuneRunReport, why: string): TuneRunReport {
  report.waiting = why;
  return report;
}

/** The fold, rung and sample of run `index` (runIndex's inverse). */
export function slotOf(def: Pick<TuneDefinition, "budget" | "eta">, index: number): RunSlot {
  const rungs = rungCount(def);
  const sample = index % def.budget;
  const block = Math.floor(index / def.budget);
  const fold = Math.floor(block / (rungs + 1));
  const r = block % (rungs + 1);
  return { fold, rung: r === rungs ? REPORT_RUNG : r, sample };
}
