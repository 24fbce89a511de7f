/**
 * Rows of hftbacktest 1.x files: float64 (N, 6) arrays [event, exch_timestamp, local_timestamp,
 * side, price, qty]. A timestamp ≤ 0 (1.x writes -1) marks the row invalid on that side, as
 * hftbacktest's `migration2.convert` reads them. 1.x files hold epoch microseconds (most
 * examples) or nanoseconds: the unit is taken from the first valid timestamp's magnitude
 * (≥ 1e17 ns, ≥ 1e14 µs — i.e. dates after 1973) and every later timestamp must agree.
 *
 * The int64 ns of a timestamp are worked out in float64 as two 32-bit halves (hi·2^32 + lo), exact
 * for every finite value: no BigInt per row. As an int64 column stores them, values beyond the
 * int64 range (µs ≥ 2^63 / 1000, year 2262) wrap; the order check sees the values before wrapping.
 */
import { DataError } from "../../../core/errors.ts";
import { gridKind, onGrid } from "../../gridCheck.ts";
import { EventKind, type EventBatch } from "../../schema.ts";
import type { EventAssembler } from "./assembler.ts";
import { MAX_TICKS } from "./engineWriter.ts";
import { directRows, L_CLEARS, L_DROPPED, L_LAST_HI, L_LAST_LO, L_LAST_ROW, L_PLAIN, L_PREV_LOCAL, L_ROWS, L_SKIPPED, L_TICK_ROW, L_TICK_VALUE } from "./lane.ts";
import { R_EXCH_HI, R_ID_HI, R_ID_LO, R_LOCAL_HI, R_LOCAL_LO, R_PRICE, R_QTY } from "./rows.ts";
import { KIND_FROM_HBT_V1 } from "./constants.ts";
import type { DecodeStats } from "./decodeV2.ts";
import { float64View, type NpyBlock } from "./npy.ts";

const NS_MIN = 1e17;
const US_MIN = 1e14;

/** The time unit of a 1.x file, fixed by its first valid timestamp. */
export interface V1Clock {
  unit: "ns" | "us" | null;
}

/** Decodes one block of 6-column rows into the assembler, through the direct lane (lane.ts) while it may. */
export function decodeV1Block<B>(file: string, block: NpyBlock, asm: EventAssembler<B>, clock: V1Clock, stats: DecodeStats): void {
  const f = float64View(block.bytes);
  for (let r = 0; r < block.rows; r++) {
    const writer = clock.unit === null ? undefined : asm.direct();
    if (writer !== undefined) {
      const ns = clock.unit === "ns";
      r = directRows(file, block.firstRow, block.rows, r, asm as EventAssembler<EventBatch>, writer, stats, (from, w, lane) => {
        const b = w.batch;
        return laneRows(f, from, block.rows, ns, b.exchTsNs, b.localTsNs, b.kind, b.side, b.priceTicks, b.qty, b.orderId, w.capacity, w.inverseTick, w.inverseSizeStep, w.originHi, w.originLo, lane);
      });
      if (r === block.rows) break;
    }
    decodeRow(file, block.firstRow + r, f, r * 6, asm, clock, stats);
  }
}

/** One row through the assembler, with every check and its error. */
function decodeRow<B>(file: string, row: number, f: Float64Array, o: number, asm: EventAssembler<B>, clock: V1Clock, stats: DecodeStats): void {
  const out = asm.row;
  out[R_ID_HI] = 0; // 1.x rows have no order id
  out[R_ID_LO] = 0;
  const code = f[o];
  const kind = KIND_FROM_HBT_V1[code];
  if (kind === undefined) throw new DataError(file, row, "event", `unknown event kind ${code} (1.x kinds are 1-4)`);
  const side = f[o + 3];
  if (side !== 1 && side !== -1 && side !== 0) throw new DataError(file, row, "side", `must be 1, -1 or 0, found ${side}`);
  let price = f[o + 4];
  let qty = f[o + 5];
  if (kind === EventKind.DEPTH_CLEAR) {
    stats.clearPriceDropped++;
    if (!(price >= 0 && price < Infinity)) price = 0;
    if (!(qty >= 0 && qty < Infinity)) qty = 0;
  }
  if (!(price >= 0 && price < Infinity)) throw new DataError(file, row, "price", `must be a finite number ≥ 0, found ${price}`);
  if (!(qty >= 0 && qty < Infinity)) throw new DataError(file, row, "qty", `must be a finite number ≥ 0, found ${qty}`);
  out[R_PRICE] = price;
  out[R_QTY] = qty;
  const exch = f[o + 1];
  const local = f[o + 2];
  if (exch > 0) {
    toNs(file, row, "exch_timestamp", exch, clock, out, R_EXCH_HI);
    if (local > 0) {
      toNs(file, row, "local_timestamp", local, clock, out, R_LOCAL_HI);
      asm.complete(file, row, kind, side);
    } else {
      out[R_LOCAL_HI] = 0;
      out[R_LOCAL_LO] = 0;
      asm.exchOnly(file, row, kind, side);
    }
  } else if (local > 0) {
    toNs(file, row, "local_timestamp", local, clock, out, R_LOCAL_HI);
    asm.localOnly(kind, side);
  } else asm.skip();
}

