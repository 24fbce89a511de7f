import { int64ToRelative } from "../core/int64.ts";
import { assertTickRange } from "../core/ticks.ts";
import type { EventStreamCheck } from "./arrow/reader.ts";
import { EventKind, MAX_EVENT_KIND, type EventBatch, type EventColumns } from "./schema.ts";

const TWO_32 = 4294967296;

/** Allocates an engine-side batch of `capacity` rows. */
export function allocEventBatch(capacity: number): EventBatch {
  return {
    length: 0,
    exchTsNs: new Float64Array(capacity),
    localTsNs: new Float64Array(capacity),
    kind: new Uint8Array(capacity),
    side: new Int8Array(capacity),
    priceTicks: new Int32Array(capacity),
    qty: new Float64Array(capacity),
    orderId: new Float64Array(capacity),
  };
}

/**
 * Spare engine-side batches for a source to fill again (no allocation per batch in steady state):
 * the consumer gives a batch back once it is done with it, the source takes it for a later batch.
 */
export class EventBatchPool {
  private readonly spare: EventBatch[] = [];

  /** Keeps at most `limit` spare batches (what a consumer gives back beyond that is dropped). */
  constructor(private readonly limit = 4) {}

  /** A batch of at least `capacity` rows: a spare one when it is large enough, else a new one. */
  take(capacity: number): EventBatch {
    const batch = this.spare.pop();
    return batch !== undefined && batch.exchTsNs.length >= capacity ? batch : allocEventBatch(capacity);
  }

  /** Gives back a batch nobody reads any more. */
  give(batch: EventBatch): void {
    if (this.spare.length < this.limit) this.spare.push(batch);
  }
}

/**
 * Converts a file batch into the engine's form: times relative to `originNs`, prices in ticks.
 * Reuses `out` when it is large enough (no allocation per batch in steady state).
 */
export function toEventBatch(c: EventColumns, originNs: bigint, tickSize: number, out?: EventBatch): EventBatch {
  const n = c.length;
  const b = out && out.exchTsNs.length >= n ? out : allocEventBatch(n);
  b.length = n;
  int64ToRelative(c.exchTs, originNs, b.exchTsNs, n);
  int64ToRelative(c.localTs, originNs, b.localTsNs, n);
  b.kind.set(c.kind.subarray(0, n));
  b.side.set(c.side.subarray(0, n));
  b.qty.set(c.qty.subarray(0, n));
  const inv = 1 / tickSize;
  const price = c.price;
  const ticks = b.priceTicks;
  for (let i = 0; i < n; i++) {
    const t = Math.round(price[i] * inv);
    if (t > 0x7fffffff || t < -0x7fffffff) assertTickRange(t, `event ${i}`);
    ticks[i] = t;
  }
  // Order ids as (low, high) words: no BigInt per row. Exact below 2^53.
  const idWords = new Uint32Array(c.orderId.buffer, c.orderId.byteOffset, n * 2);
  const outIds = b.orderId;
  for (let i = 0; i < n; i++) outIds[i] = idWords[2 * i + 1] * 4294967296 + idWords[2 * i];
  return b;
}

/** Views of rows [from, to) of a batch (no copy). */
export function eventColumnsRange(c: EventColumns, from: number, to: number): EventColumns {
  return {
    length: to - from,
    exchTs: c.exchTs.subarray(from, to),
    localTs: c.localTs.subarray(from, to),
    kind: c.kind.subarray(from, to),
    side: c.side.subarray(from, to),
    price: c.price.subarray(from, to),
    qty: c.qty.subarray(from, to),
    orderId: c.orderId.subarray(from, to),
  };
}

/**
 * toEventBatch and the reader's row checks (`check`, see arrow/reader.ts) in one pass over the
 * rows: the checks only clear a flag here (branches valid data never takes); a batch that fails
 * them goes through `check.check`, which throws the very error the reader would have (first bad
 * row, field and rule). A price beyond the tick range is an error of its row too, reported if no
 * earlier row (or rule of that row) fails.
 */
export function toCheckedEventBatch(c: EventColumns, originNs: bigint, tickSize: number, check: EventStreamCheck, out?: EventBatch): EventBatch {
  const n = c.length;
  const b = out && out.exchTsNs.length >= n ? out : allocEventBatch(n);
  b.length = n;
  b.kind.set(c.kind.subarray(0, n));
  b.side.set(c.side.subarray(0, n));
  b.qty.set(c.qty.subarray(0, n));
  if (!convertCheckedRows(c, b, originNs, tickSize, check)) {
    check.check(c); // throws the first bad row's error
    throw new Error("toCheckedEventBatch: a row failed the fused checks but not the reader's");
  }
  check.rows += n;
  if (n > 0) {
    const words = new Uint32Array(c.exchTs.buffer, c.exchTs.byteOffset + 8 * (n - 1), 2);
    check.hi = words[1] | 0;
    check.lo = words[0];
    check.last = c.exchTs[n - 1];
  }
  return b;
}

/**
 * The row loop of toCheckedEventBatch: false when a row fails a check. Nothing follows the loop
 * but the return: code after a long loop is first reached in its optimised (on-stack
 * replacement) version, which would stop there for want of type feedback, on every call.
 */
function convertCheckedRows(c: EventColumns, b: EventBatch, originNs: bigint, tickSize: number, check: EventStreamCheck): boolean {
  const n = c.length;
  const exchWords = new Uint32Array(c.exchTs.buffer, c.exchTs.byteOffset, n * 2);
  const localWords = new Uint32Array(c.localTs.buffer, c.localTs.byteOffset, n * 2);
  const idWords = new Uint32Array(c.orderId.buffer, c.orderId.byteOffset, n * 2);
  const { kind, side, price, qty } = c;
  const { exchTsNs, localTsNs, priceTicks, orderId } = b;
  const originLo = Number(originNs & 0xffffffffn);
  const originHi = Number(originNs >> 32n);
  const inv = 1 / tickSize;
  let prevHi = check.hi;
  let prevLo = check.lo;
  let ok = true;
  for (let i = 0; i < n; i++) {
    // exch_ts as (signed high, unsigned low) words: no BigInt per row.
    const hi = exchWords[2 * i + 1] | 0;
    const lo = exchWords[2 * i];
    if (hi < prevHi || (hi === prevHi && lo < prevLo)) ok = false;
    prevHi = hi;
    prevLo = lo;
    exchTsNs[i] = (hi - originHi) * TWO_32 + (lo - originLo);
    localTsNs[i] = ((localWords[2 * i + 1] | 0) - originHi) * TWO_32 + (localWords[2 * i] - originLo);
    const k = kind[i];
    if (k < 1 || k > MAX_EVENT_KIND) ok = false;
    const s = side[i];
    // A CONTROL row (a paper session's) keeps its code in the side column.
    if ((s < -1 || s > 1) && k !== EventKind.CONTROL) ok = false;
    const p = price[i];
    if (!(p >= 0 && p < Infinity)) ok = false;
    const q = qty[i];
    if (!(q >= 0 && q < Infinity)) ok = false;
    const t = Math.round(p * inv);
    if (t > 0x7fffffff || t < -0x7fffffff) {
      const row = check.rows + i;
      check.check(eventColumnsRange(c, 0, i + 1)); // an earlier bad row (or rule) is reported first
      assertTickRange(t, `${check.path}: row ${row}`);
    }
    priceTicks[i] = t;
    // Order ids as (low, high) words: no BigInt per row. Exact below 2^53.
    orderId[i] = idWords[2 * i + 1] * TWO_32 + idWords[2 * i];
  }
  return ok;
}
