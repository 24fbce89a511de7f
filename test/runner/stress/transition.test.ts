import { describe, expect, it } from "vitest";
import { rootRng, type Rng } from "../../../src/core/rng.ts";
import { BatchWriter } from "../../../src/runner/stress/batchWriter.ts";
import type { Levels } from "../../../src/book/levelBook.ts";
import { emitTransition, shiftLevels } from "../../../src/runner/stress/transition.ts";
import { bookAfter, crossedAfter, type Events } from "./support.ts";

/** A random uncrossed book: bids below `mid`, asks above it. */
function randomBook(rng: Rng, mid: number): { bids: Levels; asks: Levels } {
  const bids: Levels = new Map();
  const asks: Levels = new Map();
  for (let i = 0, p = mid - 1 - rng.int(3); i < 1 + rng.int(8); i++, p -= 1 + rng.int(5)) bids.set(p, 0.1 + rng.int(10) / 10);
  for (let i = 0, p = mid + 1 + rng.int(3); i < 1 + rng.int(8); i++, p += 1 + rng.int(5)) asks.set(p, 0.1 + rng.int(10) / 10);
  return { bids, asks };
}

/** A book as snapshot rows followed by what `emit` writes, as flat events. */
function events(start: { bids: Levels; asks: Levels }, emit: (out: BatchWriter) => void): Events {
  const out = new BatchWriter(4);
  for (const [side, levels] of [[1, start.bids], [-1, start.asks]] as const) for (const [p, q] of levels) out.push(0, 0, 4, side, p, q);
  emit(out);
  const b = out.take();
  return { exch: [...b.exchTsNs.subarray(0, b.length)], local: [...b.localTsNs.subarray(0, b.length)], kind: [...b.kind.subarray(0, b.length)], side: [...b.side.subarray(0, b.length)], price: [...b.priceTicks.subarray(0, b.length)], qty: [...b.qty.subarray(0, b.length)] };
}

describe("emitTransition", () => {
  it("turns one book into another without ever emptying a side or crossing (random books, moves both ways)", () => {
    const rng = rootRng(11);
    for (let trial = 0; trial < 300; trial++) {
      const fromMid = 1000;
      const toMid = 1000 + rng.int(61) - 30;
      const from = randomBook(rng, fromMid);
      const to = randomBook(rng, toMid);
      const e = events(from, (out) => emitTransition(out, 1, 1, from, to, toMid - fromMid));
      const n0 = from.bids.size + from.asks.size;
      expect(crossedAfter(e)).toEqual([]);
      for (let i = n0; i <= e.kind.length; i++) {
        const book = bookAfter(e, i);
        expect(book.bids.length > 0 && book.asks.length > 0).toBe(true);
      }
      const sorted = (m: Levels, desc: boolean) => [...m].sort((a, b) => (desc ? b[0] - a[0] : a[0] - b[0]));
      expect(bookAfter(e)).toEqual({ bids: sorted(to.bids, true), asks: sorted(to.asks, false) });
    }
  });

  it("shiftLevels moves every level and leaves out those at or below 0", () => {
    expect([...shiftLevels(new Map([[5, 1], [2, 2], [1, 3]]), -2)]).toEqual([[3, 1]]);
  });
});
