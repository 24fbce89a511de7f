import fs from "node:fs";
import { Message, RecordBatchReader, Type, type Data, type RecordBatch, type Schema } from "apache-arrow";
import { DataError, MmlabError } from "../../core/errors.ts";
import { newHasher } from "../../core/hash.ts";
import { isEnvironmentError, withPath } from "../../core/systemError.ts";
import { gridKind, nonPositivePriceRule, offGridRule, onGrid } from "../gridCheck.ts";
import { concatEventColumns, EVENT_COLUMNS, EVENT_KIND_NAMES, MAX_EVENT_KIND, type DatasetMeta, type EventColumns } from "../schema.ts";
import { SessionKind } from "../sessionKinds.ts";
import { decodeEventGrid, decodeMeta, EVENT_ARROW_TYPES, type EventGrid } from "./metadata.ts";
import { readScannedBatch, scanMessages, type MessageBlock, type UnfinishedFile } from "./unfinished.ts";
import { IN_PLACE_METADATA_KEY } from "./writer.ts";

const MAGIC = "ARROW1";
/** Leading magic plus padding to 8 bytes. */
const HEAD_BYTES = 8;
/** Trailing int32 footer length plus magic. */
const TAIL_BYTES = 10;
const INT32_MIN = -2147483648;

/** An Arrow IPC file whose framing (magics, footer, block offsets) has been checked. */
export interface ArrowFile {
  readonly path: string;
  readonly schema: Schema;
  readonly numBatches: number;
  /** File size, bytes. */
  readonly size: number;
  /** Set for a file written in place that ended without its footer: its complete batches are read (data/arrow/unfinished.ts). */
  readonly unfinished?: UnfinishedFile;
  /** Stat data of the open file (ns times), e.g. to know it unchanged since it was last hashed. */
  stat(): Promise<fs.BigIntStats>;
  /** Reads `length` bytes at `position`. */
  readBytes(position: number, length: number): Promise<Buffer>;
  /** Reads record batch `index` from disk (only that batch's bytes). */
  readBatch(index: number): Promise<RecordBatch>;
  /**
   * Reads record batch `index` in one read, into `reuse` if it is large enough (else a new
   * buffer), and decodes only its metadata: the column buffers are left to the caller.
   */
  readRawBatch(index: number, reuse?: Buffer): Promise<RawBatch>;
  close(): Promise<void>;
}

/** A record batch as stored: its metadata and the bytes of its body. */
export interface RawBatch {
  rows: number;
  /** Per field (depth-first): row count and null count. */
  nodes: readonly { length: number; nullCount: number }[];
  /** Per buffer of each field, in order: offset and length within `body`. */
  buffers: readonly { offset: number; length: number }[];
  body: Uint8Array;
  /** Where the batch lies in the file: `byteLength` bytes from `offset` (metadata and body). */
  offset: number;
  byteLength: number;
  /** The buffer read into, the batch's bytes first (pass it back as `reuse`). */
  bytes: Buffer;
}

/** The error for a file that is not a complete Arrow IPC file. */
function corruptFile(path: string, cause: string): DataError {
  return new DataError(path, undefined, undefined, `truncated or corrupt Arrow IPC file (${cause})`);
}

/** Opens an Arrow IPC file for random access by batch, rejecting missing, truncated or corrupt files. */
export async function openArrowFile(path: string): Promise<ArrowFile> {
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(path, "r");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") throw new MmlabError(`${path}: no such file`);
    if (isEnvironmentError(err)) throw withPath(err, path); // one line naming the file, operation and cause
    throw new MmlabError(`${path}: cannot open (${(err as Error).message})`);
  }
  try {
    return await openHandle(path, handle);
  } catch (err) {
    await handle.close();
    if (err instanceof MmlabError) throw err;
    if (isEnvironmentError(err)) throw withPath(err, path); // one line naming the file, operation and cause
    throw new MmlabError(`${path}: cannot read (${(err as Error).message})`);
  }
}

