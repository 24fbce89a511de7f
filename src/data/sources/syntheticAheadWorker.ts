/**
 * Worker-thread entry that generates a synthetic market ahead of the run reading it
 * (syntheticAhead.ts): the same generator and hash as in one thread (syntheticParamsData, seeded
 * from the same seed), its engine batches written into shared memory and posted as they are made,
 * at most `ahead` of them not yet taken; the buffers of batches the run is done with come back to
 * be filled again. Asked to finish early (the run stopped), it posts no more batches and only
 * hashes the rest, as syntheticParamsData's hash() does.
 */
import { parentPort, workerData } from "node:worker_threads";
import { MmlabError } from "../../core/errors.ts";
import { Rng } from "../../core/rng.ts";
import { EventBatchPool } from "../batch.ts";
import { allocSharedBatch, sharedBatchIn, toWire } from "../sharedBatch.ts";
import type { AheadTask, FromGenerator, ToGenerator } from "./syntheticAhead.ts";
import { syntheticParamsData } from "./syntheticData.ts";

const port = parentPort;
if (port === null) throw new Error("synthetic generator: not started as a worker thread");
const task = workerData as AheadTask;
const post = (m: FromGenerator): void => port.postMessage(m);

let taken = 0;
let finishing = false;
let wake: (() => void) | undefined;
// Room for the batches ahead and those the run still holds, given back as it lets go of them.
const pool = new EventBatchPool(2 * task.ahead + 4, allocSharedBatch);
port.on("message", (m: ToGenerator) => {
  if (m.type === "taken") {
    taken++;
    for (const buffer of m.free) pool.give(sharedBatchIn(buffer));
  } else finishing = true;
  wake?.();
});

try {
  const source = syntheticParamsData(task.params, new Rng(task.seed), task.scenario); // in this thread
  let posted = 0;
  for await (const batch of source.batches(pool)) {
    while (!finishing && posted - taken >= task.ahead) await new Promise<void>((resolve) => (wake = resolve));
    if (finishing) break;
    post({ type: "batch", batch: toWire(batch) });
    posted++;
  }
  post({ type: "end", digest: await source.hash() });
} catch (e) {
  const error = e instanceof Error ? e : new Error(String(e));
  post({ type: "error", message: error.message, stack: error.stack ?? "", user: e instanceof MmlabError });
} finally {
  port.unref(); // nothing more to say: the thread ends once its messages are out
}