/** 1.x event code → mmlab EventKind (KIND_FROM_HBT_V1 as a table: 0 for none). */
const KIND_V1 = Uint8Array.of(0, KIND_FROM_HBT_V1[1], KIND_FROM_HBT_V1[2], KIND_FROM_HBT_V1[3], KIND_FROM_HBT_V1[4]);

/**
 * The direct lane's loop (lane.ts) over 1.x rows, the file's unit known (`ns`: nanoseconds, else
 * microseconds): takes each row decodeRow would pass on unchanged — a known kind and side, a valid
 * price and qty on the grid, both timestamps valid and of the file's unit (converted as toNs does)
 * and in exch_ts order, or a local-only duplicate (dropped), or valid on neither side (skipped).
 * Stops at a row it does not take, or once the batch is full.
 */
function laneRows(
  f: Float64Array,
  from: number,
  rows: number,
  ns: boolean,
  exchTsNs: Float64Array,
  localTsNs: Float64Array,
  kinds: Uint8Array,
  sides: Int8Array,
  priceTicks: Int32Array,
  qtys: Float64Array,
  orderIds: Float64Array,
  capacity: number,
  inverseTick: number,
  inverseSizeStep: number,
  originHi: number,
  originLo: number,
  lane: Float64Array,
): number {
  let n = lane[L_ROWS];
  let lastHi = lane[L_LAST_HI];
  let lastLo = lane[L_LAST_LO];
  const min = ns ? NS_MIN : US_MIN;
  const max = ns ? Infinity : NS_MIN;
  for (let r = from; r < rows; r++) {
    if (n === capacity) return r; // the batch filled by the row before (see decodeV2's laneRows)
    const o = r * 6;
    const code = f[o];
    // a whole code 1-4 (a NaN or fraction fails: the table lookup would not find it either)
    if (!(code >= 1 && code <= 4 && code === Math.floor(code))) return r;
    const kind = KIND_V1[code];
    const side = f[o + 3];
    if (side !== 1 && side !== -1 && side !== 0) return r;
    let price = f[o + 4];
    let qty = f[o + 5];
    if (kind === EventKind.DEPTH_CLEAR) {
      if (!(price >= 0 && price < Infinity)) price = 0;
      if (!(qty >= 0 && qty < Infinity)) qty = 0;
    }
    if (!(price >= 0 && price < Infinity && qty >= 0 && qty < Infinity)) return r;
    const exch = f[o + 1];
    const local = f[o + 2];
    if (exch > 0) {
      if (!(local > 0)) return r; // exchange-only: waits
      // of the file's unit (NaN and ±Infinity fail too): else toNs's error
      if (!(exch >= min && exch < max && local >= min && local < max)) return r;
      let exchHi: number;
      let exchLo: number;
      let localHi: number;
      let localLo: number;
      // toNs, inline (see there)
      if (ns) {
        exchHi = Math.floor(exch / TWO_32);
        exchLo = exch - exchHi * TWO_32;
        localHi = Math.floor(local / TWO_32);
        localLo = local - localHi * TWO_32;
      } else {
        let whole = Math.floor(exch);
        let wholeHi = Math.floor(whole / TWO_32);
        let low = (whole - wholeHi * TWO_32) * 1000 + Math.round((exch - whole) * 1000);
        let carry = Math.floor(low / TWO_32);
        exchHi = wholeHi * 1000 + carry;
        exchLo = low - carry * TWO_32;
        whole = Math.floor(local);
        wholeHi = Math.floor(whole / TWO_32);
        low = (whole - wholeHi * TWO_32) * 1000 + Math.round((local - whole) * 1000);
        carry = Math.floor(low / TWO_32);
        localHi = wholeHi * 1000 + carry;
        localLo = low - carry * TWO_32;
      }
      if (exchHi < lastHi || (exchHi === lastHi && exchLo < lastLo)) return r; // out of order: the error
      // GridCheck passes a value on the grid as it is (ColumnsWriter.push): others error or snap
      if (gridKind(kind) && !(price > 0 && onGrid(price * inverseTick) && onGrid(qty * inverseSizeStep))) return r;
      // as EngineWriter.push writes them: the high words as stored (modulo 2^32, signed)
      const exchNs = ((exchHi | 0) - originHi) * TWO_32 + (exchLo - originLo);
      const localNs = ((localHi | 0) - originHi) * TWO_32 + (localLo - originLo);
      exchTsNs[n] = exchNs;
      localTsNs[n] = localNs;
      // EventBatch.plainLocalTimes, as EngineWriter.push keeps it
      if (localNs < exchNs || localNs < lane[L_PREV_LOCAL]) lane[L_PLAIN] = 0;
      lane[L_PREV_LOCAL] = localNs;
      kinds[n] = kind;
      sides[n] = side;
      qtys[n] = qty;
      const ticks = Math.round(price * inverseTick);
      if ((ticks > MAX_TICKS || ticks < -MAX_TICKS) && lane[L_TICK_ROW] < 0) {
        lane[L_TICK_ROW] = n;
        lane[L_TICK_VALUE] = ticks;
      }
      priceTicks[n] = ticks;
      orderIds[n] = 0; // no order ids in 1.x
      lastHi = exchHi;
      lastLo = exchLo;
      lane[L_ROWS] = ++n;
      lane[L_LAST_HI] = exchHi;
      lane[L_LAST_LO] = exchLo;
      lane[L_LAST_ROW] = r;
      if (kind === EventKind.DEPTH_CLEAR) lane[L_CLEARS]++;
    } else if (local > 0) {
      if (!(local >= min && local < max)) return r; // toNs's error
      lane[L_DROPPED]++;
      if (kind === EventKind.DEPTH_CLEAR) lane[L_CLEARS]++;
    } else {
      lane[L_SKIPPED]++;
      if (kind === EventKind.DEPTH_CLEAR) lane[L_CLEARS]++;
    }
  }
  return rows;
}

