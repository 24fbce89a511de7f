import fs from "node:fs";
import {
  Float64,
  Int8,
  Int64,
  makeData,
  Message,
  RecordBatch,
  RecordBatchFileWriter,
  Struct,
  Uint8,
  Uint64,
  util,
  type Data,
  type Schema,
} from "apache-arrow";
import { MmlabError } from "../../core/errors.ts";
import { EVENT_COLUMNS, type DatasetMeta, type EventColumns } from "../schema.ts";
import { eventSchema } from "./metadata.ts";

/**
 * A file writer whose bytes go straight to a file descriptor, synchronously: nothing is queued in
 * memory, and callers may reuse their typed arrays as soon as `write` returns (the stock writer
 * queues views of the caller's buffers until someone drains it).
 */
class FdFileWriter extends RecordBatchFileWriter {
  constructor(private readonly fd: number) {
    super();
  }

  // The stock file writer omits the schema message the IPC spec puts after the leading magic
  // (it relies on the footer alone); write it so sequential stream readers can read our files too.
  protected override _writeSchema(schema: Schema): this {
    return this._writeMagic()._writePadding(2)._writeMessage(Message.from(schema));
  }

  protected override _write(chunk: unknown): this {
    if (!this._started) return this;
    if (!ArrayBuffer.isView(chunk)) throw new MmlabError(`arrow writer: unexpected chunk type ${typeof chunk}`);
    const bytes = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    for (let done = 0; done < bytes.byteLength; ) done += fs.writeSync(this.fd, bytes, done);
    this._position += bytes.byteLength;
    return this;
  }
}

/** An Arrow IPC file being written batch by batch into a temp file, renamed into place on close. */
export interface ArrowFileSink {
  write(batch: RecordBatch): void;
  close(): Promise<void>;
  abort(): Promise<void>;
}

/** Opens `path + ".tmp-<pid>"` for an Arrow IPC file with `schema`; `close` renames it to `path`. */
export function createArrowFile(path: string, schema: Schema): ArrowFileSink {
  const tmp = `${path}.tmp-${process.pid}`;
  let fd: number;
  try {
    fd = fs.openSync(tmp, "w");
  } catch (err) {
    throw new MmlabError(`${path}: cannot create file (${(err as Error).message})`);
  }
  const writer = new FdFileWriter(fd);
  let state: "open" | "failed" | "done" = "open";
  let fdOpen = true;
  // Closes the descriptor at most once: a second close could hit a number the OS has reused.
  const closeFd = (): void => {
    if (fdOpen) {
      fdOpen = false;
      fs.closeSync(fd);
    }
  };
  const discard = async (): Promise<void> => {
    state = "done";
    try {
      closeFd();
    } finally {
      await fs.promises.rm(tmp, { force: true });
    }
  };

  try {
    writer.reset(undefined, schema); // writes the header now, so a file with no batches is still valid
  } catch (err) {
    closeFd();
    fs.rmSync(tmp, { force: true });
    throw err;
  }

  return {
    write(batch) {
      if (state !== "open") {
        throw new MmlabError(`${path}: writer is ${state === "done" ? "closed" : "broken by an earlier failed write"}`);
      }
      // apache-arrow silently ends the file when a batch's schema differs from the current one.
      if (!util.compareSchemas(batch.schema, schema)) throw new MmlabError(`${path}: batch schema differs from the file's schema`);
      try {
        writer.write(batch);
      } catch (err) {
        state = "failed"; // a half-written batch cannot be finished into a valid file
        throw err;
      }
    },
    async close() {
      if (state === "done") return;
      if (state === "failed") {
        await discard();
        throw new MmlabError(`${path}: not written: an earlier write failed`);
      }
      try {
        writer.close(); // writes the footer
        state = "done";
        closeFd();
        await fs.promises.rename(tmp, path);
      } catch (err) {
        await discard();
        throw err;
      }
    },
    abort: discard,
  };
}

