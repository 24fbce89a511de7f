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
import { isEnvironmentError, namingFile, withPath } from "../../core/systemError.ts";
import { turnEventLoop } from "../../core/eventLoop.ts";
import { trackTempPath, untrackTempPath } from "../../core/tempFiles.ts";
import { EVENT_COLUMNS, type DatasetMeta, type EventColumns } from "../schema.ts";
import { eventSchema } from "./metadata.ts";

/**
 * A file writer whose bytes go straight to a file descriptor, synchronously: nothing is queued in
 * memory, and callers may reuse their typed arrays as soon as `write` returns (the stock writer
 * queues views of the caller's buffers until someone drains it).
 */
class FdFileWriter extends RecordBatchFileWriter {
  constructor(
    private readonly fd: number,
    private readonly path: string,
  ) {
    super();
  }

  // The stock file writer omits the schema message the IPC spec puts after the leading magic
  // (it relies on the footer alone); write it so sequential stream readers can read our files too.
  protected override _writeSchema(schema: Schema): this {
    return this._writeMagic()._writePadding(2)._writeMessage(Message.from(schema));
  }

  /** Bytes written so far (header and messages). */
  get bytesWritten(): number {
    return this._position;
  }

  protected override _write(chunk: unknown): this {
    if (!this._started) return this;
    if (!ArrayBuffer.isView(chunk)) throw new MmlabError(`arrow writer: unexpected chunk type ${typeof chunk}`);
    const bytes = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    // write(2) errors name no file (a full disk says only "ENOSPC, write"): name it
    namingFile(this.path, () => {
      for (let done = 0; done < bytes.byteLength; ) done += fs.writeSync(this.fd, bytes, done);
    });
    this._position += bytes.byteLength;
    return this;
  }
}

/** An Arrow IPC file being written batch by batch into a temp file, renamed into place on close. */
export interface ArrowFileSink {
  write(batch: RecordBatch): void;
  /** Forces the bytes written so far to the disk (fdatasync); a batch is in the OS's hands once `write` returns. */
  sync(): Promise<void>;
  close(): Promise<void>;
  abort(): Promise<void>;
  /**
   * Stops without a footer. A file written in place stays, cut back to its last complete record
   * batch (readable: see IN_PLACE_METADATA_KEY); a temp file is dropped, as by `abort`.
   */
  abandon(): Promise<void>;
}

/**
 * Schema metadata key of a file written in place (value "1"): it may end without its footer (its
 * writer was killed, or the disk filled), and readers then take its complete record batches
 * (data/arrow/unfinished.ts). Files renamed into place when finished never carry it.
 */
export const IN_PLACE_METADATA_KEY = "mmlab.in_place";

/** Options of `createArrowFile`. */
export interface ArrowFileOptions {
  /**
   * Write at `path` itself, not into a temp file renamed at close: a recording that must stay
   * readable up to its last batch if the process dies or the disk fills (a paper session's file).
   * Marks the schema with IN_PLACE_METADATA_KEY; a failed write cuts the file back to its last batch.
   */
  inPlace?: boolean;
}