async function openHandle(path: string, handle: fs.promises.FileHandle): Promise<ArrowFile> {
  const stat = await handle.stat();
  if (stat.isDirectory()) throw new MmlabError(`${path}: is a directory, not a data file`);
  const { size } = stat;
  // apache-arrow never checks the trailing magic and its reads past the end return zeros, so a cut file
  // fails with an obscure TypeError (or decodes garbage): check the framing ourselves first.
  if (size < HEAD_BYTES + TAIL_BYTES) throw corruptFile(path, `only ${size} bytes`);
  const head = Buffer.alloc(HEAD_BYTES);
  const tail = Buffer.alloc(TAIL_BYTES);
  await handle.read(head, 0, HEAD_BYTES, 0);
  await handle.read(tail, 0, TAIL_BYTES, size - TAIL_BYTES);
  if (head.toString("latin1", 0, MAGIC.length) !== MAGIC) throw corruptFile(path, "no ARROW1 magic at start");
  // The footer's magic is written last: without it, a file written in place was cut short (killed, disk full).
  if (tail.toString("latin1", 4) !== MAGIC) return openUnfinished(path, handle, size, "no ARROW1 magic at end: file incomplete");
  const footerLength = tail.readInt32LE(0);
  const footerStart = size - TAIL_BYTES - footerLength;
  if (footerLength <= 0 || footerStart < HEAD_BYTES) return openUnfinished(path, handle, size, `bad footer length ${footerLength}`);

  let reader: RecordBatchReader;
  try {
    reader = await RecordBatchReader.from(handle);
    await reader.open();
  } catch (err) {
    throw corruptFile(path, (err as Error).message);
  }
  const footer = reader.footer;
  if (!reader.isFile() || footer === null) throw corruptFile(path, "no file footer");
  for (let i = 0; i < footer.numRecordBatches; i++) {
    const block = footer.getRecordBatch(i);
    const end = block ? block.offset + block.metaDataLength + block.bodyLength : NaN;
    if (!block || block.offset < HEAD_BYTES || !(end <= footerStart)) {
      throw corruptFile(path, `record batch ${i} lies outside the file`);
    }
  }

  return arrowFileOver(path, handle, size, {
    schema: reader.schema,
    numBatches: footer.numRecordBatches,
    block: (index) => footer.getRecordBatch(index)!, // every block was checked to lie inside the file
    readBatch: async (index) => reader.readRecordBatch(index),
  });
}

/** How a file's batches are found: by its footer, or by reading its messages in order (an unfinished file). */
interface BatchLayout {
  schema: Schema;
  numBatches: number;
  block(index: number): MessageBlock;
  readBatch(index: number): Promise<RecordBatch | null>;
  unfinished?: UnfinishedFile;
}

/**
 * A file without its footer: readable only when written in place (IN_PLACE_METADATA_KEY: a
 * recording whose writer died or hit a full disk), up to its last complete record batch; any other
 * file is corrupt, for `cause`.
 */
async function openUnfinished(path: string, handle: fs.promises.FileHandle, size: number, cause: string): Promise<ArrowFile> {
  const scan = await scanMessages(handle, size);
  if (typeof scan === "string" || scan.schema.metadata.get(IN_PLACE_METADATA_KEY) !== "1") throw corruptFile(path, cause);
  return arrowFileOver(path, handle, size, {
    schema: scan.schema,
    numBatches: scan.batches.length,
    block: (index) => scan.batches[index],
    readBatch: (index) => readScannedBatch(handle, scan, scan.batches[index]),
    unfinished: scan.unfinished,
  });
}

