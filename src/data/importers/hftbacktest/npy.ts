/**
 * NumPy `.npy` files: the header (magic `\x93NUMPY`, version, header length, a Python dict with
 * `descr`, `fortran_order`, `shape`), and the data as a stream of blocks of whole rows, each an
 * 8-byte-aligned byte range that typed arrays can view without copying. Bytes are copied only for
 * a row split across two input chunks, or when a chunk's rows do not start on an 8-byte boundary.
 */
import { DataError } from "../../../core/errors.ts";
import { parsePyLiteral, type PyValue } from "./pyLiteral.ts";

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const PREFIX_V1 = 10;
const PREFIX_V2 = 12;
/** numpy pads headers so that the data starts on a 64-byte boundary. */
const HEADER_ALIGN = 64;

/** One field of a structured dtype. */
export interface NpyField {
  name: string;
  type: string;
}

/** A parsed `.npy` header. */
export interface NpyHeader {
  /** Format major version (1, 2 or 3). */
  version: number;
  /** Byte offset of the first data byte. */
  dataOffset: number;
  /** A plain dtype string (`'<f8'`) or the fields of a structured dtype. */
  descr: string | NpyField[];
  fortranOrder: boolean;
  shape: number[];
  /** Bytes per row: one record of a 1-D array, or one C-order row of a 2-D array. */
  rowBytes: number;
  /** Rows the file declares (shape[0]). */
  rows: number;
}

/** Whole rows of a `.npy` file: `bytes` starts on an 8-byte boundary and holds `rows` rows. */
export interface NpyBlock {
  bytes: Uint8Array;
  /** Index of the block's first row in the file (0-based, as numpy indexes). */
  firstRow: number;
  rows: number;
}

/** An open `.npy` stream: its header now, its rows block by block. */
export interface NpyStream {
  header: NpyHeader;
  /** Yields the data in blocks; throws DataError if the data is shorter or longer than the shape says. */
  blocks(): AsyncGenerator<NpyBlock>;
  /** Releases the source without reading the rows (blocks() releases it when it ends). */
  close(): Promise<void>;
}

/** Total header size (data offset) from the first 12 bytes; DataError if this is not a `.npy` file. */
export function npyDataOffset(prefix: Uint8Array, file: string): number {
  if (prefix.length < PREFIX_V1 || MAGIC.some((b, i) => prefix[i] !== b)) {
    throw new DataError(file, undefined, undefined, "not a .npy file (no \\x93NUMPY magic)");
  }
  const major = prefix[6];
  const view = new DataView(prefix.buffer, prefix.byteOffset, prefix.byteLength);
  if (major === 1) return PREFIX_V1 + view.getUint16(8, true);
  if (major === 2 || major === 3) {
    if (prefix.length < PREFIX_V2) throw new DataError(file, undefined, undefined, "truncated .npy header");
    return PREFIX_V2 + view.getUint32(8, true);
  }
  throw new DataError(file, undefined, undefined, `unsupported .npy format version ${major}.${prefix[7]}`);
}

/** Parses the header in `bytes` (which hold at least the whole header). */
export function parseNpyHeader(bytes: Uint8Array, file: string): NpyHeader {
  const dataOffset = npyDataOffset(bytes, file);
  const version = bytes[6];
  const start = version === 1 ? PREFIX_V1 : PREFIX_V2;
  if (bytes.length < dataOffset) throw new DataError(file, undefined, undefined, "truncated .npy header");
  const text = new TextDecoder(version === 3 ? "utf-8" : "latin1").decode(bytes.subarray(start, dataOffset));
  let dict: PyValue;
  try {
    dict = parsePyLiteral(text);
  } catch (err) {
    throw new DataError(file, undefined, "header", `unreadable .npy header (${(err as Error).message})`);
  }
  if (!(dict instanceof Map)) throw new DataError(file, undefined, "header", ".npy header is not a dict");
  const descr = parseDescr(file, dict.get("descr"));
  const fortranOrder = dict.get("fortran_order");
  if (typeof fortranOrder !== "boolean") throw new DataError(file, undefined, "fortran_order", "missing or not a bool");
  const shape = dict.get("shape");
  if (!Array.isArray(shape) || !shape.every((d) => typeof d === "number" && d >= 0)) {
    throw new DataError(file, undefined, "shape", `not a tuple of sizes: ${JSON.stringify(shape)}`);
  }
  const dims = shape as number[];
  const itemBytes = typeof descr === "string" ? typeBytes(file, descr) : descr.reduce((s, f) => s + typeBytes(file, f.type), 0);
  const rowBytes = itemBytes * dims.slice(1).reduce((a, b) => a * b, 1);
  return { version, dataOffset, descr, fortranOrder, shape: dims, rowBytes, rows: dims.length === 0 ? 1 : dims[0] };
}

