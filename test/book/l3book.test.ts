import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { NO_ASK, NO_BID } from "../../src/book/l2book.ts";
import { L3Book, L3BookError } from "../../src/book/l3book.ts";
import { Side } from "../../src/core/side.ts";

const BID = Side.BID;
const ASK = Side.ASK;

/** Bids 1 (10) 2 (20) 3 (30) at 100; 4 (5) at 99; asks 5 (7) at 101, 6 (8) at 103. */
function sample(): L3Book {
  const b = new L3Book({ initialOrders: 2, initialLevels: 2 }); // tiny pools: exercises growth
  b.add(1, BID, 100, 10);
  b.add(2, BID, 100, 20);
  b.add(3, BID, 100, 30);
  b.add(4, BID, 99, 5);
  b.add(5, ASK, 101, 7);
  b.add(6, ASK, 103, 8);
  return b;
}

describe("L3Book: levels, FIFO queues and best prices", () => {
  it("an empty book has sentinel bests and no levels", () => {
    const b = new L3Book();
    expect(b.bestBid()).toBe(NO_BID);
    expect(b.bestAsk()).toBe(NO_ASK);
    expect(b.depthLevels(BID, 5)).toEqual([]);
    expect(b.levelQty(ASK, 100)).toBe(0);
    expect(b.orderCount).toBe(0);
  });

  it("keeps orders of a level in arrival order and aggregates their size", () => {
    const b = sample();
    expect(b.ordersAt(BID, 100)).toEqual([1, 2, 3]);
    expect(b.levelQty(BID, 100)).toBe(60);
    expect(b.levelOrderCount(BID, 100)).toBe(3);
    expect(b.levelQty(BID, 99)).toBe(5);
    expect(b.levelQty(ASK, 100)).toBe(0); // other side, same price
    expect(b.orderCount).toBe(6);
    expect([b.orderSide(5), b.orderPrice(5), b.orderQty(5)]).toEqual([ASK, 101, 7]);
  });

  it("tracks best bid and ask through adds and removals", () => {
    const b = sample();
    expect(b.bestBid()).toBe(100);
    expect(b.bestAsk()).toBe(101);
    b.add(7, ASK, 102, 1);
    b.remove(5);
    expect(b.bestAsk()).toBe(102);
    b.add(8, BID, 100.5 * 2, 1); // any integer unit: 201 is now the best bid
    expect(b.bestBid()).toBe(201);
    b.remove(8);
    for (const id of [1, 2, 3]) b.remove(id);
    expect(b.bestBid()).toBe(99);
    b.remove(4);
    expect(b.bestBid()).toBe(NO_BID);
  });

  it("depthLevels lists the best n levels, best first", () => {
    const b = sample();
    expect(b.depthLevels(BID, 5)).toEqual([
      { priceTicks: 100, qty: 60 },
      { priceTicks: 99, qty: 5 },
    ]);
    expect(b.depthLevels(ASK, 1)).toEqual([{ priceTicks: 101, qty: 7 }]);
    expect([b.priceAt(ASK, 1), b.priceAt(ASK, 2), b.levelCount(ASK)]).toEqual([103, NO_ASK, 2]);
  });
});

describe("L3Book: cancels, executions, modify and queue position", () => {
  it("qtyAhead is the size of the orders before it at its level", () => {
    const b = sample();
    expect([b.qtyAhead(1), b.qtyAhead(2), b.qtyAhead(3), b.qtyAhead(4)]).toEqual([0, 10, 30, 0]);
  });

  it("cancels and executions ahead shrink qtyAhead; behind they do not", () => {
    const b = sample();
    expect(b.cancel(1, 4)).toBe(4); // partial cancel ahead of 2 and 3
    expect([b.qtyAhead(2), b.qtyAhead(3)]).toEqual([6, 26]);
    expect(b.execute(1, 6)).toBe(6); // fills the rest of 1: it leaves the queue
    expect(b.has(1)).toBe(false);
    expect(b.ordersAt(BID, 100)).toEqual([2, 3]);
    expect([b.qtyAhead(2), b.qtyAhead(3)]).toEqual([0, 20]);
    b.cancel(3, 10); // behind 2: 2 does not move
    expect(b.qtyAhead(2)).toBe(0);
    expect(b.levelQty(BID, 100)).toBe(40);
    b.execute(2, 5);
    expect([b.orderQty(2), b.qtyAhead(3), b.levelQty(BID, 100)]).toEqual([15, 15, 35]);
    expect(b.remove(2)).toBe(15);
    expect([b.qtyAhead(3), b.levelQty(BID, 100)]).toEqual([0, 20]);
  });

  it("modify: a decrease keeps the place, an increase goes to the back, 0 removes", () => {
    const b = sample();
    b.modify(1, 4);
    expect(b.ordersAt(BID, 100)).toEqual([1, 2, 3]);
    expect([b.qtyAhead(2), b.levelQty(BID, 100)]).toEqual([4, 54]);
    b.modify(1, 12);
    expect(b.ordersAt(BID, 100)).toEqual([2, 3, 1]);
    expect([b.qtyAhead(1), b.qtyAhead(2), b.levelQty(BID, 100)]).toEqual([50, 0, 62]);
    b.modify(1, 13); // already last: stays last
    expect(b.ordersAt(BID, 100)).toEqual([2, 3, 1]);
    b.modify(2, 0);
    expect(b.ordersAt(BID, 100)).toEqual([3, 1]);
    expect(b.levelQty(BID, 100)).toBe(43);
  });

  it("the last order of a level removes the level", () => {
    const b = sample();
    b.execute(5, 7);
    expect(b.levelCount(ASK)).toBe(1);
    expect(b.bestAsk()).toBe(103);
    b.add(9, ASK, 101, 1); // the level comes back empty of history
    expect(b.ordersAt(ASK, 101)).toEqual([9]);
  });

  it("reuses freed slots (ids are independent of slots)", () => {
    const b = sample();
    for (let round = 0; round < 50; round++) {
      b.add(1000 + round, ASK, 110 + (round % 3), 1);
      b.remove(1000 + round);
    }
    expect(b.orderCount).toBe(6);
    expect(b.levelCount(ASK)).toBe(2);
  });
});

