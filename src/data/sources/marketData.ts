import type { EventBatchPool } from "../batch.ts";
import type { DatasetMeta, EventBatch } from "../schema.ts";
import type { SessionReplay } from "./sessionReplay.ts";

/**
 * Where a run's events come from. Synthetic and file data take the same path: file-schema
 * batches → engine batches (relative ns, ticks) → simulator.
 */
export interface MarketData {
  meta: DatasetMeta;
  /** Epoch ns of relative time 0 (the first event's exch_ts). */
  originNs: bigint;
  /** What the manifest records about the data. */
  description: Record<string, unknown>;
  /**
   * The events, streamed once. With a `pool`, batches are taken from it: the consumer gives each
   * one back when done with it (and must not read it after that).
   */
  batches(pool?: EventBatchPool): AsyncIterable<EventBatch>;
  /** SHA-256 of the data: the file bytes, or the generated columns (complete once streamed). */
  hash(): Promise<string>;
  /** A paper-session file's configs and round trips (see data/session.ts); absent for other data. */
  session?: () => Promise<SessionReplay>;
}
