import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { L2Book, NO_ASK, NO_BID } from "../../src/book/l2book.ts";
import { Side } from "../../src/core/side.ts";

const BID = Side.BID;
const ASK = Side.ASK;

function sample(): L2Book {
  const b = new L2Book(4096);
  b.update(BID, 1000, 5);
  b.update(BID, 998, 3);
  b.update(BID, 995, 1);
  b.update(ASK, 1002, 4);
  b.update(ASK, 1005, 6);
  b.update(ASK, 1010, 2);
  return b;
}

describe("L2Book: best prices, sizes and depth", () => {
  it("an empty book has sentinel bests, NaN mid, zero sizes", () => {
    const b = new L2Book(4096);
    expect(b.bestBidTicks).toBe(NO_BID);
    expect(b.bestAskTicks).toBe(NO_ASK);
    expect(b.hasTwoSides()).toBe(false);
    expect(Number.isNaN(b.midTicks())).toBe(true);
    expect(b.bestBidQty()).toBe(0);
    expect(b.bestAskQty()).toBe(0);
    expect(b.isCrossed()).toBe(false);
    expect(b.depth(BID, 5)).toBe(0);
    expect(b.depth(ASK, 5)).toBe(0);
  });

  it("tracks the best bid and ask through adds", () => {
    const b = sample();
    expect(b.bestBidTicks).toBe(1000);
    expect(b.bestAskTicks).toBe(1002);
    expect(b.bestBidQty()).toBe(5);
    expect(b.bestAskQty()).toBe(4);
    b.update(BID, 1001, 2); // better bid
    expect(b.bestBidTicks).toBe(1001);
    b.update(ASK, 1003, 1); // worse ask: unchanged
    expect(b.bestAskTicks).toBe(1002);
    b.update(BID, 1001, 9); // size change at the best
    expect(b.bestBidTicks).toBe(1001);
    expect(b.bestBidQty()).toBe(9);
  });

  it("deleting the best scans to the next level; deleting the last level empties the side", () => {
    const b = sample();
    b.update(BID, 1000, 0);
    expect(b.bestBidTicks).toBe(998);
    expect(b.bestBidQty()).toBe(3);
    b.update(ASK, 1002, 0);
    expect(b.bestAskTicks).toBe(1005);
    b.update(ASK, 1005, 0);
    expect(b.bestAskTicks).toBe(1010);
    b.update(ASK, 1010, 0);
    expect(b.bestAskTicks).toBe(NO_ASK);
    expect(b.hasTwoSides()).toBe(false);
    // deleting a non-best level leaves the best alone
    b.update(BID, 995, 0);
    expect(b.bestBidTicks).toBe(998);
    b.update(BID, 998, 0);
    expect(b.bestBidTicks).toBe(NO_BID);
  });

  it("deleting a level that is not there changes nothing", () => {
    const b = sample();
    b.update(BID, 999, 0);
    b.update(ASK, 1004, 0);
    expect(b.bestBidTicks).toBe(1000);
    expect(b.bestAskTicks).toBe(1002);
    expect(b.depth(BID, 10)).toBe(9);
  });

  it("qtyAt: the size at a price on each side, 0 elsewhere (and outside the window)", () => {
    const b = sample();
    expect(b.qtyAt(BID, 998)).toBe(3);
    expect(b.qtyAt(ASK, 1005)).toBe(6);
    expect(b.qtyAt(BID, 999)).toBe(0);
    expect(b.qtyAt(ASK, 1000)).toBe(0); // a bid price on the ask side
    expect(b.qtyAt(BID, 1_000_000)).toBe(0);
    expect(b.qtyAt(BID, -1_000_000)).toBe(0);
  });

  it("depth(side, n): sum over the best n non-empty levels", () => {
    const b = sample();
    expect(b.depth(BID, 1)).toBe(5);
    expect(b.depth(BID, 2)).toBe(8); // 5 + 3
    expect(b.depth(BID, 3)).toBe(9); // 5 + 3 + 1
    expect(b.depth(BID, 10)).toBe(9);
    expect(b.depth(ASK, 2)).toBe(10); // 4 + 6
    expect(b.depth(ASK, 3)).toBe(12);
    expect(b.depth(ASK, 0)).toBe(0);
  });

  it("mid is x.5 when the spread is odd", () => {
    const b = sample();
    expect(b.midTicks()).toBe(1001); // (1000 + 1002)/2
    b.update(ASK, 1001, 1);
    expect(b.midTicks()).toBe(1000.5); // (1000 + 1001)/2
  });

  it("isCrossed when the best bid is at or above the best ask", () => {
    const b = sample();
    expect(b.isCrossed()).toBe(false);
    b.update(BID, 1002, 1); // locked
    expect(b.isCrossed()).toBe(true);
    b.update(BID, 1002, 0);
    expect(b.isCrossed()).toBe(false);
    b.update(BID, 1003, 1); // crossed
    expect(b.isCrossed()).toBe(true);
  });

  it("clear(side) empties one side; clear() both", () => {
    const b = sample();
    b.clear(BID);
    expect(b.bestBidTicks).toBe(NO_BID);
    expect(b.qtyAt(BID, 1000)).toBe(0);
    expect(b.depth(BID, 5)).toBe(0);
    expect(b.bestAskTicks).toBe(1002);
    expect(b.depth(ASK, 5)).toBe(12);
    expect(Number.isNaN(b.midTicks())).toBe(true);
    // the side fills again normally
    b.update(BID, 990, 2);
    expect(b.bestBidTicks).toBe(990);
    b.clear(ASK);
    expect(b.bestAskTicks).toBe(NO_ASK);
    expect(b.bestBidTicks).toBe(990);
    b.update(ASK, 1002, 3);
    b.clear();
    expect(b.bestBidTicks).toBe(NO_BID);
    expect(b.bestAskTicks).toBe(NO_ASK);
    expect(b.qtyAt(ASK, 1002)).toBe(0);
  });
});

