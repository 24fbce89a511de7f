/**
 * Worker-thread entry of the grid pool: runs the points it is sent and posts back each row (or the
 * error), with progress at most once per percent of a point. A point whose data the grid shares
 * (dataHub.ts) reads it from shared memory, as another worker generates it and posts each batch
 * on. Points run one at a time but while every point here waits for shared data still being
 * made: then the worker says it is idle, and the pool may send it another.
 */
import { parentPort } from "node:worker_threads";
import { MmlabError } from "../../core/errors.ts";
import { isEnvironmentError, systemErrorFields } from "../../core/systemError.ts";
import { NS_PER_S } from "../../core/time.ts";
import type { MarketData } from "../../data/sources/marketData.ts";
import { pointSource, runPoint } from "./pointRun.ts";
import type { DataRole, FromWorker, ToWorker } from "./protocol.ts";
import { fromWire, SharedBatchAllocator, sharedBytes, toWire } from "../../data/sharedBatch.ts";
import { SharedDataset, tooLargeToShare } from "./sharedData.ts";
import type { PointTask } from "./tasks.ts";

const port = parentPort;
if (port === null) throw new Error("grid worker: not started as a worker thread");
const post = (m: FromWorker): void => port.postMessage(m);

/** Shared datasets held here, by key. */
const datasets = new Map<string, SharedDataset>();
/** Points in flight, those of them waiting for shared data, datasets being generated here. */
let running = 0;
let waiting = 0;
let generating = 0;
/** A batch arrived since the last idle report: at most one report per batch, so that a point sent in reply catches up first. */
let fresh = false;

function reportIdle(): void {
  if (fresh && running > 0 && waiting >= running && generating === 0) {
    fresh = false;
    post({ type: "idle" });
  }
}

const listener = {
  waiting(): void {
    waiting++;
    reportIdle();
  },
  resumed(): void {
    waiting--;
  },
};

port.on("message", (message: ToWorker) => {
  switch (message.type) {
    case "run":
      return run(message.task, message.data);
    case "generate":
      return void generate(message.task, message.key);
    case "batch":
      fresh = true;
      return datasets.get(message.key)?.push(fromWire(message.batch));
    case "complete":
      return datasets.get(message.key)?.complete(message.digest);
    case "abandon":
      return datasets.get(message.key)?.abandon();
    case "drop":
      datasets.delete(message.key);
  }
});

function run(task: PointTask, role: DataRole | undefined): void {
  // At most one message per percent of the point (no wall clock in the worker).
  let lastPosted = -1;
  const progress = (fraction: number): void => {
    if (fraction - lastPosted < 0.01) return;
    lastPosted = fraction;
    post({ type: "progress", index: task.index, fraction });
  };
  const dataset = role === undefined ? undefined : open(role);
  running++;
  runPoint(task, progress, dataset && ((source: MarketData) => dataset.reader(source)))
    .then(
      (row) => post({ type: "row", row }),
      (e: unknown) => postError(task, e),
    )
    .finally(() => {
      running--;
      reportIdle();
    });
}

/** The dataset a point reads: held here already (generated here, or read before), or from another worker (what it has made so far). */
function open(role: DataRole): SharedDataset {
  const held = datasets.get(role.key);
  if (role.batches === undefined && held !== undefined) return held;
  const dataset = new SharedDataset(listener);
  datasets.set(role.key, dataset);
  for (const batch of role.batches ?? []) dataset.push(fromWire(batch));
  if (role.digest !== undefined) dataset.complete(role.digest);
  return dataset;
}

/**
 * Generates a point's synthetic market into shared memory, for the points that will read it here
 * and, through the pool, in every other worker; gives it up when it is, or is bound to be, too
 * large to hold. A failure is that point's: the pool stops the grid with it.
 */
async function generate(task: PointTask, key: string): Promise<void> {
  const dataset = new SharedDataset(listener);
  datasets.set(key, dataset);
  generating++;
  try {
    const source = await pointSource(task);
    const durationNs = task.source.kind === "synthetic" ? task.source.seconds * NS_PER_S : Infinity;
    let bytes = 0;
    for await (const batch of source.batches(new SharedBatchAllocator())) {
      bytes += sharedBytes(batch);
      if (tooLargeToShare(bytes, batch.length > 0 ? batch.exchTsNs[batch.length - 1] : 0, durationNs)) {
        dataset.abandon();
        post({ type: "abandon", key });
        return;
      }
      dataset.push(batch);
      post({ type: "batch", key, batch: toWire(batch) });
    }
    const digest = await source.hash();
    dataset.complete(digest);
    post({ type: "complete", key, digest });
  } catch (e) {
    dataset.fail(e);
    postError(task, e);
  } finally {
    generating--;
    reportIdle();
  }
}

function postError(task: PointTask, e: unknown): void {
  const error = e instanceof Error ? e : new Error(String(e));
  // postMessage keeps only an error's message and stack: a full disk's code, syscall and path go along by hand
  const system = isEnvironmentError(e) ? systemErrorFields(e) : undefined;
  post({ type: "error", index: task.index, message: error.message, stack: error.stack ?? "", user: e instanceof MmlabError, system });
}