/** Opens `path + ".tmp-<pid>"` for an Arrow IPC file with `schema`; `close` renames it to `path` (an interrupt removes it: core/tempFiles.ts). */
export function createArrowFile(path: string, schema: Schema, options: ArrowFileOptions = {}): ArrowFileSink {
  const inPlace = options.inPlace ?? false;
  const tmp = inPlace ? path : `${path}.tmp-${process.pid}`;
  if (inPlace) schema.metadata.set(IN_PLACE_METADATA_KEY, "1");
  let fd: number;
  try {
    fd = fs.openSync(tmp, "w");
  } catch (err) {
    if (isEnvironmentError(err)) throw err; // a read-only or forbidden folder: the error line names it
    throw new MmlabError(`${path}: cannot create file (${(err as Error).message})`);
  }
  if (!inPlace) trackTempPath(tmp); // a recording in place is kept, whatever happens
  const writer = new FdFileWriter(fd, tmp);
  let state: "open" | "failed" | "done" = "open";
  let fdOpen = true;
  /** End of the last complete message (the header, then each batch): where a failed in-place file is cut back to. */
  let completeBytes = 0;
  let syncing: Promise<void> | undefined;
  // A sync in flight must end before the descriptor closes: its number could be reused.
  const settled = async (): Promise<void> => {
    await syncing?.catch(() => undefined);
  };
  // In place, a half-written message (or footer) is cut off, so the file ends at a complete batch.
  const cutBack = (): void => {
    try {
      if (fdOpen) fs.ftruncateSync(fd, completeBytes);
    } catch {
      // the reader skips an incomplete last message anyway
    }
  };
  // Closes the descriptor at most once: a second close could hit a number the OS has reused.
  const closeFd = (): void => {
    if (fdOpen) {
      fdOpen = false;
      fs.closeSync(fd);
    }
  };
  const discard = async (): Promise<void> => {
    state = "done";
    await settled();
    try {
      closeFd();
    } finally {
      await fs.promises.rm(tmp, { force: true });
      untrackTempPath(tmp);
    }
  };

  try {
    writer.reset(undefined, schema); // writes the header now, so a file with no batches is still valid
    completeBytes = writer.bytesWritten;
  } catch (err) {
    closeFd();
    fs.rmSync(tmp, { force: true });
    untrackTempPath(tmp);
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
        completeBytes = writer.bytesWritten;
      } catch (err) {
        state = "failed"; // a half-written batch cannot be finished into a valid file
        if (inPlace) cutBack();
        throw err;
      }
    },
    sync() {
      if (state !== "open") return Promise.resolve();
      const pending = new Promise<void>((resolve, reject) => fs.fdatasync(fd, (err) => (err ? reject(withPath(err, path) as Error) : resolve())));
      syncing = pending;
      return pending;
    },
    async close() {
      if (state === "done") return;
      if (state === "failed" && inPlace) {
        await keep();
        throw new MmlabError(`${path}: not finished: an earlier write failed (the file ends at its last complete batch)`);
      }
      if (state === "failed") {
        await discard();
        throw new MmlabError(`${path}: not written: an earlier write failed`);
      }
      await settled();
      try {
        writer.close(); // writes the footer
        state = "done";
        closeFd();
        if (!inPlace) await fs.promises.rename(tmp, path);
        untrackTempPath(tmp);
      } catch (err) {
        if (inPlace) {
          cutBack(); // a half-written footer: the file ends at its last batch again
          await keep();
        } else {
          await discard();
        }
        throw err;
      }
    },
    abort: discard,
    abandon: () => (inPlace ? keep() : discard()),
  };

  /** Closes an in-place file as it stands, cut back to its last complete batch. */
  async function keep(): Promise<void> {
    state = "done";
    await settled();
    cutBack();
    closeFd();
  }
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
  /** Forces the batches written so far to the disk (see ArrowFileSink.sync). */
  sync(): Promise<void>;
  /** Finishes the file and atomically moves it into place (in place: writes its footer). */
  close(): Promise<void>;
  /** Drops the unfinished file. */
  abort(): Promise<void>;
  /** Stops without a footer; a file written in place stays, readable up to its last batch (ArrowFileSink.abandon). */
  abandon(): Promise<void>;
}

/** Opens a streaming event-file writer for `path` with the dataset facts `meta` (and any `extraMetadata` keys). */
export function openEventWriter(path: string, meta: DatasetMeta, extraMetadata: ReadonlyMap<string, string> = new Map(), options: ArrowFileOptions = {}): EventWriter {
  const schema = eventSchema(meta);
  for (const [key, value] of extraMetadata) schema.metadata.set(key, value);
  const sink = createArrowFile(path, schema, options);
  return {
    write(cols) {
      sink.write(eventRecordBatch(path, schema, cols));
    },
    // The stock writer encodes its footer from this same Schema object when the file is closed.
    setMetadata(key, value) {
      schema.metadata.set(key, value);
    },
    sync: () => sink.sync(),
    close: () => sink.close(),
    abort: () => sink.abort(),
    abandon: () => sink.abandon(),
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
    for await (const cols of batches) {
      writer.write(cols);
      await turnEventLoop(); // a generator feeding the writer from memory would hold off Ctrl-C
    }
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
