import { EventKind } from "../../data/schema.ts";
import type { BatchWriter } from "./batchWriter.ts";
import type { Levels } from "../../book/levelBook.ts";

/** One side's levels as a transition reads them: price (ticks) → size; a Levels map, or a view of one (shiftedLevels). */
export interface LevelsView {
  get(price: number): number | undefined;
  has(price: number): boolean;
  keys(): Iterable<number>;
}

/**
 * Emits the depth updates that turn the book `from` into the book `to` (both uncrossed), at one
 * timestamp, in an order that keeps every intermediate book two-sided and uncrossed (so the
 * exchange's mid stays defined and a crossing fill happens only against the new book):
 *
 *   the book moves down (`direction` < 0): bids first, then asks; up: asks first, then bids —
 *   the side that moves away from the other goes first; within a side, the new levels are set
 *   first (best first), then the levels that are gone are deleted.
 */
export function emitTransition(out: BatchWriter, exchNs: number, localNs: number, from: { bids: LevelsView; asks: LevelsView }, to: { bids: LevelsView; asks: LevelsView }, direction: number): void {
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

/**
 * The levels of `levels` moved by `shift` ticks, as a view (nothing copied); levels that would land
 * at or below 0 are left out. Its keys come in the order of `prices` (the side's prices: sorted
 * best first, they need no sorting again), by default the map's own.
 */
export function shiftedLevels(levels: ReadonlyMap<number, number>, shift: number, prices?: readonly number[]): LevelsView {
  return new ShiftedLevels(levels, shift, prices);
}

/** The view shiftedLevels gives. */
class ShiftedLevels implements LevelsView {
  constructor(
    private readonly levels: ReadonlyMap<number, number>,
    private readonly shift: number,
    private readonly prices: readonly number[] | undefined,
  ) {}

  get(price: number): number | undefined {
    return price > 0 ? this.levels.get(price - this.shift) : undefined;
  }

  has(price: number): boolean {
    return price > 0 && this.levels.has(price - this.shift);
  }

  keys(): number[] {
    const out: number[] = [];
    for (const p of this.prices ?? this.levels.keys()) if (p + this.shift > 0) out.push(p + this.shift);
    return out;
  }
}

/** The levels of `levels` moved by `shift` ticks, as a map of their own; levels that would land at or below 0 are left out. */
export function shiftLevels(levels: Levels, shift: number): Levels {
  const view = shiftedLevels(levels, shift);
  return new Map([...view.keys()].map((price) => [price, view.get(price)!]));
}