function arrowFileOver(path: string, handle: fs.promises.FileHandle, size: number, layout: BatchLayout): ArrowFile {
  let closed = false;
  return {
    path,
    schema: layout.schema,
    numBatches: layout.numBatches,
    size,
    ...(layout.unfinished === undefined ? {} : { unfinished: layout.unfinished }),
    stat: () => handle.stat({ bigint: true }),
    async readBytes(position, length) {
      const bytes = Buffer.allocUnsafe(length);
      const { bytesRead } = await handle.read(bytes, 0, length, position);
      if (bytesRead < length) throw corruptFile(path, `${length} bytes at ${position} unreadable`);
      return bytes;
    },
    async readRawBatch(index, reuse) {
      const block = layout.block(index);
      const metaLength = block.metaDataLength;
      const offset = Number(block.offset);
      const byteLength = metaLength + Number(block.bodyLength);
      const bytes = reuse !== undefined && reuse.byteLength >= byteLength ? reuse : Buffer.allocUnsafeSlow(byteLength);
      const { bytesRead } = await handle.read(bytes, 0, byteLength, offset);
      // A message: a continuation marker (0xFFFFFFFF, absent before Arrow 0.15), the metadata length,
      // the metadata (a flatbuffer), padding to `metaLength`; then the body.
      let at = 4;
      let length = bytesRead >= 8 ? bytes.readInt32LE(0) : 0;
      if (length === -1) {
        length = bytes.readInt32LE(4);
        at = 8;
      }
      if (bytesRead < byteLength || length <= 0 || at + length > metaLength) throw corruptFile(path, `record batch ${index} unreadable`);
      let message: Message;
      try {
        message = Message.decode(bytes.subarray(at, at + length));
      } catch (err) {
        throw corruptFile(path, `record batch ${index}: ${(err as Error).message}`);
      }
      if (!message.isRecordBatch()) throw corruptFile(path, `record batch ${index} unreadable`);
      const header = message.header();
      if (header.compression != null) throw corruptFile(path, `record batch ${index}: compressed bodies are not supported`);
      const body = bytes.subarray(metaLength, byteLength);
      return { rows: header.length, nodes: header.nodes, buffers: header.buffers, body, offset, byteLength, bytes };
    },
    async readBatch(index) {
      let batch: RecordBatch | null;
      try {
        batch = await layout.readBatch(index);
      } catch (err) {
        throw corruptFile(path, `record batch ${index}: ${(err as Error).message}`);
      }
      if (!batch) throw corruptFile(path, `record batch ${index} unreadable`);
      return batch;
    },
    async close() {
      if (closed) return;
      closed = true;
      await handle.close();
    },
  };
}

/** A column's values as a typed-array view of exactly the batch's rows; rejects nulls and short buffers. */
export function columnValues<T extends ArrayLike<unknown> & { subarray(a: number, b: number): T }>(
  file: ArrowFile,
  batch: RecordBatch,
  fieldIndex: number,
  batchIndex: number,
  rowBase: number,
): T {
  const data: Data = batch.data.children[fieldIndex];
  const name = file.schema.fields[fieldIndex].name;
  if (data.nullCount > 0) {
    let row = 0;
    while (data.getValid(row)) row++;
    throw new DataError(file.path, rowBase + row, name, "null value in a non-nullable column");
  }
  const values = data.values as T | undefined;
  const end = data.offset + batch.numRows;
  if (!values || values.length < end) throw corruptFile(file.path, `record batch ${batchIndex}: column ${name} is short`);
  return values.subarray(data.offset, end);
}

/** Streams the event batches of one file. */
export interface EventReader {
  readonly path: string;
  readonly meta: DatasetMeta;
  /** The grid the file's prices and sizes are held to (its tick; its size grid, or else its lot). */
  readonly grid: EventGrid;
  /** The schema's key-value metadata, all of it (dataset facts and any other keys, e.g. a session's). */
  readonly metadata: ReadonlyMap<string, string>;
  readonly numBatches: number;
  /** Set for a file that ended without its footer (written in place, cut short): what was read of it. */
  readonly unfinished?: UnfinishedFile;
  /**
   * Yields each record batch, validated; arrays are views into that batch's buffers. Options:
   *   recycle  two read buffers are used in turn, so a batch's arrays are overwritten when the batch
   *            after next is read: for a consumer done with each batch by then (one batch of read-ahead);
   *   hash     SHA-256 of the file's bytes as they are read, for `sha256()`;
   *   validate false: rows are not checked here, the caller checks them (an EventStreamCheck, e.g.
   *            while converting them: see data/batch.ts toCheckedEventBatch);
   *   grid     false: prices and sizes are not held to the file's tick and lot grid (for a caller
   *            that snaps them onto it, convert --snap-to-grid).
   */
  batches(options?: { recycle?: boolean; hash?: boolean; validate?: boolean; grid?: boolean }): AsyncIterable<EventColumns>;
  /**
   * SHA-256 (hex) of the file, from a `batches({ hash: true })` stream that read it to the end;
   * undefined before that (or when the file's layout does not allow it: hash the file then).
   */
  sha256(): string | undefined;
  /** Stat data of the open file (ns times). */
  stat(): Promise<fs.BigIntStats>;
  close(): Promise<void>;
}

