import { EventKind } from "../../schema.ts";

/**
 * hftbacktest's event flags, checked against nkaz001/hftbacktest `hftbacktest/src/types.rs`
 * (commit 02b0f9a9…: `BUY_EVENT = 1 << 29`, `SELL_EVENT = 1 << 28`, `DEPTH_EVENT = 1`,
 * `TRADE_EVENT = 2`, `DEPTH_CLEAR_EVENT = 3`, `DEPTH_SNAPSHOT_EVENT = 4`, `DEPTH_BBO_EVENT = 5`,
 * `ADD_ORDER_EVENT = 10`, `CANCEL_ORDER_EVENT = 11`, `MODIFY_ORDER_EVENT = 12`, `FILL_EVENT = 13`,
 * `EXCH_EVENT = 1 << 31`, `LOCAL_EVENT = 1 << 30`) and `py-hftbacktest/hftbacktest/types.py`
 * (same values). The event kind is `ev & 0xff` (`Event::is` in types.rs); all flags sit in the low
 * 32 bits of `ev`, so readers only look at its low word.
 */
export const HBT = {
  DEPTH_EVENT: 1,
  TRADE_EVENT: 2,
  DEPTH_CLEAR_EVENT: 3,
  DEPTH_SNAPSHOT_EVENT: 4,
  DEPTH_BBO_EVENT: 5,
  ADD_ORDER_EVENT: 10,
  CANCEL_ORDER_EVENT: 11,
  MODIFY_ORDER_EVENT: 12,
  FILL_EVENT: 13,
  EXCH_EVENT: 0x8000_0000,
  LOCAL_EVENT: 0x4000_0000,
  BUY_EVENT: 0x2000_0000,
  SELL_EVENT: 0x1000_0000,
} as const;

/** Bits of `ev` holding the event kind. */
export const HBT_KIND_MASK = 0xff;

/**
 * hftbacktest ≥ 2.0 `event_dtype` (py-hftbacktest/hftbacktest/types.py, `align=True`; the Rust
 * `Event` struct is `repr(C, align(64))`): eight little-endian 8-byte fields, 64 bytes a record.
 */
export const HBT_EVENT_FIELDS: readonly (readonly [string, string])[] = [
  ["ev", "<u8"],
  ["exch_ts", "<i8"],
  ["local_ts", "<i8"],
  ["px", "<f8"],
  ["qty", "<f8"],
  ["order_id", "<u8"],
  ["ival", "<i8"],
  ["fval", "<f8"],
];
export const HBT_RECORD_BYTES = 64;

/** hftbacktest 1.x columns of its float64 (N, 6) arrays. */
export const HBT_V1_COLUMNS = ["event", "exch_timestamp", "local_timestamp", "side", "price", "qty"] as const;

/** hftbacktest kind code (`ev & 0xff`) → mmlab EventKind; 0 where hftbacktest defines no such kind. */
export const KIND_FROM_HBT: Readonly<Record<number, number>> = {
  [HBT.DEPTH_EVENT]: EventKind.DEPTH,
  [HBT.TRADE_EVENT]: EventKind.TRADE,
  [HBT.DEPTH_CLEAR_EVENT]: EventKind.DEPTH_CLEAR,
  [HBT.DEPTH_SNAPSHOT_EVENT]: EventKind.SNAPSHOT,
  [HBT.DEPTH_BBO_EVENT]: EventKind.DEPTH, // a best-level update is a depth update of that level
  [HBT.ADD_ORDER_EVENT]: EventKind.L3_ADD,
  [HBT.CANCEL_ORDER_EVENT]: EventKind.L3_CANCEL,
  [HBT.MODIFY_ORDER_EVENT]: EventKind.L3_MODIFY,
  [HBT.FILL_EVENT]: EventKind.L3_FILL,
};

/** mmlab EventKind → hftbacktest kind code (for the exporter). */
export const KIND_TO_HBT: Readonly<Record<number, number>> = {
  [EventKind.DEPTH]: HBT.DEPTH_EVENT,
  [EventKind.TRADE]: HBT.TRADE_EVENT,
  [EventKind.DEPTH_CLEAR]: HBT.DEPTH_CLEAR_EVENT,
  [EventKind.SNAPSHOT]: HBT.DEPTH_SNAPSHOT_EVENT,
  [EventKind.L3_ADD]: HBT.ADD_ORDER_EVENT,
  [EventKind.L3_CANCEL]: HBT.CANCEL_ORDER_EVENT,
  [EventKind.L3_MODIFY]: HBT.MODIFY_ORDER_EVENT,
  [EventKind.L3_FILL]: HBT.FILL_EVENT,
};

/** hftbacktest 1.x event codes (column 0) → mmlab EventKind (1.x has no BBO or L3 kinds). */
export const KIND_FROM_HBT_V1: Readonly<Record<number, number>> = {
  1: EventKind.DEPTH,
  2: EventKind.TRADE,
  3: EventKind.DEPTH_CLEAR,
  4: EventKind.SNAPSHOT,
};
