import { rmSync } from "node:fs";
import { availableParallelism } from "node:os";
import { basename, dirname, join } from "node:path";
import { Worker } from "node:worker_threads";
import { compiledWorkerModule, startModuleWorker } from "../../core/compiledSources.ts";
import { onInterrupt } from "../../core/interruptHooks.ts";
import { isEnvironmentError } from "../../core/systemError.ts";
import { trackTempSweep } from "../../core/tempFiles.ts";
import type { SimulationProgress } from "../../sim/simulator.ts";
import { ChartBoard } from "./chartBoard.ts";
import { ChartSharing } from "./chartSharing.ts";
import { fromSuiteRunError } from "./suiteErrors.ts";
import type { FromSuiteWorker, ToSuiteWorker } from "./suiteProtocol.ts";
import { SharedChartCache } from "../../report/sharedChartCache.ts";
import { runSuiteRun, type SuiteRunBinding, type SuiteRunResult, type SuiteRunTask } from "./suiteRun.ts";

/** One run of a plan (of one suite, or of a validation's two). */
export interface SuitePlanEntry {
  /** Its place in the plan (0, 1, …): the order of the results, whatever order the runs finish in. */
  index: number;
  /** The run's task, made when the run is about to start (it may wait for what it needs: a whole-data baseline's span). */
  task: (runs: PlanRuns) => Promise<SuiteRunTask>;
  /** The data and scenario as a library caller gave them (functions): such a plan is made on the calling thread. */
  binding?: SuiteRunBinding;
  /**
   * What the run costs, relative to the plan's others (its data time × its scenario's runCost):
   * when every entry has one, the costliest start first (then in plan order), so that the last to
   * start are short. Only for runs that wait for no other.
   */
  cost?: number;
}

/** What a run about to start may know of the others. */
export interface PlanRuns {
  /** Run i's result once it has finished (a run may wait only for runs before it in the plan). */
  finished(index: number): Promise<SuiteRunResult>;
  /** Run i's result if it has finished. */
  result(index: number): SuiteRunResult | undefined;
}

export interface SuitePoolOptions {
  /** Runs at once: the calling thread and workers − 1 worker threads (default: os.availableParallelism()); 1: one after another on the calling thread. */
  workers?: number;
  /**
   * A run started (`p` zero: when its thread takes it; a worker's first run waits for the worker to
   * start) or went on: its data time simulated (ns) and events.
   */
  onProgress?: (index: number, p: SimulationProgress) => void;
  /** A run finished (in the order they finish); a throw stops the plan. */
  onResult?: (result: SuiteRunResult) => void;
}

/** How many runs of a plan go on at once: at most one per run; one when a run must stay on the calling thread. */
export function suiteWorkers(plan: readonly SuitePlanEntry[], workers: number | undefined): number {
  if (plan.some((e) => e.binding !== undefined)) return 1;
  return Math.max(1, Math.min(Math.floor(workers ?? availableParallelism()), plan.length));
}

/** Thrown into a run on the calling thread (from its progress callback) once the plan has stopped. */
class PlanStopped extends Error {}

/**
 * Makes the runs of a plan and returns their results in plan order. `workers` runs go on at once:
 * one on the calling thread (its modules are loaded: it starts at once) and the others on worker
 * threads; each free thread takes the next run (the costliest first when the entries say their
 * cost, else in plan order). A thread with no run left draws charts of the others' reports
 * (chartSharing.ts), and a chart one run has drawn is not drawn again by another
 * (report/sharedChartCache.ts). A run and a chart are the same on any thread (suiteRun.ts), so
 * the results, and every file the runs write, do not depend on the worker count.
 *
 * The first failure stops every worker (and the calling thread's run, at its next progress) and
 * rejects; an interrupt (Ctrl-C: core/interruptHooks.ts) stops every worker and settles nothing
 * (the process is exiting). Either way the unfinished run folders of the workers are removed (their
 * temporary folders, which the interrupt's sweep of this thread does not know).
 */