describe("L2Book: re-centring the window", () => {
  it("a level outside the window that does not become the best of its side is dropped and counted", () => {
    // capacity 16: the first price 100 centres the window → base 92, window [92, 108)
    const b = new L2Book(16);
    b.update(BID, 100, 1);
    b.update(ASK, 101, 3);
    b.update(ASK, 108, 5); // outside, behind the best ask 101: too deep to matter
    b.update(BID, 91, 2); // outside, behind the best bid 100
    expect(b.droppedLevels).toBe(2);
    expect(b.qtyAt(ASK, 108)).toBe(0);
    expect(b.bestBidTicks).toBe(100);
    expect(b.bestAskTicks).toBe(101);
    expect(b.depth(ASK, 5)).toBe(3);
  });

  it("a stray level far from the opposite best does not move the window, even on an empty side", () => {
    const b = new L2Book(16); // half a window: 8 ticks
    b.update(ASK, 100, 3); // window [92, 108)
    b.update(BID, 80, 1); // outside, 20 ticks from the best ask: a stray level, dropped
    expect(b.bestBidTicks).toBe(NO_BID);
    expect(b.bestAskTicks).toBe(100);
    expect(b.droppedLevels).toBe(1);
    b.update(BID, 91, 1); // outside, but 9 ticks away... still ≥ 8: dropped
    expect(b.droppedLevels).toBe(2);
    b.update(BID, 93, 1); // inside the window
    expect(b.bestBidTicks).toBe(93);
  });

  it("a price above the window that becomes the best re-centres upwards: levels that fit are kept, the rest dropped, bests recomputed", () => {
    const b = new L2Book(16);
    b.update(BID, 100, 1); // window [92, 108)
    b.update(BID, 97, 2);
    b.update(ASK, 101, 3);
    b.update(ASK, 104, 4);
    // bid 108 is outside and above the best bid → new base 108 − 8 = 100, window [100, 116):
    // bid 97 dropped, the rest kept
    b.update(BID, 108, 5);
    expect(b.bestBidTicks).toBe(108);
    expect(b.qtyAt(BID, 97)).toBe(0);
    expect(b.qtyAt(BID, 100)).toBe(1);
    expect(b.bestAskTicks).toBe(101);
    expect(b.qtyAt(ASK, 104)).toBe(4);
    expect(b.depth(BID, 5)).toBe(6);
    expect(b.depth(ASK, 5)).toBe(7);
    // deleting both bids now finds no other bid (97 was dropped)
    b.update(BID, 108, 0);
    b.update(BID, 100, 0);
    expect(b.bestBidTicks).toBe(NO_BID);
  });

  it("a price below the window that becomes the best re-centres downwards", () => {
    const b = new L2Book(16);
    b.update(ASK, 95, 1); // window [87, 103)
    b.update(BID, 88, 1);
    b.update(ASK, 96, 2);
    // ask 86 is outside, below the best ask, 2 ticks from the best bid 88 → base 86 − 8 = 78,
    // window [78, 94): bid 88 kept, asks 95 and 96 dropped
    b.update(ASK, 86, 3);
    expect(b.bestAskTicks).toBe(86);
    expect(b.bestAskQty()).toBe(3);
    expect(b.bestBidTicks).toBe(88);
    expect(b.qtyAt(ASK, 95)).toBe(0);
    expect(b.depth(ASK, 10)).toBe(3);
  });

  it("a best that is dropped by a re-centre is replaced by the next level that still fits", () => {
    const b = new L2Book(16);
    b.update(ASK, 100, 1); // window [92, 108)
    b.update(ASK, 101, 2);
    b.update(ASK, 106, 3);
    b.update(BID, 99, 4);
    // the market drifts up inside the window: asks 100 and 101 go, a bid joins at 105
    b.update(ASK, 100, 0);
    b.update(ASK, 101, 0);
    b.update(BID, 105, 5);
    // bid 109: outside, above the best bid, 3 ticks from the best ask 106 → base 101, window
    // [101, 117): bid 99 dropped, the rest kept
    b.update(BID, 109, 6);
    expect(b.bestBidTicks).toBe(109);
    expect(b.bestAskTicks).toBe(106);
    expect(b.qtyAt(BID, 99)).toBe(0);
    expect(b.depth(BID, 10)).toBe(11); // 6 + 5
    b.update(BID, 109, 0);
    expect(b.bestBidTicks).toBe(105);
  });

  it("a jump far from the market is dropped; with the opposite side empty it moves the window", () => {
    const b = sample();
    b.update(BID, 1_000_000, 1); // far above the window and far from the best ask 1002: dropped
    expect(b.bestBidTicks).toBe(1000);
    expect(b.bestAskTicks).toBe(1002);
    expect(b.droppedLevels).toBe(1);
    b.clear(ASK);
    b.update(BID, 1_000_000, 1); // nothing on the other side to be far from: the market moved
    expect(b.bestBidTicks).toBe(1_000_000);
    expect(b.depth(BID, 10)).toBe(1);
    expect(b.qtyAt(BID, 1000)).toBe(0);
  });

  it("deleting a level outside the window (a level the book does not hold) leaves the book unchanged", () => {
    // Zero-size updates only remove a level; a level outside the window is not held, so there is
    // nothing to remove and nothing else should change.
    const b = sample(); // capacity 4096, window centred on 1000
    b.update(BID, 1000 - 10_000, 0);
    expect(b.bestBidTicks).toBe(1000);
    expect(b.bestAskTicks).toBe(1002);
    expect(b.depth(BID, 10)).toBe(9);
    b.update(ASK, 1000 + 10_000, 0);
    expect(b.bestBidTicks).toBe(1000);
    expect(b.bestAskTicks).toBe(1002);
    expect(b.depth(ASK, 10)).toBe(12);
  });
});

