import {
  DATASET_BYTES,
  DBN_MAGIC,
  SCHEMA_NAMES,
  SUPPORTED_VERSIONS,
  V1_RESERVED_BYTES,
  V1_SYMBOL_BYTES,
  V2_RESERVED_BYTES,
} from "./constants.ts";
import { metadataError } from "./recordError.ts";

/** The fixed part of the metadata, dataset … schema_definition_length: 104 bytes in v1 and in v2. */
const METADATA_FIXED_BYTES = 104;
/** A header larger than this is corrupt (a million 71-byte symbols would be 71 MB). */
const METADATA_MAX_BYTES = 1 << 27;

/** One raw symbol's mapping to output symbols (instrument ids when stype_out is instrument_id), by date. */
export interface SymbolMapping {
  rawSymbol: string;
  intervals: { startDate: number; endDate: number; symbol: string }[];
}

/** A DBN metadata header (version 1 or 2). */
export interface DbnMetadata {
  version: 1 | 2;
  dataset: string;
  /** Schema code (Schema), 0xFFFF for mixed. */
  schema: number;
  schemaName: string;
  /** Requested start and end, epoch ns (end null when open). */
  startNs: bigint;
  endNs: bigint | null;
  stypeIn: number | null;
  stypeOut: number;
  /** Every record carries a trailing send timestamp (its length says so; nothing to do here). */
  tsOut: boolean;
  symbols: string[];
  partial: string[];
  notFound: string[];
  mappings: SymbolMapping[];
}

/** The version and metadata length from the 8-byte prelude (`DBN`, version, u32 length). */
export function decodePrelude(file: string, bytes: Uint8Array, view: DataView, at: number): { version: 1 | 2; length: number } {
  if (!DBN_MAGIC.every((b, i) => bytes[at + i] === b)) throw metadataError(file, undefined, 'does not start with "DBN": not a DBN stream');
  const version = bytes[at + 3];
  if (!(SUPPORTED_VERSIONS as readonly number[]).includes(version)) {
    throw metadataError(file, "version", `DBN version ${version} is not supported (versions ${SUPPORTED_VERSIONS.join(" and ")} are)`);
  }
  const length = view.getUint32(at + 4, true);
  if (length < METADATA_FIXED_BYTES) throw metadataError(file, "length", `${length} bytes is shorter than the fixed part of the header (${METADATA_FIXED_BYTES} bytes)`);
  if (length > METADATA_MAX_BYTES) throw metadataError(file, "length", `${length} bytes is implausibly large (more than ${METADATA_MAX_BYTES}): a corrupt header`);
  return { version: version as 1 | 2, length };
}

/** Decodes the metadata that follows the prelude: `length` bytes from `at`. */
export function decodeMetadata(file: string, version: 1 | 2, bytes: Uint8Array, view: DataView, at: number, length: number): DbnMetadata {
  const c = new Cursor(file, bytes, view, at, at + length);
  const dataset = c.cstr(DATASET_BYTES, "dataset");
  const schema = c.u16("schema");
  const startNs = c.u64("start");
  const end = c.u64("end");
  c.skip(8, "limit");
  if (version === 1) c.skip(8, "record_count");
  const stypeIn = c.u8("stype_in");
  const stypeOut = c.u8("stype_out");
  const tsOut = c.u8("ts_out") !== 0;
  const symbolBytes = version === 1 ? V1_SYMBOL_BYTES : c.u16("symbol_cstr_len");
  if (symbolBytes === 0) throw metadataError(file, "symbol_cstr_len", "is 0");
  c.skip(version === 1 ? V1_RESERVED_BYTES : V2_RESERVED_BYTES, "reserved");
  const schemaDefinitionBytes = c.u32("schema_definition_length");
  if (schemaDefinitionBytes !== 0) throw metadataError(file, "schema_definition_length", `is ${schemaDefinitionBytes}: DBN schema definitions are not supported`);
  const symbols = c.symbolList(symbolBytes, "symbols");
  const partial = c.symbolList(symbolBytes, "partial");
  const notFound = c.symbolList(symbolBytes, "not_found");
  const mappings = c.mappings(symbolBytes);
  return {
    version,
    dataset,
    schema,
    schemaName: SCHEMA_NAMES[schema] ?? `schema ${schema}`,
    startNs,
    endNs: end === 0xffff_ffff_ffff_ffffn ? null : end,
    stypeIn: stypeIn === 0xff ? null : stypeIn,
    stypeOut,
    tsOut,
    symbols,
    partial,
    notFound,
    mappings,
  };
}

/** Reads metadata fields in order, each bounds-checked against the header's length. */
class Cursor {
  private readonly decoder = new TextDecoder("utf-8", { fatal: true });
  constructor(
    private readonly file: string,
    private readonly bytes: Uint8Array,
    private readonly view: DataView,
    private at: number,
    private readonly end: number,
  ) {}

  skip(n: number, field: string): void {
    this.need(n, field);
    this.at += n;
  }

  u8(field: string): number {
    this.need(1, field);
    return this.bytes[this.at++];
  }

  u16(field: string): number {
    this.need(2, field);
    const v = this.view.getUint16(this.at, true);
    this.at += 2;
    return v;
  }

  u32(field: string): number {
    this.need(4, field);
    const v = this.view.getUint32(this.at, true);
    this.at += 4;
    return v;
  }

  u64(field: string): bigint {
    this.need(8, field);
    const v = this.view.getBigUint64(this.at, true);
    this.at += 8;
    return v;
  }

  /** A NUL-padded string of `n` bytes. */
  cstr(n: number, field: string): string {
    this.need(n, field);
    const raw = this.bytes.subarray(this.at, this.at + n);
    const nul = raw.indexOf(0);
    this.at += n;
    try {
      return this.decoder.decode(nul < 0 ? raw : raw.subarray(0, nul));
    } catch {
      throw metadataError(this.file, field, "is not valid UTF-8");
    }
  }

  symbolList(symbolBytes: number, field: string): string[] {
    const count = this.u32(`${field} count`);
    this.need(count * symbolBytes, field);
    const out: string[] = [];
    for (let i = 0; i < count; i++) out.push(this.cstr(symbolBytes, `${field}[${i}]`));
    return out;
  }

  mappings(symbolBytes: number): SymbolMapping[] {
    const count = this.u32("mappings count");
    const out: SymbolMapping[] = [];
    for (let i = 0; i < count; i++) {
      const rawSymbol = this.cstr(symbolBytes, `mappings[${i}].raw_symbol`);
      const n = this.u32(`mappings[${i}].interval count`);
      this.need(n * (8 + symbolBytes), `mappings[${i}].intervals`);
      const intervals: SymbolMapping["intervals"] = [];
      for (let k = 0; k < n; k++) {
        const startDate = this.u32(`mappings[${i}].intervals[${k}].start_date`);
        const endDate = this.u32(`mappings[${i}].intervals[${k}].end_date`);
        intervals.push({ startDate, endDate, symbol: this.cstr(symbolBytes, `mappings[${i}].intervals[${k}].symbol`) });
      }
      out.push({ rawSymbol, intervals });
    }
    return out;
  }

  private need(n: number, field: string): void {
    if (this.at + n > this.end) throw metadataError(this.file, field, `runs past the end of the metadata header (${this.end - this.at} bytes left, ${n} needed)`);
  }
}