/** Writes event batches to one Arrow IPC file. */
export interface EventWriter {
  /** Appends `cols` as one record batch; the arrays may be reused once this returns. */
  write(cols: EventColumns): void;
  /**
   * Sets a schema metadata key. The file's footer (which readers of the file use) gets the value in
   * force at close; the schema message at the start of the file keeps the value given at open.
   */
  setMetadata(key: string, value: string): void;
  /** Finishes the file and atomically moves it into place. */
  close(): Promise<void>;
  /** Drops the unfinished file. */
  abort(): Promise<void>;
}

/** Opens a streaming event-file writer for `path` with the dataset facts `meta` (and any `extraMetadata` keys). */
export function openEventWriter(path: string, meta: DatasetMeta, extraMetadata: ReadonlyMap<string, string> = new Map()): EventWriter {
  const schema = eventSchema(meta);
  for (const [key, value] of extraMetadata) schema.metadata.set(key, value);
  const sink = createArrowFile(path, schema);
  return {
    write(cols) {
      sink.write(eventRecordBatch(path, schema, cols));
    },
    // The stock writer encodes its footer from this same Schema object when the file is closed.
    setMetadata(key, value) {
      schema.metadata.set(key, value);
    },
    close: () => sink.close(),
    abort: () => sink.abort(),
  };
}

/** Schema metadata beyond the dataset facts: keys known at the start, and keys known once every batch was written. */
export interface ExtraMetadata {
  atOpen?: ReadonlyMap<string, string>;
  atClose?: () => ReadonlyMap<string, string>;
}

/** Writes all `batches` to `path` as one event file; on any error no file (and no temp file) is left. */
export async function writeEventFile(
  path: string,
  meta: DatasetMeta,
  batches: Iterable<EventColumns> | AsyncIterable<EventColumns>,
  extra: ExtraMetadata = {},
): Promise<void> {
  const writer = openEventWriter(path, meta, extra.atOpen);
  try {
    for await (const cols of batches) writer.write(cols);
    for (const [key, value] of extra.atClose?.() ?? []) writer.setMetadata(key, value);
  } catch (err) {
    await writer.abort();
    throw err;
  }
  await writer.close();
}

/** One Arrow record batch over an event batch's typed arrays (no copy), after checking their lengths. */
export function eventRecordBatch(path: string, schema: Schema, cols: EventColumns): RecordBatch {
  checkLengths(path, cols);
  const n = cols.length;
  const children: Data[] = [
    makeData({ type: new Int64(), length: n, nullCount: 0, data: cols.exchTs.subarray(0, n) }),
    makeData({ type: new Int64(), length: n, nullCount: 0, data: cols.localTs.subarray(0, n) }),
    makeData({ type: new Uint8(), length: n, nullCount: 0, data: cols.kind.subarray(0, n) }),
    makeData({ type: new Int8(), length: n, nullCount: 0, data: cols.side.subarray(0, n) }),
    makeData({ type: new Float64(), length: n, nullCount: 0, data: cols.price.subarray(0, n) }),
    makeData({ type: new Float64(), length: n, nullCount: 0, data: cols.qty.subarray(0, n) }),
    makeData({ type: new Uint64(), length: n, nullCount: 0, data: cols.orderId.subarray(0, n) }),
  ];
  return new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: n, nullCount: 0, children }));
}

function checkLengths(path: string, cols: EventColumns): void {
  const n = cols.length;
  if (!Number.isInteger(n) || n < 0) throw new MmlabError(`${path}: invalid batch length ${n}`);
  const arrays = [cols.exchTs, cols.localTs, cols.kind, cols.side, cols.price, cols.qty, cols.orderId];
  arrays.forEach((a, i) => {
    if (a.length < n) throw new MmlabError(`${path}: column ${EVENT_COLUMNS[i]} has ${a.length} rows, batch length is ${n}`);
  });
}
