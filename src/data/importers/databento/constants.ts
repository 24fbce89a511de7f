/**
 * Databento Binary Encoding (DBN) versions 1 and 2: the record types, schemas, flags and byte
 * offsets this importer reads, from the public DBN specification (databento/dbn, rust/dbn/src:
 * record.rs, compat.rs, enums.rs, decode/dbn/fsm.rs). Everything is little-endian. Record layouts
 * are the same in v1 and v2 except the instrument definition (and the symbol string length).
 */

/** Every DBN stream starts with these three bytes, then the version byte. */
export const DBN_MAGIC = [0x44, 0x42, 0x4e] as const; // "DBN"
/** A zstd frame starts with 0xFD2FB528 (little-endian). */
export const ZSTD_MAGIC = [0x28, 0xb5, 0x2f, 0xfd] as const;
/** Prelude: "DBN", version, u32 metadata length. */
export const PRELUDE_BYTES = 8;
export const SUPPORTED_VERSIONS = [1, 2] as const;

/** Record types (the header's `rtype` byte). */
export const RType = {
  MBP_0: 0x00,
  MBP_1: 0x01,
  MBP_10: 0x0a,
  INSTRUMENT_DEF: 0x13,
  MBO: 0xa0,
} as const;

/** Every rtype DBN defines, by name: records of these are skipped (counted), any other value is an error. */
export const KNOWN_RTYPES: ReadonlyMap<number, string> = new Map([
  [0x00, "trades (mbp-0)"],
  [0x01, "mbp-1"],
  [0x0a, "mbp-10"],
  [0x11, "ohlcv (deprecated)"],
  [0x12, "status"],
  [0x13, "instrument definition"],
  [0x14, "imbalance"],
  [0x15, "error"],
  [0x16, "symbol mapping"],
  [0x17, "system"],
  [0x18, "statistics"],
  [0x20, "ohlcv-1s"],
  [0x21, "ohlcv-1m"],
  [0x22, "ohlcv-1h"],
  [0x23, "ohlcv-1d"],
  [0x24, "ohlcv-eod"],
  [0xa0, "mbo"],
  [0xb1, "cmbp-1"],
  [0xc0, "cbbo-1s"],
  [0xc1, "cbbo-1m"],
  [0xc2, "tcbbo"],
  [0xc3, "bbo-1s"],
  [0xc4, "bbo-1m"],
]);

/** Schema codes of the metadata (u16; 0xFFFF = mixed). */
export const Schema = {
  MBO: 0,
  MBP_1: 1,
  MBP_10: 2,
  TBBO: 3,
  TRADES: 4,
  DEFINITION: 9,
  NULL: 0xffff,
} as const;

/** DBN's names of the schema codes (for messages). */
export const SCHEMA_NAMES: Readonly<Record<number, string>> = {
  0: "mbo",
  1: "mbp-1",
  2: "mbp-10",
  3: "tbbo",
  4: "trades",
  5: "ohlcv-1s",
  6: "ohlcv-1m",
  7: "ohlcv-1h",
  8: "ohlcv-1d",
  9: "definition",
  10: "statistics",
  11: "status",
  12: "imbalance",
  13: "ohlcv-eod",
  14: "cmbp-1",
  15: "cbbo-1s",
  16: "cbbo-1m",
  17: "tcbbo",
  18: "bbo-1s",
  19: "bbo-1m",
  0xffff: "mixed",
};

/** The data schemas this importer turns into events, with the rtype of their records and the record size in bytes. */
export const DATA_SCHEMAS: ReadonlyMap<number, { rtype: number; recordBytes: number }> = new Map([
  [Schema.MBO, { rtype: RType.MBO, recordBytes: 56 }],
  [Schema.MBP_1, { rtype: RType.MBP_1, recordBytes: 80 }],
  [Schema.MBP_10, { rtype: RType.MBP_10, recordBytes: 368 }],
  [Schema.TRADES, { rtype: RType.MBP_0, recordBytes: 48 }],
]);

