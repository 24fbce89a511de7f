/**
 * Worker-thread entry of the suite pool (suitePool.ts): makes the runs it is sent, one at a time,
 * exactly as the main thread would (suiteRun.ts), and posts back each result (or the error), with
 * progress at most once per percent of the run's data time (per million events for a whole file).
 * Its reports' charts wait on a board the pool may take some from, for an idle thread; idle, it
 * draws the charts of other threads' reports it is sent.
 */
import { parentPort } from "node:worker_threads";
import type { SimulationProgress } from "../../sim/simulator.ts";
import { ChartBoard } from "./chartBoard.ts";
import { drawForAnotherThread, receivedOutcome } from "./chartWire.ts";
import { toSuiteRunError } from "./suiteErrors.ts";
import type { FromSuiteWorker, ToSuiteWorker } from "./suiteProtocol.ts";
import { runSuiteRun } from "./suiteRun.ts";

const port = parentPort;
if (port === null) throw new Error("suite worker: not started as a worker thread");
const post = (m: FromSuiteWorker): void => port.postMessage(m);
const board = new ChartBoard((count) => post({ type: "waiting", count }));

port.on("message", (message: ToSuiteWorker) => {
  if (message.type === "steal") post({ type: "stolen", chart: board.steal() ?? null, waiting: board.waitingCount });
  else if (message.type === "settle") board.settle(message.id, receivedOutcome(message.outcome));
  else if (message.type === "draw") drawForOthers(message);
  else run(message.task);
});

/** Charts of other threads' reports drawn here, one after another. */
let drawing: Promise<void> = Promise.resolve();

/** Draws a chart of another thread's report after those sent before it, and posts it back. */
function drawForOthers(m: Extract<ToSuiteWorker, { type: "draw" }>): void {
  drawing = drawing.then(async () => post({ type: "drawn", ticket: m.ticket, outcome: await drawForAnotherThread(m.chart, m.cache) }));
}

/** Makes one run and posts its progress and result. */
function run(task: Extract<ToSuiteWorker, { type: "run" }>["task"]): void {
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
  runSuiteRun(task, undefined, progress, board).then(
    (result) => post({ type: "result", result }),
    (e: unknown) => post({ type: "error", index: task.index, error: toSuiteRunError(e) }),
  );
}
