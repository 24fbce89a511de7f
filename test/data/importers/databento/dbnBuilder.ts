/**
 * Builds tiny DBN files byte by byte for the tests, from the DBN specification (databento/dbn:
 * metadata v1/v2, RecordHeader, MboMsg, TradeMsg, Mbp1Msg, Mbp10Msg, InstrumentDefMsg v1/v2),
 * independently of the importer's decoder. `zstdFrame` wraps bytes in a zstd frame of raw
 * (stored) blocks, which any zstd decoder reads, without a compressor.
 */

export interface Mapping {
  rawSymbol: string;
  /** Interval symbols (the instrument id as text when stype_out is instrument_id). */
  intervals: { startDate: number; endDate: number; symbol: string }[];
}

export interface MetadataSpec {
  version?: 1 | 2;
  dataset?: string;
  schema: number;
  startNs?: bigint;
  endNs?: bigint;
  stypeIn?: number;
  stypeOut?: number;
  symbols?: string[];
  mappings?: Mapping[];
}

/** Schema codes. */
export const SCHEMA = { MBO: 0, MBP_1: 1, MBP_10: 2, TBBO: 3, TRADES: 4, OHLCV_1S: 5, DEFINITION: 9 } as const;

const enc = new TextEncoder();

/** Little-endian writer over a fixed-size buffer. */
class Bytes {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  at = 0;
  constructor(size: number) {
    this.bytes = new Uint8Array(size);
    this.view = new DataView(this.bytes.buffer);
  }
  u8(v: number): this {
    this.view.setUint8(this.at, v);
    this.at += 1;
    return this;
  }
  u16(v: number): this {
    this.view.setUint16(this.at, v, true);
    this.at += 2;
    return this;
  }
  u32(v: number): this {
    this.view.setUint32(this.at, v, true);
    this.at += 4;
    return this;
  }
  i32(v: number): this {
    this.view.setInt32(this.at, v, true);
    this.at += 4;
    return this;
  }
  u64(v: bigint): this {
    this.view.setBigUint64(this.at, v, true);
    this.at += 8;
    return this;
  }
  i64(v: bigint): this {
    this.view.setBigInt64(this.at, v, true);
    this.at += 8;
    return this;
  }
  cstr(s: string, n: number): this {
    this.bytes.set(enc.encode(s).subarray(0, n - 1), this.at);
    this.at += n;
    return this;
  }
  char(c: string): this {
    return this.u8(c.charCodeAt(0));
  }
  skip(n: number): this {
    this.at += n;
    return this;
  }
}

/** The prelude and metadata header of a DBN file. */
export function metadata(spec: MetadataSpec): Uint8Array {
  const version = spec.version ?? 1;
  const symbolBytes = version === 1 ? 22 : 71;
  const symbols = spec.symbols ?? [];
  const mappings = spec.mappings ?? [];
  const mappingBytes = mappings.reduce((n, m) => n + symbolBytes + 4 + m.intervals.length * (8 + symbolBytes), 0);
  const length = 104 + 4 + symbols.length * symbolBytes + 4 + 4 + 4 + mappingBytes;
  const b = new Bytes(8 + length);
  b.u8(0x44).u8(0x42).u8(0x4e).u8(version).u32(length);
  b.cstr(spec.dataset ?? "GLBX.MDP3", 16).u16(spec.schema).u64(spec.startNs ?? 0n).u64(spec.endNs ?? 0n).u64(0n);
  if (version === 1) b.u64(0n);
  b.u8(spec.stypeIn ?? 1).u8(spec.stypeOut ?? 0).u8(0);
  if (version === 2) b.u16(symbolBytes);
  b.skip(version === 1 ? 47 : 53).u32(0);
  b.u32(symbols.length);
  for (const s of symbols) b.cstr(s, symbolBytes);
  b.u32(0).u32(0).u32(mappings.length);
  for (const m of mappings) {
    b.cstr(m.rawSymbol, symbolBytes).u32(m.intervals.length);
    for (const i of m.intervals) b.u32(i.startDate).u32(i.endDate).cstr(i.symbol, symbolBytes);
  }
  if (b.at !== b.bytes.length) throw new Error(`metadata builder: wrote ${b.at} of ${b.bytes.length} bytes`);
  return b.bytes;
}

export interface Header {
  instrumentId: number;
  tsEvent: bigint;
  publisherId?: number;
}

function header(b: Bytes, bytes: number, rtype: number, h: Header): void {
  b.u8(bytes / 4).u8(rtype).u16(h.publisherId ?? 1).u32(h.instrumentId).u64(h.tsEvent);
}

export interface MboSpec extends Header {
  orderId: bigint;
  /** Price in units of 1e-9 (UNDEF_PRICE = 2^63 − 1). */
  price: bigint;
  size: number;
  flags?: number;
  action: string;
  side: string;
  tsRecv: bigint;
}

