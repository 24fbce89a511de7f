import { describe, expect, it } from "vitest";
import { pnlSlices } from "../../src/kpi/pnlSlices.ts";

describe("pnlSlices", () => {
  it("rows at 0..4 s cut into 2 slices, [0, 2) and [2, 4]: from 0 to the PnL at 2 s, then to the final PnL", () => {
    // pnl 0.5, 1, 3, 2, 7 at t = 0, 1, 2, 3, 4; the run's final PnL 7.5 (marked after the last row)
    expect(pnlSlices([0, 1, 2, 3, 4], [0.5, 1, 3, 2, 7], 2, 7.5)).toEqual([3, 4.5]);
  });

  it("a slice without a row carries no PnL; the slices sum to the final PnL", () => {
    // rows at 0, 10 s only, 4 slices of 2.5 s: the row at 0 s (pnl 5) ends slices 0–2, the final PnL 9 the last
    expect(pnlSlices([0, 10], [5, 9], 4, 9)).toEqual([5, 0, 0, 4]);
    const t = [0, 1, 2.5, 6, 7, 9.5, 10];
    const p = [1, 2, -1, 4, 4, 3, 6];
    const s = pnlSlices(t, p, 3, 6.25);
    // boundaries 10/3, 20/3: the rows at or before them are at 2.5 s (−1) and 6 s (4)
    expect(s).toEqual([-1, 5, 2.25]);
    expect(s.reduce((a, b) => a + b, 0)).toBe(6.25);
  });

  it("no row: the last slice holds the final PnL; slices must be a positive integer", () => {
    expect(pnlSlices([], [], 3, -2)).toEqual([0, 0, -2]);
    expect(pnlSlices([5], [3], 1, 4)).toEqual([4]);
    expect(() => pnlSlices([0, 1], [0, 1], 0, 1)).toThrow(/slices must be an integer ≥ 1/);
  });
});
