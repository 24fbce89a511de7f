/**
 * Worker-thread entry of the grid pool: runs the points it is sent, one at a time, and posts
 * back each row (or the error), with progress at most every 200 ms.
 */
import { parentPort } from "node:worker_threads";
import { MmlabError } from "../../core/errors.ts";
import { isEnvironmentError, systemErrorFields } from "../../core/systemError.ts";
import { runPoint } from "./pointRun.ts";
import type { FromWorker, ToWorker } from "./protocol.ts";

const port = parentPort;
if (port === null) throw new Error("grid worker: not started as a worker thread");

port.on("message", (message: ToWorker) => {
  const task = message.task;
  // At most one message per percent of the point (no wall clock in the worker).
  let lastPosted = -1;
  const progress = (fraction: number): void => {
    if (fraction - lastPosted < 0.01) return;
    lastPosted = fraction;
    port.postMessage({ type: "progress", index: task.index, fraction } satisfies FromWorker);
  };
  runPoint(task, progress).then(
    (row) => port.postMessage({ type: "row", row } satisfies FromWorker),
    (e: unknown) => {
      const error = e instanceof Error ? e : new Error(String(e));
      // postMessage keeps only an error's message and stack: a full disk's code, syscall and path go along by hand
      const system = isEnvironmentError(e) ? systemErrorFields(e) : undefined;
      port.postMessage({ type: "error", index: task.index, message: error.message, stack: error.stack ?? "", user: e instanceof MmlabError, system } satisfies FromWorker);
    },
  );
});