/** An MboMsg (56 bytes). */
export function mbo(r: MboSpec): Uint8Array {
  const b = new Bytes(56);
  header(b, 56, 0xa0, r);
  b.u64(r.orderId).i64(r.price).u32(r.size).u8(r.flags ?? 128).u8(0).char(r.action).char(r.side).u64(r.tsRecv).i32(0).u32(0);
  return b.bytes;
}

export interface TradeSpec extends Header {
  price: bigint;
  size: number;
  action?: string;
  side: string;
  flags?: number;
  tsRecv: bigint;
}

export interface Level {
  bidPx: bigint;
  askPx: bigint;
  bidSz: number;
  askSz: number;
}

/** UNDEF_PRICE: an empty level's price. */
export const UNDEF_PRICE = 0x7fff_ffff_ffff_ffffn;

/** A TradeMsg (48 bytes, rtype 0x00), or with levels an Mbp1Msg (1 level, 0x01) or Mbp10Msg (10, 0x0A). */
export function mbp(r: TradeSpec, levels: Level[] = []): Uint8Array {
  const rtype = levels.length === 0 ? 0x00 : levels.length === 1 ? 0x01 : 0x0a;
  if (levels.length > 1 && levels.length !== 10) throw new Error("mbp builder: 0, 1 or 10 levels");
  const bytes = 48 + 32 * levels.length;
  const b = new Bytes(bytes);
  header(b, bytes, rtype, r);
  b.i64(r.price).u32(r.size).char(r.action ?? "T").char(r.side).u8(r.flags ?? 128).u8(0).u64(r.tsRecv).i32(0).u32(0);
  for (const l of levels) b.i64(l.bidPx).i64(l.askPx).u32(l.bidSz).u32(l.askSz).u32(1).u32(1);
  return b.bytes;
}

export interface DefinitionSpec extends Header {
  minPriceIncrement: bigint;
  rawSymbol: string;
  minLotSize?: number;
  instrumentClass?: string;
  exchange?: string;
}

/** An InstrumentDefMsg: 360 bytes in DBN v1, 400 in v2 (field offsets from the two layouts). */
export function definition(version: 1 | 2, r: DefinitionSpec): Uint8Array {
  const bytes = version === 1 ? 360 : 400;
  const b = new Bytes(bytes);
  header(b, bytes, 0x13, r);
  b.u64(r.tsEvent).i64(r.minPriceIncrement);
  const at = (offset: number) => {
    b.at = offset;
    return b;
  };
  if (version === 1) {
    at(140).i32(r.minLotSize ?? 0);
    at(152).u32(1); // min_trade_vol
    at(200).cstr(r.rawSymbol, 22);
    at(243).cstr(r.exchange ?? "XCME", 5);
    at(325).char(r.instrumentClass ?? "F");
  } else {
    at(148).i32(r.minLotSize ?? 0);
    at(160).u32(1);
    at(200).cstr(r.rawSymbol, 71);
    at(292).cstr(r.exchange ?? "XCME", 5);
    at(374).char(r.instrumentClass ?? "F");
  }
  return b.bytes;
}

/** A record of any rtype and length (for the skipping and error tests). */
export function rawRecord(rtype: number, bytes: number, h: Header): Uint8Array {
  const b = new Bytes(bytes);
  b.u8(bytes / 4).u8(rtype).u16(1).u32(h.instrumentId).u64(h.tsEvent);
  return b.bytes;
}

/** Concatenates byte arrays. */
export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A DBN file: metadata then records. */
export function dbnFile(spec: MetadataSpec, ...records: Uint8Array[]): Uint8Array {
  return concat(metadata(spec), ...records);
}

/**
 * One zstd frame holding `content` in raw blocks (RFC 8878: magic, a single-segment frame header
 * with a 4-byte content size, blocks of at most 128 KiB with a 3-byte header: last flag, type 0 = raw, size).
 */
export function zstdFrame(content: Uint8Array, blockBytes = 1 << 17): Uint8Array {
  const parts: Uint8Array[] = [new Uint8Array([0x28, 0xb5, 0x2f, 0xfd, 0xa0]), u32le(content.length)];
  let at = 0;
  do {
    const n = Math.min(blockBytes, content.length - at);
    const last = at + n >= content.length ? 1 : 0;
    const h = (n << 3) | last;
    parts.push(new Uint8Array([h & 0xff, (h >>> 8) & 0xff, (h >>> 16) & 0xff]), content.subarray(at, at + n));
    at += n;
  } while (at < content.length);
  return concat(...parts);
}

function u32le(v: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, v, true);
  return b;
}

/** A price in quote currency as DBN's integer of 1e-9. */
export function px(price: number): bigint {
  return BigInt(Math.round(price * 1e9));
}
