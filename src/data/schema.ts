/**
 * The event schema: one market event per row, the same for synthetic and real data.
 *
 *   exch_ts  int64   ns since the epoch, when the exchange applied the event
 *   local_ts int64   ns since the epoch, when our side received it
 *   kind     uint8   EventKind (market data), or SessionKind (a paper session's own rows)
 *   side     int8    +1 bid/buy, −1 ask/sell; for trades the aggressor's side
 *   price    float64 price in quote currency
 *   qty      float64 depth: the level's new absolute size (0 deletes); trade: traded size
 *   order_id uint64  exchange order id (L3 kinds only, else 0)
 */

import { MARKET_EVENT_KIND_NAMES } from "../core/eventKind.ts";
import { MAX_SESSION_KIND, SESSION_KIND_NAMES } from "./sessionKinds.ts";

// The market-data kinds live in core (books, below the data layer, read them); the schema's users find them here.
export { EventKind, MAX_MARKET_EVENT_KIND, MARKET_EVENT_KIND_NAMES } from "../core/eventKind.ts";

/** Largest kind code defined (the last session kind); codes 1..MAX_EVENT_KIND are valid. */
export const MAX_EVENT_KIND = MAX_SESSION_KIND;

/** Short names of every kind code the kind column may hold (market data and session rows), as reports and errors name them. */
export const EVENT_KIND_NAMES: Readonly<Record<number, string>> = { ...MARKET_EVENT_KIND_NAMES, ...SESSION_KIND_NAMES };

export const SCHEMA_VERSION = "1";

/** Column names in file order. */
export const EVENT_COLUMNS = ["exch_ts", "local_ts", "kind", "side", "price", "qty", "order_id"] as const;

/** Dataset-level facts stored in the Arrow schema metadata. */
export interface DatasetMeta {
  symbol: string;
  venue: string;
  tickSize: number;
  lotSize: number;
  source: string;
  schemaVersion: string;
}

/** One record batch of events as stored in a file (epoch-ns int64 times, prices in quote currency). */
export interface EventColumns {
  length: number;
  exchTs: BigInt64Array;
  localTs: BigInt64Array;
  kind: Uint8Array;
  side: Int8Array;
  price: Float64Array;
  qty: Float64Array;
  orderId: BigUint64Array;
}

/**
 * One batch of events as the engine reads it: times in float64 ns relative to the dataset's
 * first timestamp (exact for about 104 days), prices in integer ticks.
 */
export interface EventBatch {
  length: number;
  exchTsNs: Float64Array;
  localTsNs: Float64Array;
  kind: Uint8Array;
  side: Int8Array;
  priceTicks: Int32Array;
  qty: Float64Array;
  orderId: Float64Array;
  /**
   * True when it is known that in this batch exch_ts and local_ts never go back, local_ts is
   * never before exch_ts, and every row is market data (no session row); false when not known.
   * A simulator then finds where a run of rows ends by search rather than row by row.
   */
  plainLocalTimes: boolean;
}

/** Allocates an empty file-side batch of `capacity` rows. */
export function allocEventColumns(capacity: number): EventColumns {
  return {
    length: 0,
    exchTs: new BigInt64Array(capacity),
    localTs: new BigInt64Array(capacity),
    kind: new Uint8Array(capacity),
    side: new Int8Array(capacity),
    price: new Float64Array(capacity),
    qty: new Float64Array(capacity),
    orderId: new BigUint64Array(capacity),
  };
}

/** Views of the first `length` rows of a batch (no copy). */
/** One batch holding the rows of `parts` in order (a copy). */
export function concatEventColumns(parts: readonly EventColumns[]): EventColumns {
  const total = parts.reduce((sum, p) => sum + p.length, 0);
  const out = allocEventColumns(total);
  let at = 0;
  for (const p of parts) {
    const c = sliceEventColumns(p, p.length);
    out.exchTs.set(c.exchTs, at);
    out.localTs.set(c.localTs, at);
    out.kind.set(c.kind, at);
    out.side.set(c.side, at);
    out.price.set(c.price, at);
    out.qty.set(c.qty, at);
    out.orderId.set(c.orderId, at);
    at += p.length;
  }
  out.length = total;
  return out;
}

export function sliceEventColumns(c: EventColumns, length: number): EventColumns {
  return {
    length,
    exchTs: c.exchTs.subarray(0, length),
    localTs: c.localTs.subarray(0, length),
    kind: c.kind.subarray(0, length),
    side: c.side.subarray(0, length),
    price: c.price.subarray(0, length),
    qty: c.qty.subarray(0, length),
    orderId: c.orderId.subarray(0, length),
  };
}
