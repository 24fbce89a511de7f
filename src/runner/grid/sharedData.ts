import { turnEventLoop } from "../../core/eventLoop.ts";
import type { EventBatch } from "../../data/schema.ts";
import type { MarketData } from "../../data/sources/marketData.ts";

/*
 * Synthetic data generated once per grid and read by every point that runs on it.
 *
 * The points of a grid that share a synthetic market (same scenario, length and seed) used to
 * generate it each, which cost four times the backtest itself. Now one worker generates it
 * (dataHub.ts), straight into SharedArrayBuffers; every batch goes, through the pool, to the
 * workers running those points, which read the same memory as it arrives. Nobody writes a batch
 * once it is published: the simulator, the engine and the calibration only read the batches of a
 * run (the tests compare every point with a run that generated its own data).
 */

/**
 * Largest data shared (bytes; about 28 M events, four days of the default synthetic market).
 * Larger data, or data bound to grow larger at the rate seen so far, is given up: every point then
 * generates its own, as before, since holding it would cost more memory than generating it saves.
 */
export const SHARED_DATA_MAX_BYTES = 1024 * 1024 * 1024;

/**
 * True when data that has reached `bytes` by data time `lastNs` (ns since its origin) of
 * `durationNs` is, or is bound to be, larger than `maxBytes`.
 */
export function tooLargeToShare(bytes: number, lastNs: number, durationNs: number, maxBytes = SHARED_DATA_MAX_BYTES): boolean {
  if (bytes > maxBytes) return true;
  return lastNs > 0 && (bytes * durationNs) / lastNs > maxBytes;
}

/** Notified when a point starts and stops waiting for a batch that is not there yet (the worker's idle reports). */
export interface WaitListener {
  waiting(): void;
  resumed(): void;
}

/**
 * A worker's copy of a shared dataset: the batches received so far (views on the shared memory)
 * and, once complete, its hash; or word that it was given up (too large, see SHARED_DATA_MAX_BYTES).
 */
export class SharedDataset {
  private readonly chunks: EventBatch[] = [];
  private state: "open" | "complete" | "abandoned" | "failed" = "open";
  private digest = "";
  private error: unknown;
  private waiters: (() => boolean)[] = [];

  constructor(private readonly listener?: WaitListener) {}

  /** A batch more (in order). */
  push(batch: EventBatch): void {
    if (this.state !== "open") throw new Error(`shared data: a batch after the data was ${this.state}`);
    this.chunks.push(batch);
    this.wake();
  }

  /** Every batch is there; `digest` is the data's SHA-256 (as MarketData.hash gives it). */
  complete(digest: string): void {
    if (this.state === "open") this.digest = digest;
    this.settle("complete");
  }

  /** The data is not shared after all: its readers make their own. */
  abandon(): void {
    this.settle("abandoned");
  }

  /** Making the data failed: its readers fail with the same error (unless it was settled already). */
  fail(error: unknown): void {
    if (this.state !== "open") return;
    this.error = error;
    this.settle("failed");
  }

  /**
   * Market data reading this dataset: the meta, origin and description of `source` (the same
   * data, not streamed), the batches from shared memory as they arrive, the hash once complete.
   * If the dataset is given up, the rest comes from `source` itself (regenerated, the batches
   * already read skipped).
   */
  reader(source: MarketData): MarketData {
    const dataset = this;
    return {
      meta: source.meta,
      originNs: source.originNs,
      description: source.description,
      // The pool argument is not used: the simulator gives every batch it read back to it, and a
      // shared batch must never be filled again.
      async *batches() {
        for (let i = 0; ; i++) {
          if (i >= dataset.chunks.length && dataset.state === "open") await dataset.arrival(i);
          if (i < dataset.chunks.length) {
            yield dataset.chunks[i];
            await turnEventLoop(); // in memory: let a Ctrl-C (and the next batches' messages) in
            continue;
          }
          if (dataset.state === "failed") throw dataset.error;
          if (dataset.state === "abandoned") {
            let skip = i;
            for await (const batch of source.batches()) if (skip-- <= 0) yield batch;
          }
          return;
        }
      },
      async hash() {
        while (dataset.state === "open") await dataset.arrival(Infinity);
        if (dataset.state === "failed") throw dataset.error;
        // given up: the source's own hash (known when the fallback streamed the data, else it generates it for it)
        return dataset.state === "abandoned" ? source.hash() : dataset.digest;
      },
    };
  }

  /** Resolves once batch `i` has arrived or the dataset is settled (Infinity: settled). */
  private arrival(i: number): Promise<void> {
    return new Promise((resolve) => {
      this.listener?.waiting();
      this.waiters.push(() => {
        if (i >= this.chunks.length && this.state === "open") return false;
        this.listener?.resumed();
        resolve();
        return true;
      });
    });
  }

  private wake(): void {
    this.waiters = this.waiters.filter((arrived) => !arrived());
  }

  private settle(state: "complete" | "abandoned" | "failed"): void {
    if (this.state !== "open") throw new Error(`shared data: ${state} after the data was ${this.state}`);
    this.state = state;
    this.wake();
  }
}