/** Opens an event file: checks framing, columns and metadata now; rows as `batches()` reads them. */
export async function openEventReader(path: string): Promise<EventReader> {
  const file = await openArrowFile(path);
  try {
    const fieldIndex = eventFieldIndices(file);
    const meta = decodeMeta(path, file.schema.metadata);
    const grid = decodeEventGrid(path, meta, file.schema.metadata);
    let digest: string | undefined;
    return {
      path,
      meta,
      grid,
      metadata: file.schema.metadata,
      numBatches: file.numBatches,
      ...(file.unfinished === undefined ? {} : { unfinished: file.unfinished }),
      batches: (options) => {
        const check = new EventStreamCheck(path, options?.grid === false ? undefined : grid);
        return readEventBatches(file, fieldIndex, check, options?.recycle ?? false, options?.validate ?? true, options?.hash ? (hex) => (digest = hex) : undefined);
      },
      sha256: () => digest,
      stat: () => file.stat(),
      close: () => file.close(),
    };
  } catch (err) {
    await file.close();
    throw err;
  }
}

/** Field index of each EVENT_COLUMNS entry, checking presence and type (extra columns are ignored). */
function eventFieldIndices(file: ArrowFile): number[] {
  const fields = file.schema.fields;
  return EVENT_COLUMNS.map((name, i) => {
    const index = fields.findIndex((f) => f.name === name);
    if (index < 0) throw new DataError(file.path, undefined, undefined, `missing column ${name}`);
    const expected = String(EVENT_ARROW_TYPES[i]);
    const found = String(fields[index].type);
    if (found !== expected || fields[index].typeId !== EVENT_ARROW_TYPES[i].typeId) {
      throw new DataError(file.path, undefined, undefined, `column ${name}: expected ${expected}, found ${found}`);
    }
    return index;
  });
}

/**
 * Where the checks of one event stream stand: rows checked so far and the last exch_ts (as
 * signed-high and unsigned-low 32-bit words, and as an int64 for messages); and the grid the
 * market rows' prices and sizes must lie on (the file's tick and lot size; none given: not checked).
 */
export class EventStreamCheck {
  rows = 0;
  hi = INT32_MIN;
  lo = 0;
  last = 0n;
  /** 1/tick and 1/lot of the grid; NaN when not checked (every comparison with NaN passes). */
  readonly inverseTick: number;
  readonly inverseLot: number;

  constructor(
    readonly path: string,
    readonly grid?: EventGrid,
  ) {
    this.inverseTick = grid === undefined ? NaN : 1 / grid.tickSize;
    this.inverseLot = grid === undefined ? NaN : 1 / grid.sizeStep;
  }

  /** Checks every row of the next batch: throws a DataError naming the first bad row; else moves past the batch. */
  check(c: EventColumns): void {
    validateEvents(this.path, c, this.rows, this);
    this.rows += c.length;
  }
}

