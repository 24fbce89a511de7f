import { describe, expect, it } from "vitest";
import { rootRng } from "../../../src/core/rng.ts";
import { lowLiquidity } from "../../../src/runner/stress/scenarios/lowLiquidity.ts";
import { batchOf, collect, D, dataOf, SNAP, T } from "./support.ts";

describe("low-liquidity", () => {
  it("scales depth by 0.3 (to the lot, ≥ 1 lot), caps trades to the size the thinned book showed, keeps prices and times", async () => {
    const source = dataOf([
      batchOf([
        [0, SNAP, 1, 999, 1.0],
        [0, SNAP, -1, 1001, 0.5],
        [0, D, 1, 998, 0.00001], // one lot stays one lot
        [1, T, 1, 1001, 0.4], // a buy takes asks: the book showed 0.15 at 1001
        [2, T, 1, 1001, 0.1], // smaller than what was shown: unchanged
        [3, T, -1, 995, 1.0], // no level shown there: scaled
        [4, D, 1, 999, 0], // a delete stays a delete
        [5, D, -1, 1001, 0.1234],
      ]),
    ]);
    const out = await collect(lowLiquidity().apply(source, rootRng(1)));
    const src = await collect(source);
    const expected = [0.3, 0.15, 0.00001, 0.15, 0.1, 0.3, 0, 0.03702];
    out.qty.forEach((q, i) => expect(q).toBeCloseTo(expected[i], 12));
    expect(out.price).toEqual(src.price);
    expect(out.exch).toEqual(src.exch);
    expect(out.local).toEqual(src.local);
    expect(out.kind).toEqual(src.kind);
  });

  it("takes another factor", async () => {
    const out = await collect(lowLiquidity({ depthFactor: 0.5 }).apply(dataOf([batchOf([[0, D, 1, 999, 2]])]), rootRng(1)));
    expect(out.qty).toEqual([1]);
  });
});
