import { int64ToRelative } from "../core/int64.ts";
import { assertTickRange } from "../core/ticks.ts";
import { GRID_RELATIVE_TOLERANCE, GRID_TOLERANCE } from "./gridCheck.ts";
import type { EventStreamCheck } from "./arrow/reader.ts";
import { EventKind, MAX_EVENT_KIND, MAX_MARKET_EVENT_KIND, type EventBatch, type EventColumns } from "./schema.ts";
import { SessionKind } from "./sessionKinds.ts";

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
    plainLocalTimes: false,
  };
}

/**
 * Spare engine-side batches for a source to fill again (no allocation per batch in steady state):
 * the consumer gives a batch back once it is done with it, the source takes it for a later batch.
 */
export class EventBatchPool {
  private readonly spare: EventBatch[] = [];

  /**
   * Keeps at most `limit` spare batches (what a consumer gives back beyond that is dropped); new
   * batches come from `alloc` (default: in this thread's memory).
   */
  constructor(
    private readonly limit = 4,
    private readonly alloc: (capacity: number) => EventBatch = allocEventBatch,
  ) {}

  /** A batch of at least `capacity` rows: a spare one when it is large enough, else a new one. */
  take(capacity: number): EventBatch {
    const batch = this.spare.pop();
    return batch !== undefined && batch.exchTsNs.length >= capacity ? batch : this.alloc(capacity);
  }

  /** A spare batch, if one was given back (to hand its memory on), else undefined. */
  takeSpare(): EventBatch | undefined {
    return this.spare.pop();
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
  b.plainLocalTimes = false;
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
  // Plain arrays and numbers for the loop (see convertCheckedRows).
  const outcome = convertCheckedRows(
    c,
    check,
    n,
    check.hi,
    check.lo,
    new Uint32Array(c.exchTs.buffer, c.exchTs.byteOffset, n * 2),
    new Uint32Array(c.localTs.buffer, c.localTs.byteOffset, n * 2),
    new Uint32Array(c.orderId.buffer, c.orderId.byteOffset, n * 2),
    c.kind,
    c.side,
    c.price,
    c.qty,
    b.exchTsNs,
    b.localTsNs,
    b.priceTicks,
    b.orderId,
    Number(originNs >> 32n),
    Number(originNs & 0xffffffffn),
    1 / tickSize,
    check.inverseTick,
    check.inverseLot,
  );
  if ((outcome & ROWS_VALID) === 0) {
    check.check(c); // throws the first bad row's error
    throw new Error("toCheckedEventBatch: a row failed the fused checks but not the reader's");
  }
  b.plainLocalTimes = (outcome & LOCAL_TIMES_PLAIN) !== 0;
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
 * convertCheckedRows' outcome: every row passed the checks (exch_ts never goes back among them);
 * the local times are plain too (EventBatch.plainLocalTimes).
 */
const ROWS_VALID = 1;
const LOCAL_TIMES_PLAIN = 2;
const ROWS_VALID_LOCAL_TIMES_PLAIN = 3;

/**
 * The row loop of toCheckedEventBatch: ROWS_VALID unless a row fails a check, and
 * LOCAL_TIMES_PLAIN when the batch's local times are plain (EventBatch). It takes plain arrays and
 * numbers (objects are read only to report an error: no shape of theirs to check), and nothing follows the loop but the
 * return: code after a long loop is first reached in its optimised (on-stack replacement)
 * version, which would stop there for want of type feedback, on every call.
 */
function convertCheckedRows(
  c: EventColumns,
  check: EventStreamCheck,
  n: number,
  prevHi: number,
  prevLo: number,
  exchWords: Uint32Array,
  localWords: Uint32Array,
  idWords: Uint32Array,
  kind: Uint8Array,
  side: Int8Array,
  price: Float64Array,
  qty: Float64Array,
  exchTsNs: Float64Array,
  localTsNs: Float64Array,
  priceTicks: Int32Array,
  orderId: Float64Array,
  originHi: number,
  originLo: number,
  inv: number,
  gridInvTick: number,
  gridInvLot: number,
): number {
  // The grid's tick is the conversion's (always, for a file read for a backtest): its test reuses the row's tick position.
  const sameTick = gridInvTick === inv;
  let ok = true;
  let plain = true;
  let prevLocal = -Infinity;
  // The previous low word with its top bit flipped: compared as a signed 32-bit integer it orders
  // as the unsigned word does, and stays a small integer (an unsigned one could be boxed).
  let prevLoFlipped = prevLo ^ 0x80000000;
  for (let i = 0; i < n; i++) {
    // exch_ts as (signed high, unsigned low) words: no BigInt per row.
    const hi = exchWords[2 * i + 1] | 0;
    const lo = exchWords[2 * i];
    const loFlipped = lo ^ 0x80000000;
    if (hi < prevHi || (hi === prevHi && loFlipped < prevLoFlipped)) ok = false;
    prevHi = hi;
    prevLoFlipped = loFlipped;
    const exch = (hi - originHi) * TWO_32 + (lo - originLo);
    const local = ((localWords[2 * i + 1] | 0) - originHi) * TWO_32 + (localWords[2 * i] - originLo);
    exchTsNs[i] = exch;
    localTsNs[i] = local;
    const k = kind[i];
    if (k < 1 || k > MAX_EVENT_KIND) ok = false;
    if (local < exch || local < prevLocal || k > MAX_MARKET_EVENT_KIND) plain = false;
    prevLocal = local;
    const s = side[i];
    // A CONTROL row (a paper session's) keeps its code in the side column.
    if ((s < -1 || s > 1) && k !== SessionKind.CONTROL) ok = false;
    const p = price[i];
    if (!(p >= 0 && p < Infinity)) ok = false;
    const q = qty[i];
    if (!(q >= 0 && q < Infinity)) ok = false;
    const x = p * inv;
    const t = Math.round(x);
    // Market rows (not clears, not session rows): price > 0 on the tick grid, size on the lot
    // grid (gridCheck.ts onGrid, written out; a NaN step, no grid, passes every comparison).
    if (k !== EventKind.DEPTH_CLEAR && k <= MAX_MARKET_EVENT_KIND) {
      const gx = sameTick ? x : p * gridInvTick;
      const gt = sameTick ? t : Math.round(gx);
      const y = q * gridInvLot;
      if (!(p > 0) || Math.abs(gx - gt) > GRID_TOLERANCE + gx * GRID_RELATIVE_TOLERANCE || Math.abs(y - Math.round(y)) > GRID_TOLERANCE + y * GRID_RELATIVE_TOLERANCE) ok = false;
    }
    if (t > 0x7fffffff || t < -0x7fffffff) {
      const row = check.rows + i;
      check.check(eventColumnsRange(c, 0, i + 1)); // an earlier bad row (or rule) is reported first
      assertTickRange(t, `${check.path}: row ${row}`);
    }
    priceTicks[i] = t;
    // Order ids as (low, high) words: no BigInt per row. Exact below 2^53.
    orderId[i] = idWords[2 * i + 1] * TWO_32 + idWords[2 * i];
  }
  // Choices, no arithmetic: an operation here would meet the optimised loop without type feedback.
  return ok ? (plain ? ROWS_VALID_LOCAL_TIMES_PLAIN : ROWS_VALID) : 0;
}
