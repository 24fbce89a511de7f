/**
 * Worker-thread entry of the suite pool (suitePool.ts): makes the runs it is sent, one at a time,
 * exactly as the main thread would (suiteRun.ts), and posts back each result (or the error), with
 * progress at most once per percent of the run's data time (per million events for a whole file).
 */
import { parentPort } from "node:worker_threads";
import { ConfigError, MmlabError } from "../../core/errors.ts";
import { isEnvironmentError, systemErrorFields } from "../../core/systemError.ts";
import type { SimulationProgress } from "../../sim/simulator.ts";
import type { FromSuiteWorker, SuiteRunError, ToSuiteWorker } from "./suiteProtocol.ts";
import { runSuiteRun } from "./suiteRun.ts";

const port = parentPort;
if (port === null) throw new Error("suite worker: not started as a worker thread");

port.on("message", (message: ToSuiteWorker) => {
  const task = message.task;
  const post = (m: FromSuiteWorker): void => port.postMessage(m);
  let lastNs = -Infinity;
  let lastEvents = -Infinity;
  const step = task.durationNs !== undefined ? task.durationNs / 100 : Infinity;
  const progress = (p: SimulationProgress): void => {
    if (p.tNs - lastNs < step && p.events - lastEvents < 1_000_000) return;
    lastNs = p.tNs;
    lastEvents = p.events;
    post({ type: "progress", index: task.index, events: p.events, tNs: p.tNs });
  };
  post({ type: "started", index: task.index });
  runSuiteRun(task, undefined, progress).then(
    (result) => post({ type: "result", result }),
    (e: unknown) => post({ type: "error", index: task.index, error: runError(e) }),
  );
});

/** A run's failure as plain data: its message and stack, and what the main thread needs to tell it as the same error. */
function runError(e: unknown): SuiteRunError {
  const error = e instanceof Error ? e : new Error(String(e));
  const out: SuiteRunError = { message: error.message, stack: error.stack ?? "", user: e instanceof MmlabError };
  if (e instanceof ConfigError) {
    let value: unknown = e.value;
    try {
      structuredClone(value);
    } catch {
      value = String(value);
    }
    out.config = { field: e.field, value, rule: e.rule, hint: e.hint };
  }
  if (isEnvironmentError(e)) out.system = systemErrorFields(e);
  return out;
}