async function* readEventBatches(file: ArrowFile, fieldIndex: number[], check: EventStreamCheck, recycle: boolean, validate: boolean, onDigest?: (hex: string) => void): AsyncGenerator<EventColumns> {
  // Fields of one fixed-width buffer each (up to the last event column) put column i's values in
  // buffer 2i + 1 of a batch: read those directly. Any other layout goes through apache-arrow.
  const lastField = Math.max(...fieldIndex);
  const flat = file.schema.fields.every((f, i) => i > lastField || f.typeId === Type.Int || f.typeId === Type.Float);
  const buffers: (Buffer | undefined)[] = [undefined, undefined];
  // The file's hash, from the bytes as they are read (batches lie in file order; the few bytes
  // between and after them are read for it): no second pass over the file.
  let hasher = flat && onDigest !== undefined ? newHasher() : undefined;
  let hashedTo = 0;
  let rowBase = 0;
  for (let b = 0; b < file.numBatches; b++) {
    let cols: EventColumns;
    if (flat) {
      const raw = await file.readRawBatch(b, recycle ? buffers[b & 1] : undefined);
      if (recycle) buffers[b & 1] = raw.bytes;
      if (hasher !== undefined && raw.offset < hashedTo) hasher = undefined; // batches out of file order: no hash on the way
      if (hasher !== undefined) {
        if (raw.offset > hashedTo) hasher.update(await file.readBytes(hashedTo, raw.offset - hashedTo));
        hasher.update(raw.bytes.subarray(0, raw.byteLength));
        hashedTo = raw.offset + raw.byteLength;
      }
      cols = rawEventColumns(file, raw, fieldIndex, b, rowBase);
    } else {
      const batch = await file.readBatch(b);
      const col = <T extends ArrayLike<unknown> & { subarray(a: number, e: number): T }>(c: number) =>
        columnValues<T>(file, batch, fieldIndex[c], b, rowBase);
      cols = {
        length: batch.numRows,
        exchTs: col<BigInt64Array>(0),
        localTs: col<BigInt64Array>(1),
        kind: col<Uint8Array>(2),
        side: col<Int8Array>(3),
        price: col<Float64Array>(4),
        qty: col<Float64Array>(5),
        orderId: col<BigUint64Array>(6),
      };
    }
    if (validate) check.check(cols);
    rowBase += cols.length;
    yield cols;
  }
  if (hasher !== undefined && onDigest !== undefined) {
    hasher.update(await file.readBytes(hashedTo, file.size - hashedTo));
    onDigest(hasher.digest("hex"));
  }
}

function rawEventColumns(file: ArrowFile, raw: RawBatch, fieldIndex: number[], batchIndex: number, rowBase: number): EventColumns {
  const col = <T>(c: number, type: TypedArrayType<T>) => rawColumn(file, raw, fieldIndex[c], type, batchIndex, rowBase);
  return {
    length: raw.rows,
    exchTs: col(0, BigInt64Array),
    localTs: col(1, BigInt64Array),
    kind: col(2, Uint8Array),
    side: col(3, Int8Array),
    price: col(4, Float64Array),
    qty: col(5, Float64Array),
    orderId: col(6, BigUint64Array),
  };
}

interface TypedArrayType<T> {
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): T;
  readonly BYTES_PER_ELEMENT: number;
}

/** The values of one fixed-width field of a raw batch, viewed in place; rejects nulls and short buffers. */
function rawColumn<T>(file: ArrowFile, raw: RawBatch, field: number, type: TypedArrayType<T>, batchIndex: number, rowBase: number): T {
  const name = file.schema.fields[field].name;
  const { rows, body } = raw;
  const node = raw.nodes[field];
  const validity = raw.buffers[2 * field];
  const values = raw.buffers[2 * field + 1];
  if (node === undefined || validity === undefined || values === undefined) throw corruptFile(file.path, `record batch ${batchIndex}: column ${name} missing`);
  if (node.nullCount > 0) {
    const bits = body.subarray(validity.offset, validity.offset + validity.length);
    let row = 0;
    while (row < rows && row >> 3 < bits.length && (bits[row >> 3] >> (row & 7)) & 1) row++;
    throw new DataError(file.path, rowBase + row, name, "null value in a non-nullable column");
  }
  const byteLength = rows * type.BYTES_PER_ELEMENT;
  if (values.length < byteLength || values.offset + byteLength > body.byteLength) {
    throw corruptFile(file.path, `record batch ${batchIndex}: column ${name} is short`);
  }
  const at = body.byteOffset + values.offset;
  // Arrow aligns buffers to 8 bytes; a file that does not gets a copy.
  if (at % type.BYTES_PER_ELEMENT === 0) return new type(body.buffer, at, rows);
  return new type(body.slice(values.offset, values.offset + byteLength).buffer, 0, rows);
}

