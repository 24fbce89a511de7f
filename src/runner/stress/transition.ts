import { EventKind } from "../../data/schema.ts";
import type { BatchWriter } from "./batchWriter.ts";
import type { Levels } from "../../book/levelBook.ts";

/**
 * Emits the depth updates that turn the book `from` into the book `to` (both uncrossed), at one
 * timestamp, in an order that keeps every intermediate book two-sided and uncrossed (so the
 * exchange's mid stays defined and a crossing fill happens only against the new book):
 *
 *   the book moves down (`direction` < 0): bids first, then asks; up: asks first, then bids —
 *   the side that moves away from the other goes first; within a side, the new levels are set
 *   first (best first), then the levels that are gone are deleted.
 */
export function emitTransition(out: BatchWriter, exchNs: number, localNs: number, from: { bids: Levels; asks: Levels }, to: { bids: Levels; asks: Levels }, direction: number): void {
  const sides = direction < 0 ? [1, -1] : [-1, 1];
  for (const side of sides) {
    const before = side > 0 ? from.bids : from.asks;
    const after = side > 0 ? to.bids : to.asks;
    const order = side > 0 ? (a: number, b: number) => b - a : (a: number, b: number) => a - b;
    for (const price of [...after.keys()].sort(order)) {
      const qty = after.get(price)!;
      if (before.get(price) !== qty) out.push(exchNs, localNs, EventKind.DEPTH, side, price, qty);
    }
    for (const price of [...before.keys()].sort(order)) {
      if (!after.has(price)) out.push(exchNs, localNs, EventKind.DEPTH, side, price, 0);
    }
  }
}

/** The levels of `levels` moved by `shift` ticks; levels that would land at or below 0 are left out. */
export function shiftLevels(levels: Levels, shift: number): Levels {
  const out: Levels = new Map();
  for (const [price, qty] of levels) if (price + shift > 0) out.set(price + shift, qty);
  return out;
}
