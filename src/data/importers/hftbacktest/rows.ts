/**
 * How a row travels from a decoder through the assembler to a batch writer (columnsWriter.ts for
 * convert, engineWriter.ts for a backtest): its numbers in a Float64Array (RowFields), not as
 * arguments — a call that is not inlined would box each of them — with int64 values as 32-bit
 * halves (hi, lo): `lo` the unsigned low word, `hi` the rest, hi·2^32 + lo the value (`hi` may lie
 * beyond int32 when a 1.x timestamp overflows int64: a writer stores it modulo 2^32, as a
 * BigInt64Array store wraps). No BigInt per row.
 */
import { GridCheck, gridKind, onGrid, type RowRef } from "../../gridCheck.ts";

/** A row's numeric fields, at the R_* indices: what decoders hand on (see the file comment). */
export type RowFields = Float64Array;
export const R_EXCH_HI = 0;
export const R_EXCH_LO = 1;
export const R_LOCAL_HI = 2;
export const R_LOCAL_LO = 3;
export const R_PRICE = 4;
export const R_QTY = 5;
export const R_ID_HI = 6;
export const R_ID_LO = 7;

/** A fresh RowFields. */
export function rowFields(): RowFields {
  return new Float64Array(8);
}

/** hi·2^32 + lo as a BigInt (for messages and the report, never per row). */
export function wordsToBigInt(hi: number, lo: number): bigint {
  return BigInt(hi) * 4294967296n + BigInt(lo);
}

/** hi·2^32 + lo < otherHi·2^32 + otherLo, for lo words in [0, 2^32). */
export function wordsBefore(hi: number, lo: number, otherHi: number, otherLo: number): boolean {
  return hi < otherHi || (hi === otherHi && lo < otherLo);
}

/** A batch writer: where the assembler puts rows, and whence it takes full batches. */
export interface RowSink<B> {
  /** Appends one event (timestamps epoch ns). Throws a DataError on an off-grid price or size (unless snapping). */
  push(kind: number, side: number, f: RowFields): void;
  /** True when the current batch is full and should be taken. */
  full(): boolean;
  /** Number of rows waiting in the current batch. */
  pending(): number;
  /** Hands over the current batch and starts a new one. */
  take(): B;
  /** Marks the end of a batch of same-timestamp updates (crossing is judged between messages). */
  checkCrossed(): void;
  /** Called as a taken batch is passed on to the consumer: may throw the error converting it would. */
  handOver?(batch: B): void;
}

/**
 * A market row's price as GridCheck leaves it: on the tick grid as it is (tested with the check's
 * own factor, 1/tick, without a call), else GridCheck.price's error or snapped value.
 */
export function gridPrice(kind: number, price: number, grid: GridCheck, inverseTick: number, locate: () => RowRef): number {
  return !gridKind(kind) || (price > 0 && onGrid(price * inverseTick)) ? price : grid.price(price, locate);
}

/** A market row's size as GridCheck leaves it (as gridPrice; `inverseSizeStep` NaN: GridCheck.size decides). */
export function gridSize(kind: number, qty: number, grid: GridCheck, inverseSizeStep: number, locate: () => RowRef): number {
  return !gridKind(kind) || onGrid(qty * inverseSizeStep) ? qty : grid.size(qty, locate);
}
