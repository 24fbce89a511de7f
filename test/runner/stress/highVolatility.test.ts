import { describe, expect, it } from "vitest";
import { rootRng } from "../../../src/core/rng.ts";
import { LevelBook } from "../../../src/book/levelBook.ts";
import { amplifyPath, highVolatility } from "../../../src/runner/stress/scenarios/highVolatility.ts";
import { batchOf, bookAfter, bookRows, collect, crossedAfter, D, dataOf, monotone, T, type Row } from "./support.ts";

const ALPHA = 1 - Math.exp(-1 / 300); // one 1 s update of the 300 s anchor

describe("high-volatility", () => {
  it("shift = (m − 1)·(mid − anchor), the anchor an EWMA of the mid with the 300 s time constant", () => {
    const path = amplifyPath({ multiplier: 2.5, anchorSeconds: 300, updateMs: 1000 });
    const book = new LevelBook();
    expect(path(0, book)).toBeNaN(); // no mid yet: keep the current shift
    book.apply(D, 1, 999, 1);
    book.apply(D, -1, 1001, 1);
    expect(path(0, book)).toBe(0); // the anchor starts at the mid
    book.apply(D, 1, 999, 0);
    book.apply(D, -1, 1001, 0);
    book.apply(D, 1, 1009, 1);
    book.apply(D, -1, 1011, 1); // mid 1000 → 1010
    const anchor = 1000 + ALPHA * 10;
    expect(path(1e9, book)).toBeCloseTo(1.5 * (1010 - anchor), 9);
    // so the mid becomes anchor + m·(mid − anchor)
    expect(1010 + 1.5 * (1010 - anchor)).toBeCloseTo(anchor + 2.5 * (1010 - anchor), 9);
  });

  it("moves every price by the shift of its time, keeps the book's shape, never crosses it, and ends at source + shift", async () => {
    // a book around 1000; a buy trade at the best ask every second; at 5.5 s the whole book steps up 20 ticks
    const rows: Row[] = [...bookRows(0, 1000)];
    for (let k = 1; k <= 20; k++) {
      if (k === 6) {
        for (const [, , side, price] of bookRows(0, 1000)) rows.push([5.5, D, side, price, 0]);
        for (const [, , side, price, qty] of bookRows(0, 1020)) rows.push([5.5, D, side, price, qty]);
      }
      rows.push([k, T, 1, k < 6 ? 1001 : 1021, 0.01]);
    }
    const source = dataOf([batchOf(rows.slice(0, 13)), batchOf(rows.slice(13))]);
    const out = await collect(highVolatility().apply(source, rootRng(1)));
    const src = await collect(source);

    // the expected shift at each 1 s update (t = 0, 1, 2, …), from the definition
    const shifts: number[] = [];
    let anchor = 1000;
    for (let t = 0; t <= 20; t++) {
      const mid = t < 6 ? 1000 : 1020;
      if (t > 0) anchor += ALPHA * (mid - anchor);
      shifts.push(Math.round(1.5 * (mid - anchor)));
    }
    expect(shifts[6]).toBe(30);
    const trades = out.kind.flatMap((k, i) => (k === T ? [[out.exch[i] / 1e9, out.price[i]]] : []));
    expect(trades).toEqual(Array.from({ length: 20 }, (_, j) => [j + 1, (j + 1 < 6 ? 1001 : 1021) + shifts[j + 1]]));

    const final = shifts[20];
    const expected = bookAfter(src);
    const shifted = (levels: [number, number][]) => levels.map(([p, q]) => [p + final, q]);
    expect(bookAfter(out)).toEqual({ bids: shifted(expected.bids), asks: shifted(expected.asks) });
    expect(crossedAfter(out)).toEqual([]);
    expect(monotone(out)).toBe(true);
    // deterministic
    expect(await collect(highVolatility().apply(source, rootRng(2)))).toEqual(out);
  });

  it("describes itself over the source's description and keeps the source's data hash", async () => {
    const source = dataOf([batchOf(bookRows(0, 1000))]);
    const data = highVolatility().apply(source, rootRng(1));
    expect(data.description).toMatchObject({ kind: "stress", scenario: "high-volatility", params: { multiplier: 2.5, anchorSeconds: 300 }, source: { kind: "test" } });
    expect(await data.hash()).toBe(await source.hash());
  });
});
