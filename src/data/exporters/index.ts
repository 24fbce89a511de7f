import { extname } from "node:path";
import { MmlabError } from "../../core/errors.ts";
import { namingFile } from "../../core/systemError.ts";
import { SIZE_GRID_KEY } from "../arrow/metadata.ts";
import { writeEventFile, type ExtraMetadata } from "../arrow/writer.ts";
import type { DatasetMeta, EventColumns } from "../schema.ts";
import { writeHftbacktestNpz } from "./hftbacktestNpz.ts";
import { writeParquetEvents } from "./parquet.ts";

type Batches = Iterable<EventColumns> | AsyncIterable<EventColumns>;

/**
 * One writer per output extension: `.arrow` (the event schema), `.parquet`, `.npz` (hftbacktest).
 * `extra`: schema metadata beyond the dataset facts; `.arrow` files take all of it, `.parquet` the
 * keys known at the start, `.npz` (no metadata) only the size grid, as an extra array.
 */
const EXPORTERS: Record<string, (path: string, meta: DatasetMeta, batches: Batches, extra: ExtraMetadata) => Promise<unknown>> = {
  ".arrow": writeEventFile,
  ".parquet": (path, meta, batches, extra) => writeParquetEvents(path, meta, batches, { extraMetadata: extra.atOpen }),
  ".npz": (path, _meta, batches, extra) => {
    const sizeGrid = extra.atOpen?.get(SIZE_GRID_KEY);
    return writeHftbacktestNpz(path, batches, sizeGrid === undefined ? {} : { sizeGrid: Number(sizeGrid) });
  },
};

/** The output extensions `writeEvents` accepts. */
export const EXPORT_EXTENSIONS = Object.keys(EXPORTERS);

/** Writes events to `path` in the format its extension names, atomically (with `extra` metadata where the format has room for it). */
export async function writeEvents(path: string, meta: DatasetMeta, batches: Batches, extra: ExtraMetadata = {}): Promise<void> {
  const write = EXPORTERS[extname(path).toLowerCase()];
  if (write === undefined) throw new MmlabError(`${path}: unknown output format; use one of ${EXPORT_EXTENSIONS.join(", ")}`);
  // a write error on a descriptor names no file (a full disk says only "ENOSPC, write")
  await namingFile(path, () => write(path, meta, batches, extra));
}
