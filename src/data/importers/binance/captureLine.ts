import { DataError } from "../../../core/errors.ts";

/**
 * One line of a Binance raw WebSocket capture: `<local_receive_time_ns> <raw JSON>`, where the
 * JSON is a combined-stream envelope `{"stream":…,"data":{…}}`, a bare stream payload, or a REST
 * depth snapshot `{"lastUpdateId":…,"bids":…,"asks":…}`.
 */

/** A price level as Binance sends it: [price, quantity] decimal strings. */
export type RawLevel = [string, string];

/** The JSON payloads this importer reads (fields as Binance names them). */
export interface RawPayload {
  e?: string;
  E?: number;
  T?: number;
  s?: string;
  U?: number;
  u?: number;
  pu?: number;
  b?: RawLevel[] | string;
  a?: RawLevel[] | string;
  p?: string;
  q?: string;
  m?: boolean;
  lastUpdateId?: number;
  bids?: RawLevel[];
  asks?: RawLevel[];
}

export type MessageType = "snapshot" | "diff" | "trade" | "bookTicker" | "other";

/** A parsed capture line. */
export interface CaptureMessage {
  localNs: bigint;
  /** Combined-stream name, e.g. "btcusdt@depth@100ms" ("" for bare payloads). */
  stream: string;
  data: RawPayload;
  type: MessageType;
}

const DIGITS = /^[0-9]+$/;

/** Parses one capture line; null for a blank line. Throws DataError naming the file, line and field. */
export function parseCaptureLine(text: string, file: string, line: number): CaptureMessage | null {
  if (text.trim() === "") return null;
  const space = text.indexOf(" ");
  const stamp = space < 0 ? text : text.slice(0, space);
  if (space < 0 || !DIGITS.test(stamp)) {
    throw new DataError(file, line, "local_ts", "expected `<local_receive_time_ns> <json>` (an integer, a space, then JSON)");
  }
  let json: unknown;
  try {
    json = JSON.parse(text.slice(space + 1));
  } catch (e) {
    throw new DataError(file, line, "json", `invalid JSON (${(e as Error).message})`);
  }
  const message = messageFromJson(json, BigInt(stamp));
  if (message === null) throw new DataError(file, line, "json", "expected a JSON object");
  return message;
}

/**
 * The message in one parsed JSON value received at `localNs` (epoch ns): a combined-stream
 * envelope `{"stream":…,"data":{…}}` or a bare payload; null when the value is not a JSON object.
 * Shared by the capture reader and the live feed, so both read Binance's frames the same way.
 */
export function messageFromJson(json: unknown, localNs: bigint): CaptureMessage | null {
  if (json === null || typeof json !== "object" || Array.isArray(json)) return null;
  const obj = json as { stream?: unknown; data?: unknown };
  let stream = "";
  let data = obj as RawPayload;
  if (typeof obj.stream === "string" && obj.data !== null && typeof obj.data === "object") {
    stream = obj.stream;
    data = obj.data as RawPayload;
  }
  return { localNs, stream, data, type: classify(data) };
}

/** Which kind of message a payload is, from its `e` field or, without one, from its fields. */
export function classify(d: RawPayload): MessageType {
  if (d.lastUpdateId !== undefined) return "snapshot";
  switch (d.e) {
    case "depthUpdate":
      return "diff";
    case "trade":
    case "aggTrade":
      return "trade";
    case "bookTicker":
      return "bookTicker";
    case undefined:
      return d.u !== undefined && typeof d.b === "string" && typeof d.a === "string" ? "bookTicker" : "other";
    default:
      return "other";
  }
}

/** The symbol a message names: from `s`, else from the stream name ("btcusdt@depth" → "BTCUSDT"); "" if none. */
export function messageSymbol(m: CaptureMessage): string {
  if (typeof m.data.s === "string" && m.data.s !== "") return m.data.s.toUpperCase();
  const at = m.stream.indexOf("@");
  return at > 0 ? m.stream.slice(0, at).toUpperCase() : "";
}

/** An update id or millisecond time: a safe non-negative integer, else DataError. */
export function requireInt(value: unknown, file: string, line: number, field: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw new DataError(file, line, field, `expected a non-negative integer, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** A decimal-string price or quantity as a number (price > 0, quantity ≥ 0), else DataError. */
export function requireDecimal(value: unknown, file: string, line: number, field: string, positive: boolean): number {
  const x = typeof value === "string" && value !== "" ? Number(value) : NaN;
  if (!Number.isFinite(x) || (positive ? x <= 0 : x < 0)) {
    const rule = positive ? "a positive decimal string" : "a non-negative decimal string";
    throw new DataError(file, line, field, `expected ${rule}, got ${JSON.stringify(value)}`);
  }
  return x;
}

/**
 * The level list of a diff or snapshot side, every level checked ([positive price, non-negative
 * qty] as decimal strings), else DataError. Checked whole before the book sync sees the message:
 * a level that failed while it was applied would leave the diff half applied yet marked as
 * applied, and the book wrong with no gap to resync on; refused here, the next diff shows a gap.
 */
export function requireLevels(value: unknown, file: string, line: number, field: string): RawLevel[] {
  if (!Array.isArray(value)) throw new DataError(file, line, field, "expected an array of [price, qty] levels");
  for (let i = 0; i < value.length; i++) {
    const level: unknown = value[i];
    if (!Array.isArray(level)) throw new DataError(file, line, `${field}[${i}]`, "expected a [price, qty] pair");
    requireDecimal(level[0], file, line, `${field}[${i}][0] (price)`, true);
    requireDecimal(level[1], file, line, `${field}[${i}][1] (qty)`, false);
  }
  return value as RawLevel[];
}
