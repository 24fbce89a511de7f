/**
 * `.npz` archives (zip files of `.npy` arrays, as `np.savez` / `np.savez_compressed` and
 * hftbacktest write them). The central directory is read with positioned reads (zip64 included);
 * an entry's data is then streamed from disk in chunks and inflated by node:zlib off the main
 * thread: in libuv's thread pool, or, for a whole large entry, in a worker thread that runs ahead
 * of the reader (inflateWorker.ts), fed by the reader or reading the file itself (a backtest's read:
 * entryBytesReadAhead). Memory stays bounded by the chunk sizes (plus zlib's 32 KiB
 * window) whatever the archive size. Size and CRC-32 are checked at the end of each entry, so a
 * truncated or corrupt archive is always reported.
 */
import fs from "node:fs";
import { Readable, pipeline } from "node:stream";
import { createGunzip, crc32 } from "node:zlib";
import { DataError, MmlabError } from "../../../core/errors.ts";
import { isEnvironmentError, withPath } from "../../../core/systemError.ts";
import { inflateInWorker, ShortFileError, type InflateWorker } from "./inflateWorker.ts";

/** One file inside a zip archive. */
export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  /** Offset of the entry's local header. */
  headerOffset: number;
}

/** How an entry is read. */
export interface EntryReadOptions {
  /**
   * Inflate in a worker thread that runs ahead of the reader (inflateWorker.ts): for an entry read
   * whole while the reader works on each chunk (a backtest); it costs a thread's start (tens of
   * ms). Each chunk read is then valid until the next is asked for.
   */
  worker?: boolean;
}

/** Inflated size from which a reader of a whole entry is better off with a worker (below, zlib takes less time than a worker's start). */
export const WORKER_MIN_BYTES = 16 << 20;

const EOCD_SIG = 0x06054b50;
const EOCD64_LOCATOR_SIG = 0x07064b50;
const EOCD64_SIG = 0x06064b50;
const CENTRAL_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;
const U32_MAX = 0xffffffff;
/** Compressed bytes read from disk at a time. */
const READ_CHUNK = 1 << 20;
/** Inflated bytes per output chunk (larger chunks measured slower: the caller's reads of them miss the cache). */
const INFLATE_CHUNK = 1 << 20;

function corrupt(file: string, rule: string): DataError {
  return new DataError(file, undefined, undefined, `truncated or corrupt .npz (${rule})`);
}

async function readAt(handle: fs.promises.FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buf, 0, length, position);
  return buf.subarray(0, bytesRead);
}

/** Opens a file for reading, turning a missing file into a one-line MmlabError. */
export async function openInput(file: string): Promise<fs.promises.FileHandle> {
  try {
    return await fs.promises.open(file, "r");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") throw new MmlabError(`${file}: no such file`);
    if (isEnvironmentError(err)) throw withPath(err, file); // one line naming the file, operation and cause
    throw new MmlabError(`${file}: cannot open (${(err as Error).message})`);
  }
}

