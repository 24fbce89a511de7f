import { extname } from "node:path";
import { MmlabError } from "../../core/errors.ts";
import { writeEventFile } from "../arrow/writer.ts";
import type { DatasetMeta, EventColumns } from "../schema.ts";
import { writeHftbacktestNpz } from "./hftbacktestNpz.ts";
import { writeParquetEvents } from "./parquet.ts";

type Batches = Iterable<EventColumns> | AsyncIterable<EventColumns>;

/** One writer per output extension: `.arrow` (the event schema), `.parquet`, `.npz` (hftbacktest). */
const EXPORTERS: Record<string, (path: string, meta: DatasetMeta, batches: Batches) => Promise<unknown>> = {
  ".arrow": writeEventFile,
  ".parquet": writeParquetEvents,
  ".npz": (path, _meta, batches) => writeHftbacktestNpz(path, batches),
};

/** The output extensions `writeEvents` accepts. */
export const EXPORT_EXTENSIONS = Object.keys(EXPORTERS);

/** Writes events to `path` in the format its extension names, atomically. */
export async function writeEvents(path: string, meta: DatasetMeta, batches: Batches): Promise<void> {
  const write = EXPORTERS[extname(path).toLowerCase()];
  if (write === undefined) throw new MmlabError(`${path}: unknown output format; use one of ${EXPORT_EXTENSIONS.join(", ")}`);
  await write(path, meta, batches);
}

/** The export format of an output path, or undefined when its extension is not supported. */
export function exportFormatOf(path: string): string | undefined {
  const ext = extname(path).toLowerCase();
  return Object.hasOwn(EXPORTERS, ext) ? ext.slice(1) : undefined;
}