/** `flags` bits. */
export const Flag = {
  /** Last record of an event for this instrument: the book is consistent after it. */
  LAST: 128,
  /** Top-of-book record (not an individual order). */
  TOB: 64,
  /** From a snapshot (replay) rather than the live feed. */
  SNAPSHOT: 32,
  /** ts_recv is inaccurate. */
  BAD_TS_RECV: 8,
  /** An unrecoverable gap was detected in the channel. */
  MAYBE_BAD_BOOK: 4,
} as const;

/** `action` and `side` characters. */
export const ACTION_ADD = 0x41; // A
export const ACTION_CANCEL = 0x43; // C
export const ACTION_MODIFY = 0x4d; // M
export const ACTION_CLEAR = 0x52; // R
export const ACTION_TRADE = 0x54; // T
export const ACTION_FILL = 0x46; // F
export const ACTION_NONE = 0x4e; // N
export const SIDE_ASK = 0x41; // A
export const SIDE_BID = 0x42; // B
export const SIDE_NONE = 0x4e; // N

/** Record header: length (in 4-byte words), rtype, publisher_id, instrument_id, ts_event. */
export const HEADER_BYTES = 16;
export const LENGTH_UNIT_BYTES = 4;
export const HD_RTYPE = 1;
export const HD_INSTRUMENT_ID = 4;
export const HD_TS_EVENT = 8;

/** MboMsg (56 bytes). */
export const MBO_ORDER_ID = 16;
export const MBO_PRICE = 24;
export const MBO_SIZE = 32;
export const MBO_FLAGS = 36;
export const MBO_ACTION = 38;
export const MBO_SIDE = 39;
export const MBO_TS_RECV = 40;

/** TradeMsg (48 bytes), Mbp1Msg (80), Mbp10Msg (368): the same first 48 bytes, then the levels. */
export const MBP_PRICE = 16;
export const MBP_SIZE = 24;
export const MBP_ACTION = 28;
export const MBP_SIDE = 29;
export const MBP_FLAGS = 30;
export const MBP_TS_RECV = 32;
export const MBP_LEVELS = 48;
/** BidAskPair (32 bytes): bid_px i64, ask_px i64, bid_sz u32, ask_sz u32, bid_ct u32, ask_ct u32. */
export const LEVEL_BYTES = 32;
export const LEVEL_BID_PX = 0;
export const LEVEL_ASK_PX = 8;
export const LEVEL_BID_SZ = 16;
export const LEVEL_ASK_SZ = 20;

/** InstrumentDefMsg: where the fields we read sit in v1 (360 bytes) and v2 (400 bytes). */
export interface DefinitionLayout {
  recordBytes: number;
  minPriceIncrement: number;
  minLotSize: number;
  rawSymbol: number;
  rawSymbolBytes: number;
  exchange: number;
  instrumentClass: number;
}

export const DEFINITION_LAYOUTS: Readonly<Record<1 | 2, DefinitionLayout>> = {
  1: { recordBytes: 360, minPriceIncrement: 24, minLotSize: 140, rawSymbol: 200, rawSymbolBytes: 22, exchange: 243, instrumentClass: 325 },
  2: { recordBytes: 400, minPriceIncrement: 24, minLotSize: 148, rawSymbol: 200, rawSymbolBytes: 71, exchange: 292, instrumentClass: 374 },
};

/** Metadata: dataset is a 16-byte C string; v1 symbols are 22-byte C strings, v2 gives the length. */
export const DATASET_BYTES = 16;
export const V1_SYMBOL_BYTES = 22;
export const V1_RESERVED_BYTES = 47;
export const V2_RESERVED_BYTES = 53;
/** stype_out value of instrument ids (the symbol mappings then map raw symbols to instrument ids). */
export const STYPE_INSTRUMENT_ID = 0;

/** Null values: UNDEF_PRICE = i64::MAX, UNDEF_TIMESTAMP = u64::MAX, i32 fields null at i32::MAX. */
export const UNDEF_PRICE_HI = 0x7fffffff;
export const UNDEF_PRICE_LO = 0xffffffff;
export const UNDEF_TS_WORD = 0xffffffff;
export const NULL_I32 = 0x7fffffff;

/** Prices are integers in units of 1e-9. */
export const NANOS_PER_UNIT = 1e9;