function parseDescr(file: string, value: PyValue | undefined): string | NpyField[] {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) {
    return value.map((entry) => {
      if (!Array.isArray(entry) || entry.length !== 2 || typeof entry[0] !== "string" || typeof entry[1] !== "string") {
        throw new DataError(file, undefined, "descr", `unsupported structured field ${JSON.stringify(entry)}`);
      }
      return { name: entry[0], type: entry[1] };
    });
  }
  throw new DataError(file, undefined, "descr", `unsupported dtype description ${JSON.stringify(value)}`);
}

/** Bytes of one value of a simple dtype string such as `<f8` or `|V8`. */
function typeBytes(file: string, type: string): number {
  const m = /^[<>|=]?[a-zA-Z](\d+)$/.exec(type);
  if (!m) throw new DataError(file, undefined, "descr", `unsupported dtype ${JSON.stringify(type)}`);
  return Number(m[1]);
}

/** Formats a version 1.0 (or 2.0 when long) `.npy` header for a C-order array, padded to 64 bytes. */
export function formatNpyHeader(descr: string | readonly (readonly [string, string])[], shape: readonly number[]): Uint8Array {
  const descrText =
    typeof descr === "string" ? `'${descr}'` : `[${descr.map(([name, type]) => `('${name}', '${type}')`).join(", ")}]`;
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
  const dict = `{'descr': ${descrText}, 'fortran_order': False, 'shape': ${shapeText}, }`;
  let prefix = PREFIX_V1;
  let padded = pad(dict, prefix);
  if (padded.length > 0xffff) padded = pad(dict, (prefix = PREFIX_V2));
  const out = new Uint8Array(prefix + padded.length);
  out.set(MAGIC);
  out[6] = prefix === PREFIX_V1 ? 1 : 2;
  const view = new DataView(out.buffer);
  if (prefix === PREFIX_V1) view.setUint16(8, padded.length, true);
  else view.setUint32(8, padded.length, true);
  for (let i = 0; i < padded.length; i++) out[prefix + i] = padded.charCodeAt(i);
  return out;
}

function pad(dict: string, prefix: number): string {
  const unpadded = prefix + dict.length + 1;
  const spaces = (HEADER_ALIGN - (unpadded % HEADER_ALIGN)) % HEADER_ALIGN;
  return dict + " ".repeat(spaces) + "\n";
}

/** Reads the header from `source` and returns it with a stream of the rows that follow it. */
export async function openNpyStream(source: AsyncIterator<Uint8Array>, file: string): Promise<NpyStream> {
  try {
    const buffered = await readHeaderBytes(source, file);
    const header = parseNpyHeader(buffered, file);
    const rest = buffered.subarray(header.dataOffset);
    return {
      header,
      blocks: () => rowBlocks(source, rest, header, file),
      close: async () => {
        await source.return?.();
      },
    };
  } catch (err) {
    await source.return?.();
    throw err;
  }
}

/**
 * Pulls chunks until the whole header is buffered; returns them concatenated (the first chunk
 * itself when it holds the header: valid, as it is, until the next is pulled).
 */