const TWO_32 = 4294967296;

/**
 * A 1.x timestamp as int64 epoch ns, written to out[at] (hi) and out[at + 1] (lo, in [0, 2^32)):
 * the value hi·2^32 + lo, before any int64 wrap, is that of `BigInt(Math.round(ns))` for
 * nanoseconds and of `BigInt(⌊µs⌋)·1000 + round(frac(µs)·1000)` for microseconds.
 */
function toNs(file: string, row: number, field: string, value: number, clock: V1Clock, out: Float64Array, at: number): void {
  if (clock.unit === null) {
    if (value >= NS_MIN) clock.unit = "ns";
    else if (value >= US_MIN) clock.unit = "us";
    else {
      throw new DataError(file, row, field, `cannot tell the unit of ${value}: expected epoch microseconds (≥ 1e14) or nanoseconds (≥ 1e17)`);
    }
  }
  if (!Number.isFinite(value)) throw new DataError(file, row, field, `must be finite, found ${value}`);
  if (clock.unit === "ns") {
    if (value < NS_MIN) throw new DataError(file, row, field, `${value} is not epoch nanoseconds like the file's first timestamp`);
    // ≥ 1e17 > 2^53: a whole number already (Math.round is the identity), so both halves are exact
    const hi = Math.floor(value / TWO_32);
    out[at] = hi;
    out[at + 1] = value - hi * TWO_32;
    return;
  }
  if (value < US_MIN || value >= NS_MIN) {
    throw new DataError(file, row, field, `${value} is not epoch microseconds like the file's first timestamp`);
  }
  const whole = Math.floor(value);
  const frac = Math.round((value - whole) * 1000);
  // whole·1000 + frac with whole = wholeHi·2^32 + wholeLo (whole < 1e17 < 2^57): every product and sum below is exact
  const wholeHi = Math.floor(whole / TWO_32);
  const low = (whole - wholeHi * TWO_32) * 1000 + frac; // < 2^42
  const carry = Math.floor(low / TWO_32);
  out[at] = wholeHi * 1000 + carry;
  out[at + 1] = low - carry * TWO_32;
}
