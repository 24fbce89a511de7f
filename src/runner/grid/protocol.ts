import type { SystemErrorFields } from "../../core/systemError.ts";
import type { GridRow } from "./rows.ts";
import type { SharedBatchWire } from "../../data/sharedBatch.ts";
import type { PointTask } from "./tasks.ts";

/**
 * A point reads its data from a shared dataset (dataHub.ts) that a worker generates: `batches` and
 * `digest` (what there is so far) come along when this worker does not hold that data yet.
 */
export interface DataRole {
  key: string;
  batches?: SharedBatchWire[];
  digest?: string;
}

/** Shared data on its way (worker → pool → the other workers reading it): a batch more, complete with its hash, or given up. */
export type DataMessage = { type: "batch"; key: string; batch: SharedBatchWire } | { type: "complete"; key: string; digest: string } | { type: "abandon"; key: string };

/**
 * Pool → worker: run this point (reading shared data when `data` is given); generate the shared
 * data of this point, for every worker; shared data; forget data no point needs any more.
 */
export type ToWorker = { type: "run"; task: PointTask; data?: DataRole } | { type: "generate"; key: string; task: PointTask } | DataMessage | { type: "drop"; key: string };

/**
 * Worker → pool: a finished row, progress within a point, or a failure; shared data it generates;
 * "idle": every point it runs waits for shared data (it may take another).
 */
export type FromWorker =
  | { type: "row"; row: GridRow }
  | { type: "progress"; index: number; fraction: number }
  | { type: "error"; index: number; message: string; stack: string; user: boolean; system?: SystemErrorFields }
  | DataMessage
  | { type: "idle" };
