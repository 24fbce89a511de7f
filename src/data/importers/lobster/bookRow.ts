import { Side } from "../../../core/side.ts";

/**
 * Reading a LOBSTER orderbook row (a Float64Array of 4 × levels integers: per level ask_px,
 * ask_sz, bid_px, bid_sz; empty levels have size 0) and its visible range: the prices a row
 * shows on a side. When all levels of a side are filled, prices beyond the last one are out of
 * view; otherwise the row shows the whole side.
 */

/** Column offset of a side within a level's four columns (ask_px, ask_sz, bid_px, bid_sz). */
function offset(side: number): number {
  return side === Side.ASK ? 0 : 2;
}

/** Price of the k-th level (0-based) of a side in a row. */
export function pxAt(row: Float64Array, side: number, k: number): number {
  return row[4 * k + offset(side)];
}

/** Size of the k-th level (0-based) of a side in a row (0: empty level). */
export function sizeAt(row: Float64Array, side: number, k: number): number {
  return row[4 * k + offset(side) + 1];
}

/** Size the row shows at a price (0 when absent). */
export function rowQty(row: Float64Array, side: number, px: number, levels: number): number {
  for (let k = 0; k < levels; k++) if (sizeAt(row, side, k) > 0 && pxAt(row, side, k) === px) return sizeAt(row, side, k);
  return 0;
}

/** Worst price the row shows on a side when all its levels are filled; NaN when the row shows the whole side. */
export function boundary(row: Float64Array, side: number, levels: number): number {
  return sizeAt(row, side, levels - 1) > 0 ? pxAt(row, side, levels - 1) : NaN;
}

/** True when a price lies inside the visible range ending at `bound` (NaN: everything is visible). */
export function visible(px: number, side: number, bound: number): boolean {
  return Number.isNaN(bound) || (side === Side.BID ? px >= bound : px <= bound);
}
