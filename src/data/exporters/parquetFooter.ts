/**
 * Makes a Parquet file's bytes deterministic: parquet-wasm (arrow-rs) keeps the key-value metadata
 * in a hash map, so its entries come out in a different order on every run. This sorts the entries
 * of FileMetaData.key_value_metadata (field 5) by key, in place. In Thrift's compact protocol each
 * list element is self-contained, so permuting the elements keeps the footer's length and
 * validity; the rest of the footer is only skipped over.
 */
import fs from "node:fs";
import { MmlabError } from "../../core/errors.ts";

const STOP = 0;
const BOOL_TRUE = 1;
const BOOL_FALSE = 2;
const BYTE = 3;
const I16 = 4;
const I32 = 5;
const I64 = 6;
const DOUBLE = 7;
const BINARY = 8;
const LIST = 9;
const SET = 10;
const MAP = 11;
const STRUCT = 12;
const KEY_VALUE_METADATA = 5;

/** Sorts the key-value metadata entries of the Parquet file open on `fd` (read-write) by key. */
export function sortKeyValueMetadata(fd: number, path: string): void {
  const size = fs.fstatSync(fd).size;
  const tail = Buffer.alloc(8);
  fs.readSync(fd, tail, 0, 8, size - 8);
  if (tail.toString("latin1", 4) !== "PAR1") throw new MmlabError(`${path}: written file has no Parquet footer`);
  const length = tail.readUInt32LE(0);
  const start = size - 8 - length;
  const footer = Buffer.alloc(length);
  fs.readSync(fd, footer, 0, length, start);
  const r = new Reader(footer);
  let fieldId = 0;
  for (;;) {
    const header = r.byte();
    const type = header & 0x0f;
    if (type === STOP) return;
    fieldId = header >> 4 === 0 ? r.zigzag() : fieldId + (header >> 4);
    if (fieldId === KEY_VALUE_METADATA && type === LIST) {
      const sorted = sortedEntries(r);
      if (sorted) fs.writeSync(fd, sorted.bytes, 0, sorted.bytes.length, start + sorted.at);
      return;
    }
    r.skip(type);
  }
}

/** Reads the list at the reader's position; returns its elements re-ordered by key, and where they start. */
function sortedEntries(r: Reader): { at: number; bytes: Buffer } | undefined {
  const header = r.byte();
  const count = header >> 4 === 15 ? r.varint() : header >> 4;
  if ((header & 0x0f) !== STRUCT) return undefined;
  const at = r.at;
  const entries: { key: string; bytes: Buffer }[] = [];
  for (let i = 0; i < count; i++) {
    const begin = r.at;
    let key = "";
    let fieldId = 0;
    for (;;) {
      const h = r.byte();
      const type = h & 0x0f;
      if (type === STOP) break;
      fieldId = h >> 4 === 0 ? r.zigzag() : fieldId + (h >> 4);
      if (fieldId === 1 && type === BINARY) key = r.binary().toString("latin1");
      else r.skip(type);
    }
    entries.push({ key, bytes: r.buf.subarray(begin, r.at) });
  }
  entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { at, bytes: Buffer.concat(entries.map((e) => e.bytes)) };
}

/** A cursor over Thrift compact-protocol bytes. */
class Reader {
  at = 0;
  constructor(readonly buf: Buffer) {}

  byte(): number {
    if (this.at >= this.buf.length) throw new MmlabError("Parquet footer ends early");
    return this.buf[this.at++];
  }

  varint(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
    }
  }

  /** A zigzag varint small enough for a number (field ids, lengths). */
  zigzag(): number {
    const v = this.varint();
    return v % 2 === 0 ? v / 2 : -(v + 1) / 2;
  }

  binary(): Buffer {
    const length = this.varint();
    const out = this.buf.subarray(this.at, this.at + length);
    this.at += length;
    return out;
  }

  /** Skips one value of compact type `type` (a field value, not a list element, for booleans). */
  skip(type: number, inList = false): void {
    switch (type) {
      case BOOL_TRUE:
      case BOOL_FALSE:
        if (inList) this.at++;
        return;
      case BYTE:
        this.at++;
        return;
      case I16:
      case I32:
      case I64:
        this.varint();
        return;
      case DOUBLE:
        this.at += 8;
        return;
      case BINARY:
        this.binary();
        return;
      case LIST:
      case SET: {
        const header = this.byte();
        const count = header >> 4 === 15 ? this.varint() : header >> 4;
        for (let i = 0; i < count; i++) this.skip(header & 0x0f, true);
        return;
      }
      case MAP: {
        const count = this.varint();
        if (count === 0) return;
        const types = this.byte();
        for (let i = 0; i < count; i++) {
          this.skip(types >> 4, true);
          this.skip(types & 0x0f, true);
        }
        return;
      }
      case STRUCT:
        for (;;) {
          const h = this.byte();
          if ((h & 0x0f) === STOP) return;
          if (h >> 4 === 0) this.zigzag();
          this.skip(h & 0x0f);
        }
      default:
        throw new MmlabError(`Parquet footer: unknown Thrift compact type ${type}`);
    }
  }
}
