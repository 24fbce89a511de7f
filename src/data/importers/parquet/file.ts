/**
 * A Parquet file opened through parquet-wasm for reading one row group at a time: the file is a
 * lazily read Blob (`fs.openAsBlob`), so only the footer and the requested column chunks are read,
 * and each row group comes back as Arrow IPC stream bytes decoded by apache-arrow. Memory: one row
 * group (the wasm heap grows to the largest row group read and does not shrink).
 */
import fs from "node:fs";
import { tableFromIPC, type Schema, type Table } from "apache-arrow";
import { ParquetFile } from "parquet-wasm";
import { DataError, MmlabError } from "../../../core/errors.ts";
import { isEnvironmentError, withPath } from "../../../core/systemError.ts";

/** An open Parquet file. */
export interface ParquetSource {
  readonly file: string;
  readonly size: number;
  /** The Arrow schema, with the file's key-value metadata. */
  readonly schema: Schema;
  readonly numRowGroups: number;
  rowGroupRows(index: number): number;
  /** Compressed bytes of a row group, for progress. */
  rowGroupBytes(index: number): number;
  /** Reads `columns` of one row group (as one record batch where the reader allows). */
  readRowGroup(index: number, columns: readonly string[]): Promise<Table>;
  close(): void;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Opens a Parquet file; a missing file is an MmlabError, a damaged one a DataError naming it. */
export async function openParquet(file: string): Promise<ParquetSource> {
  let blob: Blob;
  let size: number;
  try {
    size = fs.statSync(file).size;
    blob = await fs.openAsBlob(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") throw new MmlabError(`${file}: no such file`);
    if (isEnvironmentError(err)) throw withPath(err, file); // one line naming the file, operation and cause
    throw new MmlabError(`${file}: cannot open (${message(err)})`);
  }
  let pf: ParquetFile;
  let schema: Schema;
  try {
    pf = await ParquetFile.fromFile(blob);
    schema = tableFromIPC(pf.schema().intoIPCStream()).schema;
  } catch (err) {
    throw new DataError(file, undefined, undefined, `not a Parquet file, or truncated or corrupt (${message(err)})`);
  }
  const meta = pf.metadata();
  const groups = meta.rowGroups();
  let closed = false;
  const firstRows = [0];
  for (const g of groups) firstRows.push(firstRows[firstRows.length - 1] + g.numRows());
  return {
    file,
    size,
    schema,
    numRowGroups: groups.length,
    rowGroupRows: (i) => groups[i].numRows(),
    rowGroupBytes: (i) => groups[i].compressedSize(),
    async readRowGroup(i, columns) {
      try {
        const wasmTable = await pf.read({ rowGroups: [i], batchSize: Math.max(1, groups[i].numRows()), columns: [...columns] });
        return tableFromIPC(wasmTable.intoIPCStream());
      } catch (err) {
        const rows = `rows ${firstRows[i]}-${firstRows[i + 1] - 1}`;
        throw new DataError(file, undefined, undefined, `row group ${i} (${rows}) is truncated or corrupt (${message(err)})`);
      }
    },
    close() {
      if (closed) return;
      closed = true;
      for (const g of groups) g.free();
      meta.free();
      pf.free();
    },
  };
}