/** Lists the entries of a zip archive from its central directory. */
export async function listZipEntries(file: string): Promise<ZipEntry[]> {
  const handle = await openInput(file);
  try {
    const { size } = await handle.stat();
    const tailLength = Math.min(size, 22 + 0xffff);
    const tail = await readAt(handle, size - tailLength, tailLength);
    let eocd = -1;
    for (let i = tail.length - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD_SIG) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw corrupt(file, "no end-of-central-directory record: the file is incomplete or not a zip archive");
    let count = tail.readUInt16LE(eocd + 10);
    let cdSize = tail.readUInt32LE(eocd + 12);
    let cdOffset = tail.readUInt32LE(eocd + 16);
    const locatorAt = eocd - 20;
    if (locatorAt >= 0 && tail.readUInt32LE(locatorAt) === EOCD64_LOCATOR_SIG) {
      const eocd64 = await readAt(handle, Number(tail.readBigUInt64LE(locatorAt + 8)), 56);
      if (eocd64.length < 56 || eocd64.readUInt32LE(0) !== EOCD64_SIG) throw corrupt(file, "bad zip64 end record");
      count = Number(eocd64.readBigUInt64LE(32));
      cdSize = Number(eocd64.readBigUInt64LE(40));
      cdOffset = Number(eocd64.readBigUInt64LE(48));
    }
    if (cdOffset + cdSize > size) throw corrupt(file, "central directory lies past the end of the file");
    const cd = await readAt(handle, cdOffset, cdSize);
    const entries: ZipEntry[] = [];
    let at = 0;
    for (let n = 0; n < count; n++) {
      if (at + 46 > cd.length || cd.readUInt32LE(at) !== CENTRAL_SIG) throw corrupt(file, `bad central directory entry ${n}`);
      const nameLength = cd.readUInt16LE(at + 28);
      const extraLength = cd.readUInt16LE(at + 30);
      const commentLength = cd.readUInt16LE(at + 32);
      if ((cd.readUInt16LE(at + 8) & 1) !== 0) throw corrupt(file, "encrypted entries are not supported");
      const entry: ZipEntry = {
        name: cd.toString("utf8", at + 46, at + 46 + nameLength),
        method: cd.readUInt16LE(at + 10),
        crc: cd.readUInt32LE(at + 16),
        compressedSize: cd.readUInt32LE(at + 20),
        size: cd.readUInt32LE(at + 24),
        headerOffset: cd.readUInt32LE(at + 42),
      };
      readZip64Extra(cd.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength), entry);
      entries.push(entry);
      at += 46 + nameLength + extraLength + commentLength;
    }
    return entries;
  } finally {
    await handle.close();
  }
}

/** The archive's `data.npy` (hftbacktest's name), or its only `.npy`: the array an hftbacktest reader reads. */
export function dataEntry(file: string, entries: readonly ZipEntry[]): ZipEntry {
  const arrays = entries.filter((e) => e.name.endsWith(".npy"));
  const data = arrays.find((e) => e.name === "data.npy") ?? (arrays.length === 1 ? arrays[0] : undefined);
  if (!data) {
    const names = arrays.map((e) => e.name.replace(/\.npy$/, "")).join(", ") || "none";
    throw new DataError(file, undefined, undefined, `expected an array named "data" (or a single array) in the .npz, found: ${names}`);
  }
  return data;
}

/** Replaces 0xFFFFFFFF sizes and offset by their zip64 extra-field values (in the spec's order). */
function readZip64Extra(extra: Buffer, entry: ZipEntry): void {
  for (let at = 0; at + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(at);
    const length = extra.readUInt16LE(at + 2);
    if (id === 1) {
      let p = at + 4;
      const next = (): number => {
        const v = p + 8 <= at + 4 + length ? Number(extra.readBigUInt64LE(p)) : U32_MAX;
        p += 8;
        return v;
      };
      if (entry.size === U32_MAX) entry.size = next();
      if (entry.compressedSize === U32_MAX) entry.compressedSize = next();
      if (entry.headerOffset === U32_MAX) entry.headerOffset = next();
      return;
    }
    at += 4 + length;
  }
}

/**
 * Streams an entry's uncompressed bytes. `onBytes(read)` reports compressed bytes read so far.
 * Throws DataError naming the archive and entry if the data is cut short or fails its CRC.
 */
export async function* zipEntryChunks(file: string, entry: ZipEntry, onBytes?: (read: number) => void, options: EntryReadOptions = {}): AsyncGenerator<Uint8Array> {
  checkMethod(file, entry);
  const start = await entryDataStart(file, entry);
  yield* entryBytes(file, entry, compressedChunks(file, entry, start, onBytes), options);
}

/**
 * Offset of an entry's (compressed) data: past its local header, whose name and extra field may
 * differ from the central directory's. A file that ends before the entry's data does is corrupt
 * (said now, before any of the data is read, rather than after whatever its end inflates to).
 */
export async function entryDataStart(file: string, entry: ZipEntry): Promise<number> {
  const handle = await openInput(file);
  try {
    const local = await readAt(handle, entry.headerOffset, 30);
    if (local.length < 30 || local.readUInt32LE(0) !== LOCAL_SIG) throw corrupt(`${file}:${entry.name}`, "bad local file header");
    const start = entry.headerOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
    const missing = start + entry.compressedSize - (await handle.stat()).size;
    if (missing > 0) throw corrupt(`${file}:${entry.name}`, `file ends ${missing} bytes before the entry's end`);
    return start;
  } finally {
    await handle.close();
  }
}

