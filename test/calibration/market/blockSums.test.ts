import { describe, expect, it } from "vitest";
import { BlockSums, jackknife } from "../../../src/calibration/market/blockSums.ts";

describe("block sums and the jackknife", () => {
  it("the mean of per-block values: the jackknife standard error is the usual s/√B, by hand", () => {
    // blocks of 1 s holding one value each: 1, 2, 4, 7 → mean 3.5, sample sd √7, se √7/2 = 1.3229
    const s = new BlockSums(2, 1e9);
    [1, 2, 4, 7].forEach((x, b) => {
      const o = s.row(b * 1e9 + 5);
      s.add(o, 0, 1);
      s.add(o, 1, x);
    });
    const j = jackknife([s], (t) => [t[1] / t[0]]);
    expect(j.value[0]).toBe(3.5);
    expect(j.se[0]).toBeCloseTo(Math.sqrt(7) / 2, 12);
    expect(j.blocks).toBe(4);
  });

  it("two parts side by side share the block grid; empty blocks are left out; the covariance of a statistic with itself is its variance", () => {
    const a = new BlockSums(1, 10);
    const b = new BlockSums(1, 10);
    for (const [t, x, y] of [[0, 1, 2], [10, 3, 1], [30, 2, 5]]) {
      a.add(a.row(t), 0, x);
      b.add(b.row(t), 0, y);
    }
    const j = jackknife([a, b], (t) => [t[0], t[1], t[0] + t[1]]);
    expect(j.value).toEqual([6, 8, 14]);
    expect(j.blocks).toBe(3); // block 2 (t in [20, 30)) is empty
    expect(j.covariance[2][2]).toBeCloseTo(j.covariance[0][0] + j.covariance[1][1] + 2 * j.covariance[0][1], 12);
  });
});
