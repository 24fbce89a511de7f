import { Worker } from "node:worker_threads";
import { MmlabError } from "../../core/errors.ts";
import { isEnvironmentError, systemErrorFrom } from "../../core/systemError.ts";
import { onInterrupt } from "../../core/interruptHooks.ts";
import { describePoint } from "./points.ts";
import type { FromWorker, ToWorker } from "./protocol.ts";
import type { GridRow } from "./rows.ts";
import type { PointTask } from "./tasks.ts";

export interface PoolOptions {
  /** Worker threads to start (at most one per task). */
  workers: number;
  /** Called on the main thread as each point finishes (in completion order); a throw stops the pool. */
  onRow: (row: GridRow) => void;
  /** Progress within a running point, a fraction in [0, 1]. */
  onProgress?: (index: number, fraction: number) => void;
}

/**
 * Runs tasks on worker threads: each free worker takes the next task in grid order. The first
 * failure terminates every worker and rejects (rows already delivered stay delivered). An
 * interrupt (Ctrl-C: core/interruptHooks.ts) terminates every worker and settles nothing: the
 * process is exiting, and the rows delivered so far are the grid's resume cache.
 */
export function runPool(tasks: readonly PointTask[], options: PoolOptions): Promise<void> {
  if (tasks.length === 0) return Promise.resolve();
  const size = Math.max(1, Math.min(Math.floor(options.workers), tasks.length));
  const byIndex = new Map(tasks.map((t) => [t.index, t]));
  return new Promise<void>((resolve, reject) => {
    const workers: Worker[] = [];
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
    const dispatch = (worker: Worker): void => {
      if (next < tasks.length) worker.postMessage({ type: "run", task: tasks[next++] } satisfies ToWorker);
    };
    for (let k = 0; k < size; k++) {
      const worker = startWorker();
      workers.push(worker);
      worker.on("message", (m: FromWorker) => {
        if (state !== "running") return;
        if (m.type === "progress") {
          options.onProgress?.(m.index, m.fraction);
        } else if (m.type === "row") {
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
          } else dispatch(worker);
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
      dispatch(worker);
    }
  });
}

/**
 * Starts a worker on the worker module: worker.js in the built package, as it is; worker.ts from
 * the sources, with the TypeScript loader registered inside the worker (tsx's register API) before
 * the entry is imported: on Node 20, `execArgv: ["--import", "tsx"]` does not reach a worker's
 * module loading ("Unknown file extension .ts"), under tsx and vitest alike.
 */
function startWorker(): Worker {
  if (import.meta.url.endsWith(".js")) return new Worker(new URL("./worker.js", import.meta.url));
  const tsxApi = import.meta.resolve("tsx/esm/api");
  const entry = new URL("./worker.ts", import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { eval: true });
}
