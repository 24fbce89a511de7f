import { describe, expect, it } from "vitest";
import { rootRng } from "../../../src/core/rng.ts";
import { syntheticSchema } from "../../../src/data/synthetic/params.ts";
import { ValuePath } from "../../../src/data/synthetic/valuePath.ts";

const params = syntheticSchema.parse({ informedHorizonS: 5, valueGridMs: 50 });

describe("ValuePath: the exogenous value on a grid, generated ahead", () => {
  it("looking a horizon ahead first does not change the path (informed traders see the same future)", () => {
    const a = new ValuePath(params, 100, rootRng(1).fork("v"));
    const b = new ValuePath(params, 100, rootRng(1).fork("v"));
    const step = 37e6; // 37 ms, off the grid
    for (let t = 0; t < 120e9; t += step) {
      a.valueAt(t + 5e9);
      expect(a.valueAt(t)).toBe(b.valueAt(t));
    }
    // a value seen a horizon ahead is the value reached later by walking in order
    const c = new ValuePath(params, 100, rootRng(1).fork("v"));
    const d = new ValuePath(params, 100, rootRng(1).fork("v"));
    const seen = c.valueAt(65e9);
    for (let t = 0; t < 65e9; t += 1e9) d.valueAt(t);
    expect(d.valueAt(65e9)).toBe(seen);
  });

  it("is piecewise constant on the grid and starts at the initial value", () => {
    const v = new ValuePath(params, 42.5, rootRng(2).fork("v"));
    expect(v.valueAt(0)).toBe(42.5);
    expect(v.valueAt(49e6)).toBe(42.5);
    expect(v.valueAt(50e6)).toBe(v.valueAt(99e6));
  });

  it("its increments have the stated σ (flat regimes, no seasonality, no jumps, no vol-of-vol)", () => {
    const flat = { vol: 1, trades: 1, liquidity: 1, meanDurationS: 1e9 };
    const p = syntheticSchema.parse({ sigmaQuotePerSqrtS: 0.5, volOfVol: 0, jumpsPerHour: 0, seasonality: 0, regimes: { normal: flat, highVol: flat, lowLiquidity: flat } });
    const v = new ValuePath(p, 0, rootRng(3).fork("v"));
    let sum = 0;
    const n = 20_000;
    for (let i = 1; i <= n; i++) {
      const d = v.valueAt(i * 1e9) - v.valueAt((i - 1) * 1e9);
      sum += d * d;
    }
    // 0.5 quote/√s = 50 ticks/√s; over 20,000 one-second changes the estimate is within ~1 %·√2
    expect(Math.sqrt(sum / n)).toBeGreaterThan(50 * 0.97);
    expect(Math.sqrt(sum / n)).toBeLessThan(50 * 1.03);
  });
});