type Op =
  | { kind: "set"; side: 1 | -1; offset: number; qty: number }
  | { kind: "deleteExisting"; side: 1 | -1; pick: number };

describe("L2Book: property vs a brute-force model", () => {
  it("after random updates, best bid/ask, sizes and depth equal a Map-of-levels computation (with re-centring)", () => {
    const CAP = 4096;
    const BASE = 5_000_000;
    const side = fc.constantFrom<1 | -1>(1, -1);
    const op: fc.Arbitrary<Op> = fc.oneof(
      { weight: 6, arbitrary: fc.record({ kind: fc.constant("set" as const), side, offset: fc.integer({ min: -2000, max: 2000 }), qty: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 1000 }).map((x) => x / 10)) }) },
      { weight: 3, arbitrary: fc.record({ kind: fc.constant("deleteExisting" as const), side, pick: fc.nat() }) },
    );
    let runsThatMovedTheWindow = 0;
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 300, size: "max" }), (ops) => {
        const book = new L2Book(CAP);
        const model = { [BID]: new Map<number, number>(), [ASK]: new Map<number, number>() } as Record<number, Map<number, number>>;
        let base: number | undefined;
        let recentres = 0;
        const inWindow = (p: number) => base !== undefined && p >= base && p < base + CAP;
        for (const o of ops) {
          let s: number, p: number, qty: number;
          if (o.kind === "set") {
            s = o.side;
            p = BASE + o.offset;
            qty = o.qty;
            // zero-size updates outside the window are covered by their own test above
            if (qty === 0 && !inWindow(p)) continue;
          } else {
            s = o.side;
            const levels = [...model[s].keys()];
            if (levels.length === 0) continue;
            p = levels[o.pick % levels.length];
            qty = 0;
          }
          if (!inWindow(p)) {
            // outside the window: kept only if it becomes the best of its side (then the window
            // moves so that p sits in its middle and levels outside it are dropped), else dropped
            let best = s === BID ? NO_BID : NO_ASK;
            for (const k of model[s].keys()) if (s === BID ? k > best : k < best) best = k;
            let opposite = s === BID ? NO_ASK : NO_BID;
            for (const k of model[-s].keys()) if (s === BID ? k < opposite : k > opposite) opposite = k;
            const nearMarket = opposite === NO_ASK || opposite === NO_BID || Math.abs(p - opposite) < CAP >> 1;
            const becomesBest = base === undefined || ((s === BID ? p > best : p < best) && nearMarket);
            if (!becomesBest) {
              book.update(s, p, qty); // the book must drop it too
              continue;
            }
            base = p - (CAP >> 1);
            recentres++;
            for (const m of [model[BID], model[ASK]]) for (const k of [...m.keys()]) if (!inWindow(k)) m.delete(k);
          }
          if (qty > 0) model[s].set(p, qty);
          else model[s].delete(p);
          book.update(s, p, qty);

          // brute force: scan the model's levels
          let bb = NO_BID;
          let ba = NO_ASK;
          for (const k of model[BID].keys()) if (k > bb) bb = k;
          for (const k of model[ASK].keys()) if (k < ba) ba = k;
          if (book.bestBidTicks !== bb || book.bestAskTicks !== ba) {
            expect([book.bestBidTicks, book.bestAskTicks]).toEqual([bb, ba]);
          }
          if (book.bestBidQty() !== (model[BID].get(bb) ?? 0) || book.bestAskQty() !== (model[ASK].get(ba) ?? 0)) {
            expect([book.bestBidQty(), book.bestAskQty()]).toEqual([model[BID].get(bb) ?? 0, model[ASK].get(ba) ?? 0]);
          }
        }
        // final state: every level and the depth agree
        for (const s of [BID, ASK]) {
          const mismatches: number[] = [];
          for (let off = -2000; off <= 2000; off++) if (book.qtyAt(s, BASE + off) !== (model[s].get(BASE + off) ?? 0)) mismatches.push(off);
          expect(mismatches).toEqual([]);
          const sorted = [...model[s].entries()].sort((a, b) => (s === BID ? b[0] - a[0] : a[0] - b[0]));
          const top3 = sorted.slice(0, 3).reduce((acc, [, q]) => acc + q, 0);
          expect(book.depth(s, 3)).toBeCloseTo(top3, 9);
        }
        if (recentres >= 2) runsThatMovedTheWindow++; // the first one only places the window
      }),
      { seed: 42, numRuns: 200 },
    );
    // the generator really exercises re-centring (not just the first placement of the window)
    expect(runsThatMovedTheWindow).toBeGreaterThan(100);
  });

  it("the property's generator can move the 4096-tick window: a new best near the opposite side", () => {
    const BASE = 5_000_000;
    const b = new L2Book(4096);
    b.update(BID, BASE - 2000, 1); // window [BASE − 4048, BASE + 48)
    b.update(ASK, BASE + 40, 1);
    b.update(BID, BASE + 30, 1);
    b.update(ASK, BASE + 40, 0); // asks empty
    b.update(ASK, BASE + 100, 1); // outside, and the ask side is empty: the window moves there
    expect(b.bestAskTicks).toBe(BASE + 100);
    expect(b.bestBidTicks).toBe(BASE + 30);
    expect(b.qtyAt(BID, BASE - 2000)).toBe(0); // outside the new window [BASE − 1948, BASE + 2148)
  });
});