describe("L3Book: unknown ids and bad arguments", () => {
  it("unknown ids are errors by default", () => {
    const b = sample();
    for (const op of [() => b.cancel(42, 1), () => b.execute(42, 1), () => b.remove(42), () => b.modify(42, 1), () => b.qtyAhead(42)]) {
      expect(op).toThrow(L3BookError);
    }
    expect(() => b.cancel(42, 1)).toThrow("cancel(42): unknown order id");
  });

  it("duplicate ids, bad sides and sizes, oversized cancels are errors", () => {
    const b = sample();
    expect(() => b.add(1, BID, 100, 1)).toThrow("already live");
    expect(() => b.add(50, 0, 100, 1)).toThrow("side");
    expect(() => b.add(50, BID, 100, 0)).toThrow("positive");
    expect(() => b.cancel(1, 11)).toThrow("exceeds");
    expect(() => b.execute(1, -1)).toThrow("non-negative");
    expect(b.levelQty(BID, 100)).toBe(60);
  });

  it("lenient mode ignores unknown ids (counted) and clamps oversized cancels", () => {
    const b = new L3Book({ lenient: true });
    b.add(1, ASK, 10, 5);
    expect(b.cancel(99, 3)).toBe(0);
    expect(b.execute(99, 3)).toBe(0);
    expect(b.remove(99)).toBe(0);
    expect(Number.isNaN(b.qtyAhead(99))).toBe(true);
    expect(b.unknownRefs).toBe(4);
    expect(b.execute(1, 8)).toBe(5);
    expect(b.has(1)).toBe(false);
  });
});

type Op =
  | { op: "add"; side: 1 | -1; price: number; qty: number }
  | { op: "cancel" | "execute" | "modify"; pick: number; qty: number }
  | { op: "remove"; pick: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant("add" as const), side: fc.constantFrom(1 as const, -1 as const), price: fc.integer({ min: 90, max: 110 }), qty: fc.integer({ min: 1, max: 50 }) }),
  fc.record({ op: fc.constantFrom("cancel" as const, "execute" as const, "modify" as const), pick: fc.nat(), qty: fc.integer({ min: 0, max: 60 }) }),
  fc.record({ op: fc.constant("remove" as const), pick: fc.nat() }),
);

interface Live {
  id: number;
  side: number;
  price: number;
  qty: number;
  seq: number;
}

describe("L3Book: property", () => {
  it("aggregated levels, best prices and qtyAhead equal a brute force over the live orders", () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 120 }), (ops) => {
        const b = new L3Book({ initialOrders: 4, initialLevels: 4 });
        const live: Live[] = [];
        let nextId = 1;
        let seq = 0;
        for (const o of ops) {
          if (o.op === "add") {
            b.add(nextId, o.side, o.price, o.qty);
            live.push({ id: nextId++, side: o.side, price: o.price, qty: o.qty, seq: seq++ });
            continue;
          }
          if (live.length === 0) continue;
          const i = o.pick % live.length;
          const order = live[i];
          if (o.op === "remove") {
            b.remove(order.id);
            live.splice(i, 1);
          } else if (o.op === "modify") {
            b.modify(order.id, o.qty);
            if (o.qty === 0) live.splice(i, 1);
            else {
              if (o.qty > order.qty) order.seq = seq++;
              order.qty = o.qty;
            }
          } else {
            const qty = Math.min(o.qty, order.qty);
            if (o.op === "cancel") b.cancel(order.id, qty);
            else b.execute(order.id, qty);
            order.qty -= qty;
            if (order.qty === 0) live.splice(i, 1);
          }
        }
        for (const side of [BID, ASK]) {
          const sums = new Map<number, number>();
          for (const o of live) if (o.side === side) sums.set(o.price, (sums.get(o.price) ?? 0) + o.qty);
          const expected = [...sums.entries()].sort((x, y) => (y[0] - x[0]) * side).map(([priceTicks, qty]) => ({ priceTicks, qty }));
          expect(b.depthLevels(side, 100)).toEqual(expected);
          expect(side === BID ? b.bestBid() : b.bestAsk()).toBe(expected.length > 0 ? expected[0].priceTicks : side === BID ? NO_BID : NO_ASK);
        }
        for (const o of live) {
          const ahead = live.filter((x) => x.side === o.side && x.price === o.price && x.seq < o.seq).reduce((s, x) => s + x.qty, 0);
          expect(b.qtyAhead(o.id)).toBe(ahead);
        }
        expect(b.orderCount).toBe(live.length);
      }),
      { seed: 42, numRuns: 200 },
    );
  });
});
