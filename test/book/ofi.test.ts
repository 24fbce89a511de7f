import { describe, expect, it } from "vitest";
import { L2Book, NO_ASK, NO_BID } from "../../src/book/l2book.ts";
import { OfiAccumulator, ofiContribution } from "../../src/book/ofi.ts";
import { Side } from "../../src/core/side.ts";

// e = 1{Pb ≥ Pb'}·qb − 1{Pb ≤ Pb'}·qb' − 1{Pa ≤ Pa'}·qa + 1{Pa ≥ Pa'}·qa'   (primes = before)
// Before every case: best bid 100 × 5, best ask 102 × 7.
const e = (bid: number, bidQty: number, ask: number, askQty: number) => ofiContribution(100, 5, 102, 7, bid, bidQty, ask, askQty);

describe("ofiContribution (Cont–Kukanov–Stoikov cases by hand)", () => {
  it("nothing changes → 0 (bid: +5 − 5, ask: −7 + 7)", () => {
    expect(e(100, 5, 102, 7)).toBe(0);
  });

  it("bid price up: + new bid size (the old size does not count)", () => {
    // bid 101 ≥ 100 → +3; 101 ≤ 100 false; ask unchanged → −7 + 7 = 0  ⇒ e = 3
    expect(e(101, 3, 102, 7)).toBe(3);
  });

  it("bid price same, size change: + new − old", () => {
    // +8 − 5 = 3; and a decrease: +2 − 5 = −3
    expect(e(100, 8, 102, 7)).toBe(3);
    expect(e(100, 2, 102, 7)).toBe(-3);
  });

  it("bid price down: − old bid size", () => {
    // 99 ≥ 100 false; 99 ≤ 100 → −5  ⇒ e = −5
    expect(e(99, 4, 102, 7)).toBe(-5);
  });

  it("ask price up: + old ask size", () => {
    // bid 0; 103 ≤ 102 false; 103 ≥ 102 → +7  ⇒ e = 7
    expect(e(100, 5, 103, 2)).toBe(7);
  });

  it("ask price down: − new ask size", () => {
    // 101 ≤ 102 → −2; 101 ≥ 102 false  ⇒ e = −2
    expect(e(100, 5, 101, 2)).toBe(-2);
  });

  it("ask price same, size change: − new + old", () => {
    // −4 + 7 = 3 (ask shrank: buying pressure); −10 + 7 = −3
    expect(e(100, 5, 102, 4)).toBe(3);
    expect(e(100, 5, 102, 10)).toBe(-3);
  });

  it("both sides move: the contributions add", () => {
    // bid up to 101 × 1 → +1; ask up to 104 × 9 → +7  ⇒ 8
    expect(e(101, 1, 104, 9)).toBe(8);
    // bid down to 98 → −5; ask down to 101 × 6 → −6  ⇒ −11
    expect(e(98, 2, 101, 6)).toBe(-11);
  });
});