export function runSuitePlan(plan: readonly SuitePlanEntry[], options: SuitePoolOptions = {}): Promise<SuiteRunResult[]> {
  if (plan.length === 0) return Promise.resolve([]);
  const size = suiteWorkers(plan, options.workers);
  const results = new Map<number, SuiteRunResult>();
  const waiting = new Map<number, ((result: SuiteRunResult) => void)[]>();
  const runs: PlanRuns = {
    finished(index) {
      const result = results.get(index);
      if (result !== undefined) return Promise.resolve(result);
      return new Promise((resolve) => waiting.set(index, [...(waiting.get(index) ?? []), resolve]));
    },
    result: (index) => results.get(index),
  };
  // the run folders given to workers: their temporary folders are swept after a failure or an interrupt
  const workerRunDirs: string[] = [];
  const sweep = (): void => {
    for (const dir of workerRunDirs) rmSync(runFolderTemp(dir), { recursive: true, force: true, maxRetries: 5, retryDelay: 10 });
  };
  const forgetSweep = trackTempSweep(sweep);

  // a chart one run has drawn is not drawn again by another, on any thread
  const chartCache = SharedChartCache.create().buffer;
  // no worker thread for a plan of one run: nothing to compile for it
  const compiled = size > 1 ? compiledWorkerModule(import.meta.url, "suiteWorker") : Promise.resolve(null);
  // the order runs start in: the costliest first, when every entry has a cost
  const order = plan.every((e) => e.cost !== undefined) ? [...plan].sort((a, b) => b.cost! - a.cost! || a.index - b.index) : plan;
  return compiled.then((module) => new Promise<SuiteRunResult[]>((resolve, reject) => {
    const workers: Worker[] = [];
    let next = 0;
    let state: "running" | "closing" | "failed" | "interrupted" = "running";
    const here = new ChartBoard(() => sharing.hereWaiting());
    const sharing = new ChartSharing(here, workers, chartCache, () => state === "running");
    let hereRun: Promise<unknown> = Promise.resolve();
    const stopAll = (): Promise<unknown> => Promise.all(workers.map((w) => w.terminate()));
    // a terminated worker's exit must not read as a failure
    const forgetInterrupt = onInterrupt(() => {
      state = "interrupted";
      return stopAll();
    });
    const fail = (error: unknown): void => {
      if (state !== "running") return;
      state = "failed";
      forgetInterrupt();
      here.abandon(error); // charts of this thread's report that stopped workers were drawing
      // the calling thread's run stops at its next progress; its own folder is removed by its writer
      void Promise.all([stopAll(), hereRun.catch(() => undefined)])
        .then(() => {
          try {
            sweep();
          } catch {
            // the run's own error says more than a folder that could not be removed
          }
        })
        .finally(() => {
          forgetSweep();
          reject(error);
        });
    };
    const progress = (index: number, p: SimulationProgress): void => {
      if (state !== "running") throw new PlanStopped("stopped");
      options.onProgress?.(index, p);
    };
    /** A run finished on `executor` (null: the calling thread): record it, then give the executor the next run. */
    const done = (result: SuiteRunResult, executor: Worker | null): void => {
      if (state !== "running") return;
      const index = result.index;
      results.set(index, result);
      for (const resolveWaiting of waiting.get(index) ?? []) resolveWaiting(result);
      waiting.delete(index);
      try {
        options.onResult?.(result);
      } catch (e) {
        fail(e);
        return;
      }
      if (results.size === plan.length) {
        state = "closing";
        forgetInterrupt();
        forgetSweep();
        void stopAll().then(() => resolve(plan.map((e) => results.get(e.index)!)), reject);
      } else dispatch(executor);
    };
    const dispatch = (executor: Worker | null): void => {
      if (next >= order.length) return sharing.retire(executor);
      const entry = order[next++];
      entry.task(runs).then((planned) => {
        if (state !== "running") return;
        const task: SuiteRunTask = { ...planned, chartCache };
        if (executor === null) {
          options.onProgress?.(task.index, { events: 0, tNs: 0 });
          const run = runSuiteRun(task, entry.binding, (p) => progress(task.index, p), here);
          hereRun = run;
          run.then(
            (result) => done(result, null),
            (e: unknown) => {
              if (!(e instanceof PlanStopped)) fail(e);
            },
          );
        } else {
          workerRunDirs.push(task.dir);
          executor.postMessage({ type: "run", task } satisfies ToSuiteWorker);
        }
      }, fail);
    };

    for (let k = 1; k < size; k++) {
      const worker = startModuleWorker(import.meta.url, "suiteWorker", module);
      workers.push(worker);
      worker.on("message", (m: FromSuiteWorker) => {
        if (state !== "running" || sharing.handle(worker, m)) return;
        if (m.type === "started") options.onProgress?.(m.index, { events: 0, tNs: 0 });
        else if (m.type === "progress") options.onProgress?.(m.index, { events: m.events, tNs: m.tNs });
        else if (m.type === "result") done(m.result, worker);
        else if (m.type === "error") fail(fromSuiteRunError(m.error));
      });
      // an uncaught error keeps its code, syscall and path across the boundary (Node copies them)
      worker.on("error", (e) => fail(isEnvironmentError(e) ? e : new Error(`suite worker failed: ${e.stack ?? e.message}`)));
      worker.on("exit", (code) => {
        if (state === "running") fail(new Error(`suite worker exited unexpectedly (code ${code})`));
      });
    }
    // the calling thread first: it is ready now, and takes the first (costliest) run
    dispatch(null);
    for (const worker of workers) dispatch(worker);
  }));
}

/** The temporary folder a run folder is written in before it is renamed into place (as runfolder/runFolder.ts names it). */
function runFolderTemp(dir: string): string {
  return join(dirname(dir), `.${basename(dir)}.tmp-${process.pid}`);
}
