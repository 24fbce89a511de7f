/** Rows of hftbacktest ≥ 2.0 files (64-byte `event_dtype` records) → the assembler. */
import { DataError } from "../../../core/errors.ts";
import { gridKind, onGrid } from "../../gridCheck.ts";
import { EventKind, type EventBatch } from "../../schema.ts";
import type { EventAssembler } from "./assembler.ts";
import { MAX_TICKS } from "./engineWriter.ts";
import { directRows, L_BBO, L_CLEARS, L_DROPPED, L_LAST_HI, L_LAST_LO, L_LAST_ROW, L_PLAIN, L_PREV_LOCAL, L_ROWS, L_SKIPPED, L_TICK_ROW, L_TICK_VALUE } from "./lane.ts";
import { R_EXCH_HI, R_EXCH_LO, R_ID_HI, R_ID_LO, R_LOCAL_HI, R_LOCAL_LO, R_PRICE, R_QTY } from "./rows.ts";
import { HBT, HBT_KIND_MASK, KIND_FROM_HBT } from "./constants.ts";
import { bigUint64View, float64View, uint32View, type NpyBlock } from "./npy.ts";

const TWO_32 = 4294967296;

/** What decoding saw that the report should mention. */
export interface DecodeStats {
  bboAsDepth: number;
  clearPriceDropped: number;
}

/** `ev & 0xff` → mmlab EventKind, 0 where hftbacktest defines no such kind (KIND_FROM_HBT as a table). */
const KIND_TABLE = new Uint8Array(HBT_KIND_MASK + 1);
for (const [hbt, kind] of Object.entries(KIND_FROM_HBT)) KIND_TABLE[Number(hbt)] = kind;

/**
 * Decodes one block of records: validates kind, side flags, price and qty; routes rows by EXCH/LOCAL
 * flags. The 8-byte fields are read as (low, high) 32-bit words (16 words a record; `ev`'s flags all
 * sit in its low word): no BigInt per row. While the assembler allows it (no report kept, nothing
 * waiting: a backtest reading the file), rows go through the direct lane (lane.ts); any row it does
 * not take (an error, an exchange-only row, a value off the grid…) goes through decodeRow.
 */
export function decodeV2Block<B>(file: string, block: NpyBlock, asm: EventAssembler<B>, stats: DecodeStats): void {
  const words = uint32View(block.bytes);
  const floats = float64View(block.bytes);
  for (let r = 0; r < block.rows; r++) {
    const writer = asm.direct();
    if (writer !== undefined) {
      r = directRows(file, block.firstRow, block.rows, r, asm as EventAssembler<EventBatch>, writer, stats, (from, w, lane) => {
        const b = w.batch;
        return laneRows(words, floats, from, block.rows, b.exchTsNs, b.localTsNs, b.kind, b.side, b.priceTicks, b.qty, b.orderId, w.capacity, w.inverseTick, w.inverseSizeStep, w.originHi, w.originLo, lane);
      });
      if (r === block.rows) break;
    }
    decodeRow(file, block, r, words, floats, asm, stats);
  }
}

/** One record through the assembler, with every check and its error. */
function decodeRow<B>(file: string, block: NpyBlock, r: number, words: Uint32Array, floats: Float64Array, asm: EventAssembler<B>, stats: DecodeStats): void {
  const row = block.firstRow + r;
  const w = r * 16;
  const ev = words[w];
  const hbtKind = ev & HBT_KIND_MASK;
  const kind = KIND_TABLE[hbtKind];
  if (kind === 0) {
    const hex = bigUint64View(block.bytes)[r * 8].toString(16);
    throw new DataError(file, row, "ev", `unknown event kind ${hbtKind} (ev = 0x${hex}; known kinds 1-5, 10-13)`);
  }
  const buy = (ev & HBT.BUY_EVENT) !== 0;
  const sell = (ev & HBT.SELL_EVENT) !== 0;
  if (buy && sell) throw new DataError(file, row, "ev", "both BUY_EVENT and SELL_EVENT are set");
  const side = buy ? 1 : sell ? -1 : 0;
  let price = floats[r * 8 + 3];
  let qty = floats[r * 8 + 4];
  if (kind === EventKind.DEPTH_CLEAR) {
    // hftbacktest clears "up to px"; mmlab clears the whole side, so px is informational only
    stats.clearPriceDropped++;
    if (!(price >= 0 && price < Infinity)) price = 0;
    if (!(qty >= 0 && qty < Infinity)) qty = 0;
  }
  if (!(price >= 0 && price < Infinity)) throw new DataError(file, row, "px", `must be a finite number ≥ 0, found ${price}`);
  if (!(qty >= 0 && qty < Infinity)) throw new DataError(file, row, "qty", `must be a finite number ≥ 0, found ${qty}`);
  if (hbtKind === HBT.DEPTH_BBO_EVENT) stats.bboAsDepth++;
  // exch_ts, local_ts: int64 (signed high word); order_id: uint64 (unsigned high word)
  const localHi = words[w + 5] | 0;
  const localLo = words[w + 4];
  const f = asm.row;
  f[R_EXCH_HI] = words[w + 3] | 0;
  f[R_EXCH_LO] = words[w + 2];
  f[R_LOCAL_HI] = localHi;
  f[R_LOCAL_LO] = localLo;
  f[R_PRICE] = price;
  f[R_QTY] = qty;
  f[R_ID_HI] = words[w + 11];
  f[R_ID_LO] = words[w + 10];
  if ((ev & HBT.EXCH_EVENT) !== 0) {
    // a valid local_ts: > 0
    if ((ev & HBT.LOCAL_EVENT) !== 0 || localHi > 0 || (localHi === 0 && localLo > 0)) asm.complete(file, row, kind, side);
    else asm.exchOnly(file, row, kind, side);
  } else if ((ev & HBT.LOCAL_EVENT) !== 0) asm.localOnly(kind, side);
  else asm.skip();
}

