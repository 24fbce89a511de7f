import type { SystemErrorFields } from "../../core/systemError.ts";
import type { GridRow } from "./rows.ts";
import type { PointTask } from "./tasks.ts";

/** Pool → worker: run this point. */
export interface ToWorker {
  type: "run";
  task: PointTask;
}

/** Worker → pool: a finished row, progress within a point, or a failure. */
export type FromWorker =
  | { type: "row"; row: GridRow }
  | { type: "progress"; index: number; fraction: number }
  | { type: "error"; index: number; message: string; stack: string; user: boolean; system?: SystemErrorFields };
