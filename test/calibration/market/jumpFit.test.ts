import { describe, expect, it } from "vitest";
import { estimateJumps, MidGrid } from "../../../src/calibration/market/jumpFit.ts";

describe("estimateJumps: bipower variation and a threshold", () => {
  it("hand-computed: changes 1, −1, 1, −1, 1, −1, 1, −1, 1, 30, −1 (one jump of 30 among unit changes)", () => {
    const r = [1, -1, 1, -1, 1, -1, 1, -1, 1, 30, -1];
    const mids = [0];
    for (const x of r) mids.push(mids[mids.length - 1] + x);
    const e = estimateJumps(mids, 1, 4, 1, 0);
    // RV = 10·1 + 900 = 910 over 11 s; BV = π/2·(8·1 + 30 + 30) = π/2·68
    expect(e.changes).toBe(11);
    expect(e.realisedTicks2PerS).toBeCloseTo(910 / 11, 12);
    expect(e.bipowerTicks2PerS).toBeCloseTo(((Math.PI / 2) * 68) / 11, 12);
    // diffusive var = π/2·68/10 = 10.68, sd 3.27: the threshold 13.1 catches only the 30
    expect(e.jumps).toBe(1);
    expect(e.jumpsPerHour).toBeCloseTo((1 / 11) * 3600, 9);
    expect(e.jumpStdTicks).toBeCloseTo(Math.sqrt(900 - (Math.PI / 2) * 6.8), 9);
  });

  it("fewer jumps than asked for: no jumps", () => {
    expect(estimateJumps([0, 1, 0, 1, 0, 100, 100, 101], 1, 4, 3).jumpsPerHour).toBe(0);
  });

  it("MidGrid samples the mid in force at each grid time", () => {
    const g = new MidGrid(1e9);
    g.onMid(0, 1.5e9, 10); // holds at 1 s
    g.onMid(1.5e9, 3.2e9, 12); // holds at 2 s and 3 s
    expect(Array.from(g.mids.view())).toEqual([10, 12, 12]);
  });
});

describe("depthCadenceMs: the venue's depth cadence from the gaps between depth timestamps", () => {
  it("batched at the median gap (to 10 ms) when the 10th percentile is ≥ 20 ms; otherwise 0", async () => {
    const { depthCadenceMs } = await import("../../../src/calibration/market/fitMarket.ts");
    expect(depthCadenceMs(98, 103)).toBe(100);
    expect(depthCadenceMs(5, 40)).toBe(0);
    expect(depthCadenceMs(NaN, NaN)).toBe(0);
  });
});

describe("estimateJumps: jumps kept only when they carry a large share of the variance", () => {
  it("unit changes with one of 5: a jump found, but carrying less than 30 % of the variance, none kept", () => {
    const r: number[] = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? 1 : -1));
    r[20] = 5;
    const mids = [0];
    for (const x of r) mids.push(mids[mids.length - 1] + x);
    const e = estimateJumps(mids, 1, 3, 1);
    expect(e.jumps).toBe(1);
    expect(e.jumpsPerHour).toBe(0);
  });
});