describe("L2Book: best prices read only now and then", () => {
  it("runs of updates with no reads in between leave the same bests, sizes and depth as a brute-force model", () => {
    // The bests are settled when read: a book read rarely must agree with one read after every update.
    const BASE = 1_000_000;
    fc.assert(
      fc.property(
        fc.array(fc.record({ side: fc.constantFrom<1 | -1>(1, -1), offset: fc.integer({ min: -40, max: 40 }), qty: fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 1, max: 9 })), read: fc.integer({ min: 0, max: 9 }) }), { minLength: 1, maxLength: 400 }),
        (ops) => {
          const book = new L2Book(4096);
          const model = { [BID]: new Map<number, number>(), [ASK]: new Map<number, number>() } as Record<number, Map<number, number>>;
          book.update(BID, BASE, 1); // places the window: every later price fits
          model[BID].set(BASE, 1);
          for (const o of ops) {
            const p = BASE + o.offset;
            book.update(o.side, p, o.qty);
            if (o.qty > 0) model[o.side].set(p, o.qty);
            else model[o.side].delete(p);
            if (o.read !== 0) continue;
            let bb = NO_BID;
            let ba = NO_ASK;
            for (const k of model[BID].keys()) if (k > bb) bb = k;
            for (const k of model[ASK].keys()) if (k < ba) ba = k;
            expect([book.bestBidTicks, book.bestAskTicks, book.bestBidQty(), book.bestAskQty()]).toEqual([bb, ba, model[BID].get(bb) ?? 0, model[ASK].get(ba) ?? 0]);
            expect(book.depth(BID, 3)).toBe([...model[BID].entries()].sort((a, b) => b[0] - a[0]).slice(0, 3).reduce((s, [, q]) => s + q, 0));
            expect(book.depth(ASK, 3)).toBe([...model[ASK].entries()].sort((a, b) => a[0] - b[0]).slice(0, 3).reduce((s, [, q]) => s + q, 0));
          }
        },
      ),
      { seed: 7, numRuns: 300 },
    );
  });

  it("a side emptied and refilled between reads reports its new best", () => {
    const b = sample();
    b.update(BID, 1000, 0);
    b.update(BID, 998, 0);
    b.update(BID, 995, 0);
    b.update(BID, 990, 4);
    expect(b.bestBidTicks).toBe(990);
    b.update(BID, 990, 0);
    expect(b.bestBidTicks).toBe(NO_BID);
    expect(b.bestBidQty()).toBe(0);
    b.update(BID, 980, 1);
    expect(b.bestBidTicks).toBe(980);
  });
});