async function readHeaderBytes(source: AsyncIterator<Uint8Array>, file: string): Promise<Uint8Array> {
  let buffered: Uint8Array = new Uint8Array(0);
  let dataOffset: number | undefined;
  for (;;) {
    if (dataOffset === undefined && buffered.length >= PREFIX_V2) dataOffset = npyDataOffset(buffered, file);
    if (dataOffset !== undefined && buffered.length >= dataOffset) return buffered;
    if (buffered.length > 0) buffered = buffered.slice(); // its producer may reuse it once the next is pulled
    const next = await source.next();
    if (next.done) {
      if (buffered.length < MAGIC.length || MAGIC.some((b, i) => buffered[i] !== b)) {
        throw new DataError(file, undefined, undefined, "not a .npy file (no \\x93NUMPY magic)");
      }
      throw new DataError(file, undefined, undefined, `truncated .npy header (the file ends after ${buffered.length} bytes)`);
    }
    buffered = buffered.length === 0 ? next.value : concat(buffered, next.value);
  }
}

async function* rowBlocks(
  source: AsyncIterator<Uint8Array>,
  first: Uint8Array,
  header: NpyHeader,
  file: string,
): AsyncGenerator<NpyBlock> {
  const { rowBytes, rows: total } = header;
  let row = 0;
  let carry: Uint8Array = new Uint8Array(0);
  const tooLong = (): DataError =>
    new DataError(file, undefined, undefined, `more data than the header's shape ${JSON.stringify(header.shape)} allows`);
  let chunk: Uint8Array | undefined = first;
  try {
    while (chunk !== undefined) {
      let at = 0;
      if (rowBytes === 0) {
        if (chunk.length > 0) throw tooLong();
      } else {
        if (carry.length > 0) {
          // finish the row split across chunks
          const take = Math.min(rowBytes - carry.length, chunk.length);
          carry = concat(carry, chunk.subarray(0, take));
          at = take;
          if (carry.length === rowBytes) {
            if (row >= total) throw tooLong();
            yield { bytes: carry, firstRow: row, rows: 1 };
            row++;
            carry = new Uint8Array(0);
          }
        }
        const whole = Math.floor((chunk.length - at) / rowBytes);
        if (whole > 0) {
          if (row + whole > total) throw tooLong();
          let bytes = chunk.subarray(at, at + whole * rowBytes);
          if (bytes.byteOffset % 8 !== 0) bytes = bytes.slice(); // a copy starts aligned
          yield { bytes, firstRow: row, rows: whole };
          row += whole;
          at += whole * rowBytes;
        }
        if (at < chunk.length) carry = concat(carry, chunk.subarray(at));
      }
      const next = await source.next();
      chunk = next.done ? undefined : next.value;
    }
  } finally {
    await source.return?.();
  }
  if (row < total || carry.length > 0) {
    throw new DataError(file, row, undefined, `truncated: the data ends inside row ${row} (the header declares ${total} rows)`);
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b.slice();
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** The block's bytes as float64 values (no copy). */
export function float64View(block: Uint8Array): Float64Array {
  return new Float64Array(block.buffer, block.byteOffset, block.byteLength >>> 3);
}

/** The block's bytes as int64 values (no copy). */
export function bigInt64View(block: Uint8Array): BigInt64Array {
  return new BigInt64Array(block.buffer, block.byteOffset, block.byteLength >>> 3);
}

/** The block's bytes as uint64 values (no copy). */
export function bigUint64View(block: Uint8Array): BigUint64Array {
  return new BigUint64Array(block.buffer, block.byteOffset, block.byteLength >>> 3);
}

/** The block's bytes as uint32 words, for reading the low half of uint64 flags without BigInt (no copy). */
export function uint32View(block: Uint8Array): Uint32Array {
  return new Uint32Array(block.buffer, block.byteOffset, block.byteLength >>> 2);
}