/**
 * The direct lane's loop (lane.ts) over 2.x records, over plain arrays and numbers: takes each
 * record decodeRow would pass on unchanged — a valid kind, side, price and qty, on the grid; valid
 * on both sides and in exch_ts order, or a local-only duplicate (dropped), or flagged for neither
 * side (skipped). Stops at a record it does not take, or once the batch is full.
 */
function laneRows(
  words: Uint32Array,
  floats: Float64Array,
  from: number,
  rows: number,
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
  for (let r = from; r < rows; r++) {
    // the batch filled by the row before: a return that needs no type feedback (a `return r + 1`
    // after the row would have none until the first batch fills, and stop the optimised loop there)
    if (n === capacity) return r;
    const w = r * 16;
    const ev = words[w];
    const hbtKind = ev & HBT_KIND_MASK;
    const kind = KIND_TABLE[hbtKind];
    if (kind === 0) return r;
    const buy = (ev & HBT.BUY_EVENT) !== 0;
    const sell = (ev & HBT.SELL_EVENT) !== 0;
    if (buy && sell) return r;
    let price = floats[r * 8 + 3];
    let qty = floats[r * 8 + 4];
    if (kind === EventKind.DEPTH_CLEAR) {
      if (!(price >= 0 && price < Infinity)) price = 0;
      if (!(qty >= 0 && qty < Infinity)) qty = 0;
      lane[L_CLEARS]++;
    }
    if (!(price >= 0 && price < Infinity && qty >= 0 && qty < Infinity)) return r;
    if (hbtKind === HBT.DEPTH_BBO_EVENT) lane[L_BBO]++;
    if ((ev & HBT.EXCH_EVENT) !== 0) {
      const localHi = words[w + 5] | 0;
      const localLo = words[w + 4];
      if ((ev & HBT.LOCAL_EVENT) === 0 && !(localHi > 0 || (localHi === 0 && localLo > 0))) return undo(r, kind, hbtKind, lane); // exchange-only: waits
      const exchHi = words[w + 3] | 0;
      const exchLo = words[w + 2];
      if (exchHi < lastHi || (exchHi === lastHi && exchLo < lastLo)) return undo(r, kind, hbtKind, lane); // out of order: the error
      // GridCheck passes a value on the grid as it is (ColumnsWriter.push): others error or snap
      if (gridKind(kind) && !(price > 0 && onGrid(price * inverseTick) && onGrid(qty * inverseSizeStep))) return undo(r, kind, hbtKind, lane);
      // as EngineWriter.push writes them
      const exchNs = (exchHi - originHi) * TWO_32 + (exchLo - originLo);
      const localNs = (localHi - originHi) * TWO_32 + (localLo - originLo);
      exchTsNs[n] = exchNs;
      localTsNs[n] = localNs;
      // EventBatch.plainLocalTimes, as EngineWriter.push keeps it
      if (localNs < exchNs || localNs < lane[L_PREV_LOCAL]) lane[L_PLAIN] = 0;
      lane[L_PREV_LOCAL] = localNs;
      kinds[n] = kind;
      sides[n] = buy ? 1 : sell ? -1 : 0;
      qtys[n] = qty;
      const ticks = Math.round(price * inverseTick);
      if ((ticks > MAX_TICKS || ticks < -MAX_TICKS) && lane[L_TICK_ROW] < 0) {
        lane[L_TICK_ROW] = n;
        lane[L_TICK_VALUE] = ticks;
      }
      priceTicks[n] = ticks;
      orderIds[n] = words[w + 11] * TWO_32 + words[w + 10];
      lastHi = exchHi;
      lastLo = exchLo;
      lane[L_ROWS] = ++n;
      lane[L_LAST_HI] = exchHi;
      lane[L_LAST_LO] = exchLo;
      lane[L_LAST_ROW] = r;
    } else if ((ev & HBT.LOCAL_EVENT) !== 0) lane[L_DROPPED]++;
    else lane[L_SKIPPED]++;
  }
  return rows;
}

/** Takes back the counts of row `r`, which the lane counted and then left to decodeRow. */
function undo(r: number, kind: number, hbtKind: number, lane: Float64Array): number {
  if (kind === EventKind.DEPTH_CLEAR) lane[L_CLEARS]--;
  if (hbtKind === HBT.DEPTH_BBO_EVENT) lane[L_BBO]--;
  return r;
}
