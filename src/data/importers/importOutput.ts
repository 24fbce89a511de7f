import { MmlabError } from "../../core/errors.ts";
import { IMPORT_NOTES_KEY, SIZE_GRID_KEY } from "../arrow/metadata.ts";
import type { ExtraMetadata } from "../arrow/writer.ts";
import type { EventColumns } from "../schema.ts";
import type { ImportedData } from "./importer.ts";

/**
 * What an import leaves in its output file beyond the dataset facts: the size grid when the data's
 * is finer than the lot (known at the start), and the import's notes (known at the end: clock
 * corrections, repairs, snapped values, orders from before the file…), which `mmlab verify` shows.
 */
export function importMetadata(imported: ImportedData): ExtraMetadata {
  const atOpen = new Map<string, string>();
  if (imported.sizeGrid !== undefined) atOpen.set(SIZE_GRID_KEY, String(imported.sizeGrid));
  return {
    atOpen,
    atClose: () => (imported.report.notes.length === 0 ? new Map() : new Map([[IMPORT_NOTES_KEY, JSON.stringify(imported.report.notes)]])),
  };
}

/** Passes `batches` on; at their end, throws "no events in …" when they held no row (so no empty file is written). */
export async function* requireEvents(batches: AsyncIterable<EventColumns>, inputs: readonly string[]): AsyncGenerator<EventColumns> {
  let rows = 0;
  for await (const batch of batches) {
    rows += batch.length;
    yield batch;
  }
  if (rows === 0) throw new MmlabError(`no events in ${inputs.join(", ")}: the import found no rows to write (nothing was written)`);
}