describe("ofiContribution: the one kernel, term by term", () => {
  // Each row: before (bid, bid size, ask, ask size), after, and e worked out by hand from the four
  // terms +1{Pb ≥ Pb′}·qb, −1{Pb ≤ Pb′}·qb′, −1{Pa ≤ Pa′}·qa, +1{Pa ≥ Pa′}·qa′.
  const cases: [string, [number, number, number, number], [number, number, number, number], number][] = [
    ["bid up", [100, 5, 102, 7], [101, 2, 102, 7], 2 - 7 + 7], // +2, (no −5), −7 + 7
    ["bid same, size up", [100, 5, 102, 7], [100, 9, 102, 7], 9 - 5 - 7 + 7],
    ["bid same, size down", [100, 5, 102, 7], [100, 1, 102, 7], 1 - 5 - 7 + 7],
    ["bid down", [100, 5, 102, 7], [99, 6, 102, 7], -5 - 7 + 7], // (no +6), −5
    ["ask down", [100, 5, 102, 7], [100, 5, 101, 3], 5 - 5 - 3], // −3, (no +7)
    ["ask same, size up", [100, 5, 102, 7], [100, 5, 102, 11], 5 - 5 - 11 + 7],
    ["ask same, size down", [100, 5, 102, 7], [100, 5, 102, 4], 5 - 5 - 4 + 7],
    ["ask up", [100, 5, 102, 7], [100, 5, 103, 8], 5 - 5 + 7], // (no −8), +7
    ["bid emptied (NO_BID, size 0)", [100, 5, 102, 7], [NO_BID, 0, 102, 7], -5 - 7 + 7],
    ["bid from empty", [NO_BID, 0, 102, 7], [100, 5, 102, 7], 5 - 7 + 7],
    ["ask emptied (NO_ASK, size 0)", [100, 5, 102, 7], [100, 5, NO_ASK, 0], 5 - 5 + 7],
    ["ask from empty", [100, 5, NO_ASK, 0], [100, 5, 102, 7], 5 - 5 - 7],
  ];
  for (const [name, before, after, want] of cases) {
    it(`${name}: ${want}`, () => {
      expect(ofiContribution(...before, ...after)).toBe(want);
    });
  }

  it("adds its terms in order from 0: a one-sided call (the other side passed twice) still applies −qa + qa", () => {
    // Bid size 0.1 → 0.3 at the same price, ask 102 × 0.7 unchanged: ((0 + 0.3) − 0.1) − 0.7 + 0.7.
    // In binary 0.3 − 0.1 = 0.19999999999999998; − 0.7 + 0.7 leaves 0.19999999999999996, and every
    // user of the kernel (OfiBook, the exchange's book, the research buckets) gets exactly that.
    expect(0.3 - 0.1).toBe(0.19999999999999998);
    expect(ofiContribution(100, 0.1, 102, 0.7, 100, 0.3, 102, 0.7)).toBe(0.19999999999999996);
    // The ask side the same way: (0 + 0.7 − 0.7) − 0.3 + 0.1 at an unchanged bid 100 × 0.7.
    expect(ofiContribution(100, 0.7, 102, 0.1, 100, 0.7, 102, 0.3)).toBe(0 + 0.7 - 0.7 - 0.3 + 0.1);
  });

  it("an unchanged top gives +0 (not −0)", () => {
    expect(Object.is(ofiContribution(100, 0.3, 102, 0.7, 100, 0.3, 102, 0.7), 0)).toBe(true);
  });
});

describe("OfiAccumulator on an L2Book", () => {
  it("sums the OFI of successive book events; take() returns and resets", () => {
    const book = new L2Book(4096);
    const acc = new OfiAccumulator();
    book.update(Side.BID, 100, 5);
    book.update(Side.ASK, 102, 7);
    book.update(Side.ASK, 103, 4);
    acc.observe(book); // first observation: state only (100×5 / 102×7)
    expect(acc.take()).toBe(0);

    book.update(Side.BID, 100, 8);
    acc.observe(book); // bid same price 5 → 8: +8 − 5 = +3
    book.update(Side.BID, 101, 2);
    acc.observe(book); // bid up to 101 × 2: +2                → total 5
    book.update(Side.ASK, 102, 0);
    acc.observe(book); // best ask 102×7 deleted → 103×4: ask up → +7 → total 12
    expect(acc.take()).toBe(12);
    expect(acc.take()).toBe(0); // reset

    book.update(Side.BID, 101, 0);
    acc.observe(book); // best bid 101×2 deleted → 100×8: bid down → −2
    book.update(Side.ASK, 102, 1);
    acc.observe(book); // ask down to 102 × 1: −1               → total −3
    book.update(Side.ASK, 102, 6);
    acc.observe(book); // ask same price 1 → 6: −6 + 1 = −5     → total −8
    expect(acc.take()).toBe(-8);
  });

  it("an observation with no change adds nothing", () => {
    const book = new L2Book(4096);
    const acc = new OfiAccumulator();
    book.update(Side.BID, 10, 1);
    book.update(Side.ASK, 11, 1);
    acc.observe(book);
    acc.observe(book);
    acc.observe(book);
    expect(acc.take()).toBe(0);
  });

  it("matches ofiContribution summed over the events of a longer sequence", () => {
    const book = new L2Book(4096);
    const acc = new OfiAccumulator();
    const updates: [number, number, number][] = [
      [Side.BID, 1000, 3], [Side.ASK, 1002, 2], [Side.BID, 1001, 1], [Side.ASK, 1002, 5],
      [Side.ASK, 1001, 0], [Side.BID, 1001, 0], [Side.ASK, 1003, 4], [Side.ASK, 1002, 0], [Side.BID, 999, 8],
    ];
    let expected = 0;
    let prev: [number, number, number, number] | undefined;
    for (const [side, px, qty] of updates) {
      book.update(side, px, qty);
      acc.observe(book);
      const now: [number, number, number, number] = [book.bestBidTicks, book.bestBidQty(), book.bestAskTicks, book.bestAskQty()];
      if (prev) expected += ofiContribution(...prev, ...now);
      prev = now;
    }
    expect(acc.take()).toBe(expected);
  });
});
