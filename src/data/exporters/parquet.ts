/**
 * Writes mmlab event batches to a Parquet file through parquet-wasm's streaming writer: each batch
 * is copied into wasm memory as it is pulled, and the file's bytes come out row group by row group
 * into a temporary file that is renamed into place at the end (memory: about one row group).
 * Column types are the event file's (int64 times, uint8 kind, int8 side, float64 price and qty,
 * uint64 order_id), so a round trip is exact; the dataset facts go into the file's key-value
 * metadata under the same keys as in Arrow event files.
 */
import fs from "node:fs";
import { Table, tableToIPC, Schema } from "apache-arrow";
import {
  Compression,
  Table as WasmTable,
  transformParquetStream,
  WriterPropertiesBuilder,
  type RecordBatch as WasmRecordBatch,
} from "parquet-wasm";
import { MmlabError } from "../../core/errors.ts";
import { isEnvironmentError, withPath } from "../../core/systemError.ts";
import { turnEventLoop } from "../../core/eventLoop.ts";
import { trackTempPath, untrackTempPath } from "../../core/tempFiles.ts";
import { encodeMeta, eventSchema } from "../arrow/metadata.ts";
import { eventRecordBatch } from "../arrow/writer.ts";
import { allocEventColumns, type DatasetMeta, type EventColumns } from "../schema.ts";
import { sortKeyValueMetadata } from "./parquetFooter.ts";

export interface ParquetExportOptions {
  /** Page compression (default zstd). */
  compression?: "zstd" | "snappy" | "none";
  /** Rows per row group (default 1 Mi): what a reader holds in memory at once. */
  rowGroupRows?: number;
  /** Key-value metadata beyond the dataset facts (e.g. `size_grid`). */
  extraMetadata?: ReadonlyMap<string, string>;
}

const CODECS = { zstd: Compression.ZSTD, snappy: Compression.SNAPPY, none: Compression.UNCOMPRESSED } as const;

/** Writes all `batches` to `path` as one Parquet file, atomically; returns the number of rows. */
export async function writeParquetEvents(
  path: string,
  meta: DatasetMeta,
  batches: Iterable<EventColumns> | AsyncIterable<EventColumns>,
  options: ParquetExportOptions = {},
): Promise<number> {
  // The Arrow schema parquet-wasm embeds (ARROW:schema) goes without metadata: arrow-rs keeps it in
  // a HashMap and would serialise it in a different order on every run. The facts go in the
  // Parquet key-value metadata instead, which every reader exposes as schema metadata.
  const schema = new Schema(eventSchema(meta).fields);
  const props = new WriterPropertiesBuilder()
    .setCompression(CODECS[options.compression ?? "zstd"])
    .setMaxRowGroupSize(options.rowGroupRows ?? 1 << 20)
    .setKeyValueMetadata(new Map([...encodeMeta(meta), ...(options.extraMetadata ?? [])]))
    .setCreatedBy("mmlab") // fixed, so equal input gives equal bytes
    .build();
  const input = (Symbol.asyncIterator in batches ? batches : toAsync(batches))[Symbol.asyncIterator]();
  let rows = 0;
  let sentAny = false;
  let inputError: unknown;
  const stream = new ReadableStream<WasmRecordBatch>(
    {
      async pull(controller) {
        try {
          const next = await input.next();
          if (next.done) {
            // an empty stream gives no schema: send one empty batch so the file is still valid
            if (!sentAny) controller.enqueue(toWasmBatch(path, schema, allocEventColumns(0)));
            sentAny = true;
            controller.close();
            return;
          }
          sentAny = true;
          rows += next.value.length;
          controller.enqueue(toWasmBatch(path, schema, next.value));
          await turnEventLoop(); // input from memory would hold off Ctrl-C
        } catch (err) {
          inputError = err;
          controller.error(err);
        }
      },
      async cancel() {
        await input.return?.();
      },
    },
    { highWaterMark: 0 },
  );

  const tmp = `${path}.tmp-${process.pid}`;
  let fd: number;
  try {
    fd = fs.openSync(tmp, "w+");
  } catch (err) {
    if (isEnvironmentError(err)) throw err; // a read-only or forbidden folder: the error line names it
    throw new MmlabError(`${path}: cannot create file (${(err as Error).message})`);
  }
  trackTempPath(tmp);
  let fdOpen = true;
  try {
    const reader = (await transformParquetStream(stream, props)).getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const bytes = value as Uint8Array;
      for (let at = 0; at < bytes.length; ) at += fs.writeSync(fd, bytes, at, bytes.length - at);
    }
    if (inputError !== undefined) throw inputError; // parquet-wasm ends the file quietly when its input fails
    sortKeyValueMetadata(fd, path);
    fs.closeSync(fd);
    fdOpen = false;
    await fs.promises.rename(tmp, path);
    return rows;
  } catch (err) {
    if (inputError !== undefined) throw inputError; // parquet-wasm may replace it by an opaque message
    if (err instanceof MmlabError) throw err;
    if (isEnvironmentError(err)) throw withPath(err, tmp); // a full disk: write(2) names no file
    throw new MmlabError(`${path}: cannot write Parquet (${err instanceof Error ? err.message : String(err)})`);
  } finally {
    if (fdOpen) fs.closeSync(fd);
    await fs.promises.rm(tmp, { force: true });
    untrackTempPath(tmp);
  }
}

async function* toAsync<T>(items: Iterable<T>): AsyncGenerator<T> {
  yield* items;
}

/** Copies one batch into wasm memory as a parquet-wasm RecordBatch (via Arrow IPC). */
function toWasmBatch(path: string, schema: Schema, cols: EventColumns): WasmRecordBatch {
  const batch = eventRecordBatch(path, schema, cols);
  const table = WasmTable.fromIPCStream(tableToIPC(new Table([batch]), "stream"));
  try {
    const out = table.recordBatch(0);
    if (!out) throw new MmlabError(`${path}: internal error: empty wasm table`);
    return out;
  } finally {
    table.free();
  }
}
