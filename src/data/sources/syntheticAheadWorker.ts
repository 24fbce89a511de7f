/**
 * Worker-thread entry that generates a synthetic market ahead of the run reading it
 * (syntheticAhead.ts): the same generator (syntheticMarket, seeded from the same seed), its engine
 * batches written into shared memory and posted as they are made, at most `ahead` of them not yet
 * taken; the buffers of batches the run is done with come back to be filled again. The calling
 * thread hashes them (it has time to spare: generating is the slower half).
 */
import { parentPort, workerData } from "node:worker_threads";
import { MmlabError } from "../../core/errors.ts";
import { Rng } from "../../core/rng.ts";
import { EventBatchPool } from "../batch.ts";
import { allocSharedBatch, sharedBatchIn, toWire } from "../sharedBatch.ts";
import { syntheticMarket } from "../synthetic/generator.ts";
import { engineBatches } from "../synthetic/marketDigest.ts";
import type { AheadTask, FromGenerator, ToGenerator } from "./syntheticAhead.ts";

const port = parentPort;
if (port === null) throw new Error("synthetic generator: not started as a worker thread");
const task = workerData as AheadTask;
const post = (m: FromGenerator): void => port.postMessage(m);

let taken = 0;
let wake: (() => void) | undefined;
// Room for the batches ahead and those the run still holds, given back as it lets go of them.
const pool = new EventBatchPool(2 * task.ahead + 4, allocSharedBatch);
port.on("message", (m: ToGenerator) => {
  taken++;
  for (const buffer of m.free) pool.give(sharedBatchIn(buffer));
  wake?.();
});

try {
  let posted = 0;
  for await (const batch of engineBatches(syntheticMarket(task.params, new Rng(task.seed)).rowBlocks[Symbol.iterator](), pool)) {
    while (posted - taken >= task.ahead) await new Promise<void>((resolve) => (wake = resolve));
    post({ type: "batch", batch: toWire(batch) });
    posted++;
  }
  post({ type: "end" });
} catch (e) {
  const error = e instanceof Error ? e : new Error(String(e));
  post({ type: "error", message: error.message, stack: error.stack ?? "", user: e instanceof MmlabError });
} finally {
  port.unref(); // nothing more to say: the thread ends once its messages are out
}
