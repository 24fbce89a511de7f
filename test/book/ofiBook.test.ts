import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { L2Book } from "../../src/book/l2book.ts";
import { OfiAccumulator } from "../../src/book/ofi.ts";
import { OfiBook } from "../../src/book/ofiBook.ts";
import { Side } from "../../src/core/side.ts";
import { EventKind } from "../../src/data/schema.ts";

/*
 * OfiBook reads only the changed side of the top of the book. Its OFI sums must be bit for bit
 * those of the plain rule: observe the whole top (OfiAccumulator) after every event at or through
 * the best of its side, and after every clear; also across re-centres of a small window, emptied
 * sides, sizes with many bits (sums that do not cancel exactly) and -0.
 */
class Reference {
  readonly book: L2Book;
  readonly ofi = new OfiAccumulator();
  constructor(capacity: number) {
    this.book = new L2Book(capacity);
  }
  apply(kind: number, side: number, price: number, qty: number): void {
    const book = this.book;
    if (kind === EventKind.DEPTH || kind === EventKind.SNAPSHOT) {
      if (side === Side.BID) {
        const before = book.bestBidTicks;
        book.update(side, price, qty);
        if (price >= before || price >= book.bestBidTicks) this.ofi.observe(book);
      } else {
        const before = book.bestAskTicks;
        book.update(side, price, qty);
        if (price <= before || price <= book.bestAskTicks) this.ofi.observe(book);
      }
    } else if (kind === EventKind.DEPTH_CLEAR) {
      book.clear(side);
      this.ofi.observe(book);
    }
  }
}

type Row = { kind: number; side: number; price: number; qty: number; take: boolean };

const row: fc.Arbitrary<Row> = fc.record({
  kind: fc.constantFrom(EventKind.DEPTH, EventKind.DEPTH, EventKind.DEPTH, EventKind.DEPTH, EventKind.SNAPSHOT, EventKind.TRADE, EventKind.DEPTH_CLEAR),
  side: fc.constantFrom(1, 1, -1, -1, 0),
  price: fc.integer({ min: 980, max: 1020 }),
  qty: fc.oneof(fc.constant(0), fc.constant(0), fc.constant(-0), fc.double({ min: 1e-6, max: 1e6, noNaN: true }), fc.integer({ min: 1, max: 9 })),
  take: fc.boolean(),
});

describe("OfiBook", () => {
  for (const capacity of [16, 4096]) {
    it(`apply gives the plain rule's OFI sums and book, bit for bit (window ${capacity} ticks)`, () => {
      fc.assert(
        fc.property(fc.array(row, { minLength: 1, maxLength: 300 }), (rows) => {
          const ref = new Reference(capacity);
          const book = new OfiBook(capacity);
          for (const r of rows) {
            ref.apply(r.kind, r.side, r.price, r.qty);
            book.apply(r.kind, r.side, r.price, r.qty);
            if (r.take) expect(Object.is(ref.ofi.take(), book.takeOfi())).toBe(true);
          }
          expect([book.bestBidTicks, book.bestAskTicks, book.bestBidQty(), book.bestAskQty(), book.droppedLevels]).toEqual([ref.book.bestBidTicks, ref.book.bestAskTicks, ref.book.bestBidQty(), ref.book.bestAskQty(), ref.book.droppedLevels]);
        }),
        { seed: 3, numRuns: 400 },
      );
    });
  }

  it("a size change at the best bid adds new − old, the ask terms cancelling (−qa + qa)", () => {
    const m = new OfiBook();
    m.apply(EventKind.DEPTH, Side.BID, 100, 5);
    m.apply(EventKind.DEPTH, Side.ASK, 102, 7);
    m.takeOfi();
    m.apply(EventKind.DEPTH, Side.BID, 100, 8);
    m.apply(EventKind.DEPTH, Side.BID, 99, 4); // behind the best: not observed
    expect(m.takeOfi()).toBe(3);
    m.apply(EventKind.DEPTH, Side.ASK, 102, 0); // the best ask goes: the ask moves up to nothing, + old 7
    expect(m.takeOfi()).toBe(7);
  });
});