/** Checks every row of a batch; `order` carries the last exch_ts across batches, and the grid (its tests as toCheckedEventBatch's: the same products). */
function validateEvents(path: string, c: EventColumns, rowBase: number, order: EventStreamCheck): void {
  const grid = order.grid;
  const n = c.length;
  const { kind, side, price, qty } = c;
  // exch_ts compared as (signed high, unsigned low) 32-bit words: no BigInt per row.
  const words = new Uint32Array(c.exchTs.buffer, c.exchTs.byteOffset, n * 2);
  let prevHi = order.hi;
  let prevLo = order.lo;
  for (let i = 0; i < n; i++) {
    const k = kind[i];
    if (k < 1 || k > MAX_EVENT_KIND) throw new DataError(path, rowBase + i, "kind", `unknown event kind ${k}`);
    const s = side[i];
    // A CONTROL row (a paper session's) keeps its code in the side column.
    if ((s < -1 || s > 1) && k !== SessionKind.CONTROL) throw new DataError(path, rowBase + i, "side", `invalid side ${s} (must be -1, 0 or 1)`);
    const p = price[i];
    if (!(p >= 0 && p < Infinity)) throw badNumber(path, rowBase + i, "price", p);
    const q = qty[i];
    if (!(q >= 0 && q < Infinity)) throw badNumber(path, rowBase + i, "qty", q);
    if (gridKind(k)) {
      if (!(p > 0)) throw new DataError(path, rowBase + i, "price", `${nonPositivePriceRule(p)} (a ${EVENT_KIND_NAMES[k]} row)`);
      if (grid !== undefined && !onGrid(p * order.inverseTick)) throw new DataError(path, rowBase + i, "price", `${offGridRule("price", p, grid.tickSize)}, the file's tick_size: ${GRID_ADVICE}`);
      if (grid !== undefined && !onGrid(q * order.inverseLot)) throw new DataError(path, rowBase + i, "qty", `${offGridRule("size", q, grid.sizeStep)}, the file's lot_size (or size_grid): ${GRID_ADVICE}`);
    }
    const hi = words[2 * i + 1] | 0;
    const lo = words[2 * i];
    if (hi < prevHi || (hi === prevHi && lo < prevLo)) {
      const previous = i > 0 ? c.exchTs[i - 1] : order.last;
      throw new DataError(path, rowBase + i, "exch_ts", `timestamps out of order: ${c.exchTs[i]} < previous ${previous}`);
    }
    prevHi = hi;
    prevLo = lo;
  }
  order.hi = prevHi;
  order.lo = prevLo;
  if (n > 0) order.last = c.exchTs[n - 1];
}

/** What to do about an event file off its grid. */
const GRID_ADVICE = "convert the source again with the instrument's --tick and --lot, or with --snap-to-grid";

function badNumber(path: string, row: number, field: string, value: number): DataError {
  const rule = Number.isFinite(value) ? `must be ≥ 0, found ${value}` : `must be a finite number, found ${value}`;
  return new DataError(path, row, field, rule);
}

/** Reads a whole event file into one EventColumns (for tests and small files). */
export async function readAllEvents(path: string): Promise<EventColumns> {
  const reader = await openEventReader(path);
  try {
    const parts: EventColumns[] = [];
    for await (const part of reader.batches()) parts.push(part);
    return concatEventColumns(parts);
  } finally {
    await reader.close();
  }
}

/** Reads only the dataset facts of an event file (checks its framing and columns too). */
export async function readMeta(path: string): Promise<DatasetMeta> {
  const reader = await openEventReader(path);
  await reader.close();
  return reader.meta;
}