/** DataError unless the entry is stored or deflated. */
export function checkMethod(file: string, entry: ZipEntry): void {
  if (entry.method !== 0 && entry.method !== 8) {
    throw new DataError(`${file}:${entry.name}`, undefined, undefined, `unsupported zip compression method ${entry.method} (expected stored or deflate)`);
  }
}

/** The entry's compressed bytes, read from disk from `start`. */
async function* compressedChunks(file: string, entry: ZipEntry, start: number, onBytes?: (read: number) => void): AsyncGenerator<Uint8Array> {
  const handle = await openInput(file);
  try {
    const end = start + entry.compressedSize;
    for (let position = start; position < end; ) {
      // a fresh array per chunk: the inflater may still hold the last one
      const buf = new Uint8Array(Math.min(READ_CHUNK, end - position));
      const { bytesRead } = await handle.read(buf, 0, buf.length, position);
      if (bytesRead === 0) throw corrupt(`${file}:${entry.name}`, `file ends ${end - position} bytes before the entry's end`);
      position += bytesRead;
      onBytes?.(position);
      yield buf.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

/**
 * The bytes [start, end) of a stream of a whole file's chunks (`chunks` from its first byte), then
 * the rest of the file is read too, and dropped (whoever hashes the chunks sees every byte).
 * A file that ends before `end` is a corrupt archive.
 */
export async function* fileRange(where: string, chunks: AsyncIterable<Uint8Array>, start: number, end: number): AsyncGenerator<Uint8Array> {
  let at = 0;
  for await (const chunk of chunks) {
    const from = Math.max(start - at, 0);
    const to = Math.min(end - at, chunk.length);
    at += chunk.length;
    if (from < to) yield from === 0 && to === chunk.length ? chunk : chunk.subarray(from, to);
  }
  if (at < end) throw corrupt(where, `file ends ${end - Math.max(at, start)} bytes before the entry's end`);
}

/**
 * An entry's uncompressed bytes from its compressed ones (stored: as they are; deflated: through
 * node:zlib, off the main thread), checked against the entry's size and CRC-32. The producer of
 * `compressed` may reuse a chunk once the next is asked for.
 */
export async function* entryBytes(file: string, entry: ZipEntry, compressed: AsyncIterable<Uint8Array>, options: EntryReadOptions = {}): AsyncGenerator<Uint8Array> {
  const where = `${file}:${entry.name}`;
  checkMethod(file, entry);
  const deflated = entry.method === 8;
  yield* checkedBytes(where, entry, deflated ? inflated(where, file, gzipMember(entry, compressed), options.worker ?? false) : compressed, deflated);
}

/**
 * A deflated entry's uncompressed bytes, as entryBytes gives them, read by `inflater` itself from
 * the file open at `fd`, its data starting at `dataStart` (entryDataStart): the caller reads none
 * of it (InflateWorker.inflateFile). With `hash`, the worker reads every byte of the file and
 * hashes it (inflater.sha256() once the bytes have all come).
 */
export function entryBytesReadAhead(file: string, entry: ZipEntry, dataStart: number, inflater: InflateWorker, fd: number, hash: boolean): AsyncGenerator<Uint8Array> {
  const where = `${file}:${entry.name}`;
  if (entry.method !== 8) throw new Error(`entryBytesReadAhead: ${where} is not deflated`);
  const job = { fd, start: dataStart, end: dataStart + entry.compressedSize, header: gzipHeader(), trailer: gzipTrailer(entry), hash };
  return checkedBytes(where, entry, named(where, file, inflater.inflateFile(job)), true);
}

/** An entry's uncompressed bytes, checked: no more than its size, all of it, and (stored) its CRC-32 (zlib checks a deflated entry's). */
async function* checkedBytes(where: string, entry: ZipEntry, bytes: AsyncIterable<Uint8Array>, deflated: boolean): AsyncGenerator<Uint8Array> {
  let produced = 0;
  let crc = 0;
  for await (const data of bytes) {
    produced += data.length;
    if (!deflated) crc = crc32(data, crc);
    if (produced > entry.size) throw corrupt(where, "more data than the entry's recorded size");
    if (data.length > 0) yield data;
  }
  if (produced !== entry.size) throw corrupt(where, `${produced} of ${entry.size} bytes`);
  if (!deflated && crc >>> 0 !== entry.crc >>> 0) throw corrupt(where, "CRC-32 mismatch");
}

/**
 * A deflated entry's data inflated by node:zlib (in the thread pool, or in a worker thread), which
 * also checks its CRC-32 and size there, off the main thread: the raw deflate data goes in framed
 * as a gzip member (RFC 1952: a 10-byte header, the same deflate data, then CRC-32 and size mod
 * 2^32 — the central directory's). Bad data is a DataError naming `where`.
 */
function inflated(where: string, file: string, member: AsyncIterable<Uint8Array>, worker: boolean): AsyncGenerator<Uint8Array> {
  return named(where, file, worker ? inflateInWorker(member) : inflateHere(member));
}

/**
 * `inflated`'s bytes, its failures said as the entry's: zlib's (bad data, a CRC-32 mismatch) and a
 * file that ends early as DataErrors naming `where` — but a size error, which ends the bytes (the
 * caller says how many came) —, a failed read naming `file`; any other error as it is.
 */
async function* named(where: string, file: string, inflated: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  try {
    yield* inflated;
  } catch (err) {
    if (err instanceof ShortFileError) throw corrupt(where, `file ends ${err.missing} bytes before the entry's end`);
    const code = (err as NodeJS.ErrnoException).code;
    if (typeof code !== "string" || !code.startsWith("Z_")) throw withPath(err, file);
    const failure = zlibFailure(where, err as Error);
    if (failure !== undefined) throw failure;
  }
}

/** A gzip member inflated by a node:zlib stream on this thread (its work in the thread pool). */
async function* inflateHere(member: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  // Chunks of about a batch of rows: the caller reads each while the next inflates, still in the CPU's cache.
  const inflater = createGunzip({ chunkSize: INFLATE_CHUNK });
  // pipeline: an error on either side ends both (the source's generator is closed, its file with it);
  // one chunk read ahead (a reader of the header alone reads no more)
  const output = pipeline(Readable.from(copies(member), { highWaterMark: 1 }), inflater, () => undefined);
  try {
    for await (const data of output) yield data as Uint8Array;
  } finally {
    output.destroy();
  }
}

/**
 * What a zlib error on an entry means: the CRC-32 or the data is bad (a DataError naming `where`),
 * or the size is (undefined: the data ended, and entryBytes reports how many bytes it got).
 */
function zlibFailure(where: string, err: { message: string }): DataError | undefined {
  if (err.message === "incorrect length check") return undefined; // zlib checks the size after the CRC
  return corrupt(where, err.message === "incorrect data check" ? "CRC-32 mismatch" : `bad deflate data: ${err.message}`);
}

/** Each chunk copied: zlib holds a chunk written to it after its producer may have reused it. */
async function* copies(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  for await (const chunk of chunks) yield chunk.slice();
}

/** An entry's deflate data as a gzip member (see inflated()). */
async function* gzipMember(entry: ZipEntry, deflate: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  yield gzipHeader();
  yield* deflate;
  yield gzipTrailer(entry);
}

/** A gzip member's header: magic, CM = 8 (deflate), no flags, no mtime, no extra flags, OS unknown. */
function gzipHeader(): Uint8Array {
  return Uint8Array.of(0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255);
}

/** A gzip member's trailer for an entry: its CRC-32 and its size mod 2^32 (the central directory's). */
function gzipTrailer(entry: ZipEntry): Uint8Array {
  const trailer = new Uint8Array(8);
  const view = new DataView(trailer.buffer);
  view.setUint32(0, entry.crc >>> 0, true);
  view.setUint32(4, entry.size % 2 ** 32, true);
  return trailer;
}

/** Streams a plain file's bytes in chunks; `onBytes(read)` reports bytes read so far. */
export async function* fileChunks(file: string, onBytes?: (read: number) => void): AsyncGenerator<Uint8Array> {
  const handle = await openInput(file);
  try {
    let position = 0;
    for (;;) {
      // a fresh Uint8Array starts on an 8-byte boundary (Buffer.alloc may hand out a pool slice)
      const buf = new Uint8Array(READ_CHUNK);
      const { bytesRead } = await handle.read(buf, 0, READ_CHUNK, position);
      if (bytesRead === 0) return;
      position += bytesRead;
      onBytes?.(position);
      yield buf.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}
