import { describe, expect, it } from "vitest";
import type { MomentVector } from "../../../src/calibration/market/momentVector.ts";
import { whitener } from "../../../src/calibration/market/whitener.ts";

const vector = (se: number[], correlation: number, blocks: number): MomentVector => ({
  names: se.map((_, i) => `m${i}`),
  values: se.map(() => 0),
  se,
  covariance: se.map((a, i) => se.map((b, j) => (i === j ? a * a : correlation * a * b))),
  blocks,
});

describe("the moments' weighting", () => {
  it("uncorrelated moments: each difference over its standard error", () => {
    const w = whitener(vector([2, 4], 0, 100), [true, true]);
    expect(w([2, 4]).map((z) => Number(z.toFixed(12)))).toEqual([1, 1]);
  });

  it("correlated moments with blocks to spare: dᵀΣ⁻¹d, the correlation shrunk by q/B", () => {
    // ρ = 0.5 shrunk by 2/1000: ρ' = 0.499; for d = (1, 1) and unit errors dᵀΣ⁻¹d = 2/(1 + ρ')
    const z = whitener(vector([1, 1], 0.5, 1000), [true, true])([1, 1]);
    expect(z[0] ** 2 + z[1] ** 2).toBeCloseTo(2 / 1.499, 9);
  });

  it("few blocks: the standard errors alone; unused moments are left out", () => {
    const z = whitener(vector([1, 1, 3], 0.9, 2), [true, false, true])([1, 3]);
    expect(z.map((x) => Number(x.toFixed(12)))).toEqual([1, 1]);
  });
});
