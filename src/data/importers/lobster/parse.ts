import { DataError } from "../../../core/errors.ts";
import { parseSecondsNearestNs } from "./time.ts";

/** LOBSTER event types (message file, column 2). */
export const LobsterType = {
  SUBMIT: 1,
  CANCEL: 2,
  DELETE: 3,
  EXECUTE: 4,
  HIDDEN_EXECUTE: 5,
  CROSS: 6,
  HALT: 7,
} as const;

/** Order ids the importer gives its synthetic orders start above this (exact in float64, far above LOBSTER's ids). */
export const SYNTHETIC_ID_BASE = 2 ** 52;

/** One message row. Prices stay LOBSTER integers (USD × 10000). */
export interface LobsterMessage {
  /** 1-based line in the message file. */
  row: number;
  /** Seconds after midnight in ns: exact up to 9 decimals, else rounded to the ns (`timeRounded`). */
  timeNs: bigint;
  timeRounded: boolean;
  type: number;
  orderId: number;
  size: number;
  price: number;
  /** +1 buy order, −1 sell order. */
  direction: number;
}

/** A fresh message record (parseMessage fills it in place). */
export function newMessage(): LobsterMessage {
  return { row: 0, timeNs: 0n, timeRounded: false, type: 0, orderId: 0, size: 0, price: 0, direction: 0 };
}

const INTEGER = /^-?\d+$/;
const FIELDS = ["time", "type", "order_id", "size", "price", "direction"] as const;

function integer(text: string, file: string, row: number, field: string): number {
  const value = Number(text);
  if (!INTEGER.test(text) || !Number.isSafeInteger(value)) throw new DataError(file, row, field, `expected an integer, got "${text}"`);
  return value;
}

/**
 * Parses one message line into `out`: `time,type,order_id,size,price,direction`. Throws DataError
 * (file, row, field, rule) on a wrong column count, a non-numeric field, an unknown type, a
 * negative size, a non-positive size or price where the type needs one, or an unknown direction.
 */
export function parseMessage(text: string, file: string, row: number, out: LobsterMessage): LobsterMessage {
  const cols = text.split(",");
  if (cols.length !== FIELDS.length) {
    throw new DataError(file, row, undefined, `expected ${FIELDS.length} columns (${FIELDS.join(",")}), found ${cols.length}`);
  }
  const time = parseSecondsNearestNs(cols[0]);
  if (time === undefined) throw new DataError(file, row, "time", `expected seconds after midnight (a decimal number), got "${cols[0]}"`);
  const type = integer(cols[1], file, row, "type");
  if (type < LobsterType.SUBMIT || type > LobsterType.HALT) throw new DataError(file, row, "type", `unknown event type ${type} (LOBSTER types are 1-7)`);
  const orderId = integer(cols[2], file, row, "order_id");
  const size = integer(cols[3], file, row, "size");
  const price = integer(cols[4], file, row, "price");
  const direction = integer(cols[5], file, row, "direction");
  if (size < 0) throw new DataError(file, row, "size", `size must not be negative, got ${size}`);
  // Cross trades (6) and halts (7) carry no order side; LOBSTER fills the column anyway.
  const sideless = type >= LobsterType.CROSS && direction === 0;
  if (direction !== 1 && direction !== -1 && !sideless) throw new DataError(file, row, "direction", `direction must be 1 (buy) or -1 (sell), got ${direction}`);
  if (type <= LobsterType.EXECUTE) {
    if (orderId < 0 || orderId >= SYNTHETIC_ID_BASE) throw new DataError(file, row, "order_id", `order id must be in [0, 2^52), got ${orderId}`);
    if (size === 0) throw new DataError(file, row, "size", `a type ${type} message needs a positive size`);
  }
  if (type !== LobsterType.HALT && price <= 0) throw new DataError(file, row, "price", `price must be positive, got ${price}`);
  out.row = row;
  out.timeNs = time.ns;
  out.timeRounded = time.rounded;
  out.type = type;
  out.orderId = orderId;
  out.size = size;
  out.price = price;
  out.direction = direction;
  return out;
}

/**
 * Parses one orderbook line into `out` (4 × levels integers: per level ask_px, ask_sz, bid_px,
 * bid_sz). Throws DataError on a wrong column count, a non-integer field or a negative size.
 */
export function parseBookRow(text: string, file: string, row: number, out: Float64Array): Float64Array {
  const cols = text.split(",");
  if (cols.length !== out.length) {
    throw new DataError(file, row, undefined, `expected ${out.length} columns (${out.length / 4} levels × ask_px,ask_sz,bid_px,bid_sz), found ${cols.length}`);
  }
  for (let i = 0; i < cols.length; i++) {
    const field = `${(i & 2) === 0 ? "ask" : "bid"}_${(i & 1) === 0 ? "px" : "sz"}_${(i >> 2) + 1}`;
    const value = integer(cols[i], file, row, field);
    if ((i & 1) === 1 && value < 0) throw new DataError(file, row, field, `size must not be negative, got ${value}`);
    out[i] = value;
  }
  return out;
}

/** Number of levels of an orderbook line, from its column count (DataError unless a positive multiple of 4). */
export function bookRowLevels(text: string, file: string, row: number): number {
  const n = text.split(",").length;
  if (n % 4 !== 0) throw new DataError(file, row, undefined, `expected 4 columns per level (ask_px,ask_sz,bid_px,bid_sz), found ${n}`);
  return n / 4;
}
