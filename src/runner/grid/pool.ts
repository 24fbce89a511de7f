import { Worker } from "node:worker_threads";
import { MmlabError } from "../../core/errors.ts";
import { isEnvironmentError, systemErrorFrom } from "../../core/systemError.ts";
import { onInterrupt } from "../../core/interruptHooks.ts";
import { DataHub, dataKey } from "./dataHub.ts";
import { describePoint } from "./points.ts";
import type { FromWorker, ToWorker } from "./protocol.ts";
import type { GridRow } from "./rows.ts";
import type { PointTask } from "./tasks.ts";
import { compiledWorkerModule, startModuleWorker } from "../../core/compiledSources.ts";

export interface PoolOptions {
  /** Worker threads to start (at most one per task). */
  workers: number;
  /** Called on the main thread as each point finishes (in completion order); a throw stops the pool. */
  onRow: (row: GridRow) => void;
  /** Progress within a running point, a fraction in [0, 1]. */
  onProgress?: (index: number, fraction: number) => void;
}

/** Points a worker may hold at once while they wait for shared data (see the "idle" message). */
const MAX_POINTS_PER_WORKER = 8;

/**
 * Runs tasks on worker threads: each free worker takes the next task in grid order (the points
 * sharing a synthetic market together, see dataHub.ts), or first generates the shared market of
 * that task; a worker whose points all wait for shared data still being generated takes one more
 * each time a batch of it arrives. Rows come in completion order. The first failure terminates
 * every worker and rejects (rows already delivered stay delivered). An interrupt (Ctrl-C:
 * core/interruptHooks.ts) terminates every worker and settles nothing: the process is exiting,
 * and the rows delivered so far are the grid's resume cache.
 */
export function runPool(tasks: readonly PointTask[], options: PoolOptions): Promise<void> {
  if (tasks.length === 0) return Promise.resolve();
  const size = Math.max(1, Math.min(Math.floor(options.workers), tasks.length));
  const byIndex = new Map(tasks.map((t) => [t.index, t]));
  const hub = new DataHub(tasks);
  const order = hub.order(tasks);
  return compiledWorkerModule(import.meta.url, "worker").then((module) => new Promise<void>((resolve, reject) => {
    const workers: Worker[] = [];
    const held: number[] = [];
    const post = (k: number, message: ToWorker): void => workers[k].postMessage(message);
    let next = 0;
    let finished = 0;
    let state: "running" | "closing" | "failed" | "interrupted" = "running";
    const stopAll = (): Promise<unknown> => Promise.all(workers.map((w) => w.terminate()));
    // a terminated worker's exit must not read as a failure (that would clean up the folder)
    const forgetInterrupt = onInterrupt(() => {
      state = "interrupted";
      return stopAll();
    });
    const fail = (error: unknown): void => {
      if (state !== "running") return;
      state = "failed";
      forgetInterrupt();
      void stopAll().finally(() => reject(error));
    };
    const dispatch = (k: number): void => {
      if (next >= order.length) return;
      const task = order[next];
      const data = hub.role(task, k);
      held[k]++; // a point, or the generation of shared data (until it is complete or given up)
      if (data === "generate") return post(k, { type: "generate", key: dataKey(task)!, task });
      next++;
      post(k, data === undefined ? { type: "run", task } : { type: "run", task, data });
    };
    for (let k = 0; k < size; k++) {
      const worker = startModuleWorker(import.meta.url, "worker", module);
      workers.push(worker);
      held.push(0);
      worker.on("message", (m: FromWorker) => {
        if (state !== "running") return;
        if (m.type === "progress") {
          options.onProgress?.(m.index, m.fraction);
        } else if (m.type === "batch") {
          hub.relay(k, m, post);
        } else if (m.type === "complete" || m.type === "abandon") {
          hub.relay(k, m, post);
          if (--held[k] === 0) dispatch(k);
        } else if (m.type === "idle") {
          if (held[k] < MAX_POINTS_PER_WORKER) dispatch(k);
        } else if (m.type === "row") {
          held[k]--;
          hub.finished(byIndex.get(m.row.index)!, post);
          try {
            options.onRow(m.row);
          } catch (e) {
            fail(e);
            return;
          }
          if (++finished === tasks.length) {
            state = "closing";
            forgetInterrupt();
            void stopAll().then(() => resolve(), reject);
          } else if (held[k] === 0) dispatch(k);
        } else {
          const where = `grid ${describePoint(byIndex.get(m.index) ?? { index: m.index, params: {} })}`;
          // an environment failure (a full disk) is reported as the main thread's own would be
          if (m.system !== undefined) fail(systemErrorFrom(m.system, m.stack));
          else fail(m.user ? new MmlabError(`${where}: ${m.message}`) : new Error(`${where}: ${m.stack || m.message}`));
        }
      });
      // an uncaught error keeps its code, syscall and path across the boundary (Node copies them)
      worker.on("error", (e) => fail(isEnvironmentError(e) ? e : new Error(`grid worker failed: ${e.stack ?? e.message}`)));
      worker.on("exit", (code) => {
        if (state === "running") fail(new Error(`grid worker exited unexpectedly (code ${code})`));
      });
      dispatch(k);
    }
  }));
}
