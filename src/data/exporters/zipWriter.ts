/**
 * A minimal streaming zip writer (what `.npz` needs): entries are deflated with fflate's streaming
 * `Deflate` (or stored) straight to a file descriptor, with CRC-32 computed on the way; each local
 * header always carries a zip64 extra field (as numpy's `savez` writes them) and is patched with
 * the real sizes once the entry is done. The central directory uses zip64 only where a size,
 * offset or count needs it (or when `forceZip64`). Timestamps are fixed (1980-01-01) so equal
 * input gives byte-identical archives.
 */
import fs from "node:fs";
import { crc32 } from "node:zlib";
import { Deflate } from "fflate";

/** One file to put in the archive. */
export interface ZipSource {
  name: string;
  chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>;
}

export interface ZipOptions {
  /** Deflate level 1-9, or 0 to store uncompressed (default 6, like zlib and np.savez_compressed). */
  level?: number;
  /** Write zip64 fields in the central directory even when nothing needs them. */
  forceZip64?: boolean;
}

interface Written {
  name: Buffer;
  method: number;
  crc: number;
  size: number;
  compressedSize: number;
  offset: number;
}

const U16_MAX = 0xffff;
const U32_MAX = 0xffffffff;
const VERSION_ZIP64 = 45;
const DOS_DATE_1980 = 0x21; // 1980-01-01, time 00:00:00

/** Writes the entries as a zip archive to `fd` starting at position 0. */
export async function writeZip(fd: number, sources: readonly ZipSource[], options: ZipOptions = {}): Promise<void> {
  const level = options.level ?? 6;
  let position = 0;
  const write = (bytes: Uint8Array): void => {
    for (let done = 0; done < bytes.length; ) done += fs.writeSync(fd, bytes, done, bytes.length - done, position + done);
    position += bytes.length;
  };
  const written: Written[] = [];
  for (const source of sources) {
    const name = Buffer.from(source.name, "utf8");
    const entry: Written = { name, method: level === 0 ? 0 : 8, crc: 0, size: 0, compressedSize: 0, offset: position };
    write(localHeader(entry));
    const dataStart = position;
    const deflate =
      entry.method === 8
        ? new Deflate({ level: level as 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 }, (data) => write(data))
        : undefined;
    for await (const chunk of source.chunks) {
      entry.crc = crc32(chunk, entry.crc);
      entry.size += chunk.length;
      if (deflate) deflate.push(chunk);
      else write(chunk);
    }
    deflate?.push(new Uint8Array(0), true);
    entry.compressedSize = position - dataStart;
    const header = localHeader(entry);
    fs.writeSync(fd, header, 0, header.length, entry.offset); // the real CRC and sizes
    written.push(entry);
  }
  const cdOffset = position;
  for (const entry of written) write(centralHeader(entry, options.forceZip64 ?? false));
  write(endRecords(written.length, position - cdOffset, cdOffset, options.forceZip64 ?? false, position));
}

function localHeader(e: Written): Buffer {
  const b = Buffer.alloc(30 + e.name.length + 20);
  b.writeUInt32LE(0x04034b50, 0);
  b.writeUInt16LE(VERSION_ZIP64, 4);
  b.writeUInt16LE(0, 6); // flags
  b.writeUInt16LE(e.method, 8);
  b.writeUInt16LE(0, 10); // time
  b.writeUInt16LE(DOS_DATE_1980, 12);
  b.writeUInt32LE(e.crc >>> 0, 14);
  b.writeUInt32LE(U32_MAX, 18); // sizes live in the zip64 extra field
  b.writeUInt32LE(U32_MAX, 22);
  b.writeUInt16LE(e.name.length, 26);
  b.writeUInt16LE(20, 28);
  e.name.copy(b, 30);
  const x = 30 + e.name.length;
  b.writeUInt16LE(1, x);
  b.writeUInt16LE(16, x + 2);
  b.writeBigUInt64LE(BigInt(e.size), x + 4);
  b.writeBigUInt64LE(BigInt(e.compressedSize), x + 12);
  return b;
}

function centralHeader(e: Written, force: boolean): Buffer {
  // zip64 values in the spec's order: uncompressed size, compressed size, header offset
  const big = [e.size, e.compressedSize, e.offset].map((v) => force || v >= U32_MAX);
  const extraValues = [e.size, e.compressedSize, e.offset].filter((_, i) => big[i]);
  const extraLength = extraValues.length > 0 ? 4 + 8 * extraValues.length : 0;
  const b = Buffer.alloc(46 + e.name.length + extraLength);
  b.writeUInt32LE(0x02014b50, 0);
  b.writeUInt16LE(VERSION_ZIP64, 4); // made by
  b.writeUInt16LE(VERSION_ZIP64, 6); // needed
  b.writeUInt16LE(0, 8);
  b.writeUInt16LE(e.method, 10);
  b.writeUInt16LE(0, 12);
  b.writeUInt16LE(DOS_DATE_1980, 14);
  b.writeUInt32LE(e.crc >>> 0, 16);
  b.writeUInt32LE(big[1] ? U32_MAX : e.compressedSize, 20);
  b.writeUInt32LE(big[0] ? U32_MAX : e.size, 24);
  b.writeUInt16LE(e.name.length, 28);
  b.writeUInt16LE(extraLength, 30);
  // comment length, disk number, internal and external attributes stay 0
  b.writeUInt32LE(big[2] ? U32_MAX : e.offset, 42);
  e.name.copy(b, 46);
  if (extraLength > 0) {
    const x = 46 + e.name.length;
    b.writeUInt16LE(1, x);
    b.writeUInt16LE(extraLength - 4, x + 2);
    extraValues.forEach((v, i) => b.writeBigUInt64LE(BigInt(v), x + 4 + 8 * i));
  }
  return b;
}

/** End of central directory, preceded by the zip64 end record and locator when needed. */
function endRecords(count: number, cdSize: number, cdOffset: number, force: boolean, eocd64Offset: number): Buffer {
  const zip64 = force || count >= U16_MAX || cdSize >= U32_MAX || cdOffset >= U32_MAX;
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(Math.min(count, U16_MAX), 8);
  eocd.writeUInt16LE(Math.min(count, U16_MAX), 10);
  eocd.writeUInt32LE(Math.min(cdSize, U32_MAX), 12);
  eocd.writeUInt32LE(Math.min(cdOffset, U32_MAX), 16);
  if (!zip64) return eocd;
  const record = Buffer.alloc(56);
  record.writeUInt32LE(0x06064b50, 0);
  record.writeBigUInt64LE(44n, 4); // size of the rest of this record
  record.writeUInt16LE(VERSION_ZIP64, 12);
  record.writeUInt16LE(VERSION_ZIP64, 14);
  record.writeBigUInt64LE(BigInt(count), 24);
  record.writeBigUInt64LE(BigInt(count), 32);
  record.writeBigUInt64LE(BigInt(cdSize), 40);
  record.writeBigUInt64LE(BigInt(cdOffset), 48);
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(0x07064b50, 0);
  locator.writeBigUInt64LE(BigInt(eocd64Offset), 8);
  locator.writeUInt32LE(1, 16); // total disks
  return Buffer.concat([record, locator, eocd]);
}
