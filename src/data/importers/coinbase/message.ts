import type { FieldParser } from "../csv.ts";
import { isoToEpochNs } from "./time.ts";

/** A Coinbase WebSocket message, parsed (fields are checked where they are read). */
export type CoinbaseMessage = Record<string, unknown>;

/** Parses one message's JSON text; a DataError at the current line when it is not a JSON object. */
export function parseMessage(fields: FieldParser, json: string): CoinbaseMessage {
  let o: unknown;
  try {
    o = JSON.parse(json);
  } catch {
    return fields.fail(undefined, `not a JSON message: ${json.slice(0, 60)}`);
  }
  if (o === null || typeof o !== "object" || Array.isArray(o)) return fields.fail(undefined, "a message must be a JSON object");
  return o as CoinbaseMessage;
}

/** The message's `time` (ISO-8601 UTC, µs) as epoch ns. */
export function messageTimeNs(fields: FieldParser, m: CoinbaseMessage): bigint {
  const t = m.time;
  const ns = typeof t === "string" ? isoToEpochNs(t) : undefined;
  if (ns === undefined) fields.fail("time", `must be an ISO-8601 UTC time like 2021-04-17T16:43:30.244075Z, found ${JSON.stringify(t)}`);
  return ns;
}

/** A side field: `buy` → +1, `sell` → −1. */
export function sideOf(fields: FieldParser, value: unknown, field: string): 1 | -1 {
  if (value === "buy") return 1;
  if (value === "sell") return -1;
  return fields.fail(field, `must be buy or sell, found ${JSON.stringify(value)}`);
}

/** A decimal field as its text (Coinbase sends decimal strings; a JSON number is taken as written). */
export function decimalText(fields: FieldParser, value: unknown, field: string): string {
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  return fields.fail(field, `must be a decimal string, found ${JSON.stringify(value)}`);
}

/** An array field. */
export function arrayOf(fields: FieldParser, value: unknown, field: string): unknown[] {
  if (!Array.isArray(value)) fields.fail(field, `must be an array, found ${JSON.stringify(value)?.slice(0, 40)}`);
  return value;
}
