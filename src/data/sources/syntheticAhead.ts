/**
 * A synthetic market generated ahead of the run in a worker thread (syntheticAheadWorker.ts), for a
 * run that has a core to spare: the generator makes the next batches while this thread simulates
 * the last ones, instead of taking turns with it. The same batches and the same hash as
 * syntheticParamsData in this thread (the same generator, seeded from the same seed: its streams
 * are forks of the seed, never of a stream's state), read from shared memory without a copy.
 *
 *   this thread: parameters checked, meta and origin (syntheticParamsData) ─ worker started (generatedAhead)
 *   worker:      generate ─ engine batch in shared memory ─▶ posted (at most AHEAD not taken)
 *   this thread: batch hashed (SyntheticDigest) ─ taken ─▶ the run; buffers the run gave back to
 *                its pool ─▶ the worker, to fill again
 *   end:         hash() hashes what the run did not read (a run that stopped early) and gives the digest
 */
import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import { MmlabError } from "../../core/errors.ts";
import { compiledWorkerModule, startModuleWorker } from "../../core/compiledSources.ts";
import { turnEventLoop } from "../../core/eventLoop.ts";
import { NS_PER_S } from "../../core/time.ts";
import type { EventBatchPool } from "../batch.ts";
import type { EventBatch } from "../schema.ts";
import { fromWire, type SharedBatchWire } from "../sharedBatch.ts";
import type { SyntheticParamsInput } from "../synthetic/params.ts";
import { SyntheticDigest } from "../synthetic/marketDigest.ts";
import type { MarketData } from "./marketData.ts";

/**
 * Shortest market worth generating ahead: below it, starting the worker costs about what the
 * overlap saves (`mmlab backtest --no-report` on the default scenario, best of 3, against this
 * thread: 3 h 1.32 vs 1.36 s, 8 h 1.50 vs 1.78 s, 12 h 1.83 vs 2.41 s, 24 h 2.9 vs 4.35 s; 1 h 0.94 vs 0.88 s).
 */
export const AHEAD_MIN_NS = 4 * 3600 * NS_PER_S;

/** Whether a synthetic market of `durationNs` is sooner generated ahead here: a core to spare, and long enough to pay for the worker. */
export function aheadPays(durationNs: number): boolean {
  return durationNs >= AHEAD_MIN_NS && availableParallelism() > 1;
}

/** Batches generated ahead at most, not yet taken by the run (of 65,536 rows, 2.5 MB each). */
const AHEAD = 4;

/** What the worker is asked to generate. */
export interface AheadTask {
  params: SyntheticParamsInput;
  seed: string;
  ahead: number;
}

/** Messages from the worker. */
export type FromGenerator = { type: "batch"; batch: SharedBatchWire } | { type: "end" } | { type: "error"; message: string; stack: string; user: boolean };

/** The message to the worker: a batch taken, and buffers to fill again. */
export interface ToGenerator {
  free: SharedArrayBuffer[];
}

/**
 * `here` (syntheticParamsData's market of `task`, in this thread: its parameters checked) with its
 * batches and hash made ahead in a worker thread instead: the same batches, the same hash. Streamed once.
 */
export function generatedAhead(here: MarketData, task: Omit<AheadTask, "ahead">): MarketData {
  const generator = new AheadGenerator({ ...task, ahead: AHEAD }, new SyntheticDigest(here.meta, here.originNs));
  return {
    meta: here.meta,
    originNs: here.originNs,
    description: here.description,
    batches: (pool) => generator.batches(pool),
    hash: () => generator.digest(),
  };
}

/** This thread's side of the worker: its messages in order, the batches (each hashed as it is taken), the digest. */
class AheadGenerator {
  private readonly worker: Promise<Worker>;
  private readonly inbox: FromGenerator[] = [];
  private arrived: (() => void) | undefined;
  private streamed = false;
  private ended = false;
  /** The worker's last word (its end, or its error) has come. */
  private lastWord = false;
  private failure: Error | undefined;
  private hashed: string | undefined;

  constructor(
    task: AheadTask,
    private readonly hasher: SyntheticDigest,
  ) {
    this.worker = compiledWorkerModule(import.meta.url, "syntheticAheadWorker").then((compiled) => {
      const worker = startModuleWorker(import.meta.url, "syntheticAheadWorker", compiled, task);
      worker.on("message", (m: FromGenerator) => this.receive(m));
      worker.on("error", (e) => this.receive({ type: "error", message: e.message, stack: e.stack ?? "", user: false }));
      worker.on("exit", (code) => {
        if (!this.lastWord) this.receive({ type: "error", message: `the synthetic generator's thread stopped (exit code ${code})`, stack: "", user: false });
      });
      // ref'd only while this thread waits for it: a run that never reads it does not keep the
      // process (after the listeners: a "message" listener refs the worker's port again)
      worker.unref();
      return worker;
    });
    this.worker.catch(() => undefined); // a failure to start is thrown where the worker is awaited (next), not as an unhandled rejection
  }

  /** The batches, as the worker makes them; `pool`'s spare batches (those the run is done with) go back to it. */
  async *batches(pool?: EventBatchPool): AsyncGenerator<EventBatch> {
    if (this.streamed) throw new MmlabError("synthetic data generated ahead: its batches are streamed once");
    this.streamed = true;
    for (let batch = await this.next(); batch !== undefined; batch = await this.next()) {
      const free: SharedArrayBuffer[] = [];
      for (let spare = pool?.takeSpare(); spare !== undefined; spare = pool?.takeSpare()) {
        const buffer = spare.exchTsNs.buffer;
        if (buffer instanceof SharedArrayBuffer) free.push(buffer);
      }
      this.post({ free });
      yield batch;
      await turnEventLoop(); // messages come with the loop's turns; let a Ctrl-C in too
    }
  }

  /** The market's SHA-256, once every batch was hashed (those the run did not read too: a run that stopped early). */
  async digest(): Promise<string> {
    this.streamed = true;
    for (let batch = await this.next(); batch !== undefined; batch = await this.next()) this.post({ free: [batch.exchTsNs.buffer as SharedArrayBuffer] });
    return (this.hashed ??= this.hasher.digest());
  }

  /** The next batch (hashed), or undefined at the end; the worker's error, if it failed. */
  private async next(): Promise<EventBatch | undefined> {
    for (;;) {
      if (this.failure !== undefined) throw this.failure;
      const m = this.inbox.shift();
      if (m !== undefined) {
        if (m.type === "batch") {
          const batch = fromWire(m.batch);
          this.hasher.add(batch);
          return batch;
        }
        if (m.type === "end") {
          this.ended = true;
          return undefined;
        }
        this.failure = Object.assign(m.user ? new MmlabError(m.message) : new Error(m.message), m.stack === "" ? {} : { stack: m.stack });
        throw this.failure;
      }
      if (this.ended) return undefined;
      const worker = await this.worker;
      worker.ref();
      await new Promise<void>((resolve) => (this.arrived = resolve));
      worker.unref();
    }
  }

  private receive(m: FromGenerator): void {
    if (m.type !== "batch") this.lastWord = true;
    this.inbox.push(m);
    this.arrived?.();
    this.arrived = undefined;
  }

  private post(m: ToGenerator): void {
    this.worker.then((worker) => worker.postMessage(m), () => undefined);
  }
}
