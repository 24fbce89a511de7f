import { describe, expect, it } from "vitest";
import { cumulativeFillSums, pnlSplitSeries } from "../../src/report/pnlSplit.ts";
import { tinyFills, tinyTimeseries } from "./fixtures.ts";

describe("PnL split over time", () => {
  it("cumulates spread capture Σ qty·side·(mid at fill − price) and fees per fill", () => {
    const c = cumulativeFillSums(tinyFills());
    const capture = [0.01 * (100.01 - 100.0), 0.01 * (100.0 - 99.99), 0.02 * -1 * (100.03 - 100.04)];
    expect(c.spread[0]).toBeCloseTo(capture[0], 12);
    expect(c.spread[2]).toBeCloseTo(capture[0] + capture[1] + capture[2], 12);
    expect(Array.from(c.fees)).toEqual([0.0001, 0.0002, 0.0002 - 0.0002].map((v, i) => (i === 2 ? expect.closeTo(v, 12) : expect.closeTo(v, 12))));
  });

  it("at every row: total = spread + inventory − fees, counting fills at or before the row", () => {
    const ts = tinyTimeseries();
    const s = pnlSplitSeries(ts, tinyFills());
    for (let i = 0; i < 10; i++) expect(s.spread[i] + s.inventory[i] - s.fees[i]).toBeCloseTo(ts.pnl[i], 12);
    expect(s.spread[1]).toBe(0); // t = 2 s: no fill yet
    expect(s.spread[2]).toBeCloseTo(0.01 * 0.01, 12); // t = 3 s: the first fill counts
    expect(s.fees[9]).toBeCloseTo(0, 12);
  });

  it("handles a run without fills", () => {
    const ts = tinyTimeseries();
    const empty = { t_ns: [], side: [], price: [], qty: [], fee: [], mid_at_fill: [] };
    const s = pnlSplitSeries(ts, empty);
    expect(Array.from(s.inventory)).toEqual(Array.from(ts.pnl));
  });
});
