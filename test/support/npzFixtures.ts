/**
 * Hand-written `.npy` and `.npz` writers for the hftbacktest importer's tests, independent of the
 * code under test: the NPY 1.0 header, and zips as numpy's `savez` (stored) and `savez_compressed`
 * (deflated) write them, without zip64.
 */
import { crc32, deflateRawSync } from "node:zlib";

/** The dtype of hftbacktest ≥ 2.0 records (64 bytes), as numpy writes it in a header. */
export const V2_DESCR = "[('ev', '<u8'), ('exch_ts', '<i8'), ('local_ts', '<i8'), ('px', '<f8'), ('qty', '<f8'), ('order_id', '<u8'), ('ival', '<i8'), ('fval', '<f8')]";

/** An `.npy` file: the version 1.0 header for `descr` and `shape` (padded to 64 bytes), then `data`. */
export function npy(descr: string, shape: string, data: Uint8Array): Buffer {
  let dict = `{'descr': ${descr}, 'fortran_order': False, 'shape': ${shape}, }`;
  while ((10 + dict.length + 1) % 64 !== 0) dict += " ";
  dict += "\n";
  const head = Buffer.alloc(10);
  head[0] = 0x93;
  head.write("NUMPY", 1, "latin1");
  head[6] = 1;
  head.writeUInt16LE(dict.length, 8);
  return Buffer.concat([head, Buffer.from(dict, "latin1"), data]);
}

/** One hftbacktest ≥ 2.0 record, as the tests write it (`ev`: kind and flags; times in epoch ns). */
export interface V2Row {
  ev: number;
  exch: bigint;
  local: bigint;
  px: number;
  qty: number;
  oid?: bigint;
}

/** The 64-byte records of `rows` (ival and fval, which mmlab ignores, set to 7 and 1.5). */
export function v2Records(rows: readonly V2Row[]): Buffer {
  const buf = Buffer.alloc(rows.length * 64);
  rows.forEach((r, i) => {
    const o = i * 64;
    buf.writeBigUInt64LE(BigInt(r.ev >>> 0), o);
    buf.writeBigInt64LE(r.exch, o + 8);
    buf.writeBigInt64LE(r.local, o + 16);
    buf.writeDoubleLE(r.px, o + 24);
    buf.writeDoubleLE(r.qty, o + 32);
    buf.writeBigUInt64LE(r.oid ?? 0n, o + 40);
    buf.writeBigInt64LE(7n, o + 48);
    buf.writeDoubleLE(1.5, o + 56);
  });
  return buf;
}

/** An `.npy` of hftbacktest ≥ 2.0 records. */
export function v2Npy(rows: readonly V2Row[]): Buffer {
  return npy(V2_DESCR, `(${rows.length},)`, v2Records(rows));
}

export interface ZipOptions {
  /** Deflate the entries (savez_compressed), else store them (savez). */
  deflate?: boolean;
  /** The CRC-32 recorded for every entry, instead of the true one. */
  crc?: number;
  /** Keep only so many bytes of each entry's (compressed) data; the sizes recorded are the whole ones. */
  cut?: number;
}

/** A zip of `entries` (name → bytes), and where each entry's data lies in it ([start, end) byte offsets). */
export function npzZip(entries: Record<string, Uint8Array>, o: ZipOptions = {}): { zip: Buffer; ranges: [number, number][] } {
  const method = o.deflate ? 8 : 0;
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  const ranges: [number, number][] = [];
  let offset = 0;
  for (const [entry, data] of Object.entries(entries)) {
    const name = Buffer.from(entry);
    const crc = (o.crc ?? crc32(data)) >>> 0;
    const written = o.deflate ? deflateRawSync(data) : Buffer.from(data);
    const kept = written.subarray(0, o.cut ?? Infinity);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(written.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(written.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, kept);
    centrals.push(central, name);
    ranges.push([offset + 30 + name.length, offset + 30 + name.length + kept.length]);
    offset += 30 + name.length + kept.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(ranges.length, 8);
  end.writeUInt16LE(ranges.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return { zip: Buffer.concat([...locals, directory, end]), ranges };
}

/** A one-entry stored zip (`data.npy`), as np.savez writes it. */
export function storedZip(data: Uint8Array): Buffer {
  return npzZip({ "data.npy": data }).zip;
}
