import { describe, expect, it } from "vitest";
import { localModelSearch, solveLinear } from "../../../src/calibration/market/localModelSearch.ts";
import { rootRng } from "../../../src/core/rng.ts";

describe("the local-model search", () => {
  it("solves small linear systems", () => {
    expect(solveLinear([[2, 1], [1, 3]], [3, 5]).map((x) => Number(x.toFixed(12)))).toEqual([0.8, 1.4]);
  });

  it("finds the least-squares point of linear residuals (exactly: the model is the function)", async () => {
    // r(x) = A·x − b, 3 residuals in 2 unknowns: the normal equations give x = (AᵀA)⁻¹Aᵀb
    const A = [[1, 0], [0, 2], [1, 1]];
    const b = [1, 2, 4];
    const r = async (x: readonly number[]) => A.map((row, i) => row[0] * x[0] + row[1] * x[1] - b[i]);
    const AtA = [[2, 1], [1, 5]];
    const Atb = [5, 8];
    const expected = solveLinear(AtA, Atb);
    const f = await localModelSearch(r, [0, 0], { maxIterations: 3, maxStep: 10 });
    expect(f.x[0]).toBeCloseTo(expected[0], 7);
    expect(f.x[1]).toBeCloseTo(expected[1], 7);
    expect(f.evaluations).toBe(1 + 2 + 3);
  });

  it("with noisy evaluations the answer averages them: a nonlinear root within a few noise widths", async () => {
    const rng = rootRng("noise");
    // r(x) = (e^{x₀} − 2, x₁³ + x₁ − 2) + noise of sd 0.02: the root is (ln 2, 1)
    const r = async (x: readonly number[]) => [Math.exp(x[0]) - 2 + 0.02 * rng.normal(), x[1] ** 3 + x[1] - 2 + 0.02 * rng.normal()];
    const f = await localModelSearch(r, [0.3, 0.6], { maxIterations: 10, designStep: 0.2 });
    expect(f.x[0]).toBeCloseTo(Math.log(2), 1);
    expect(f.x[1]).toBeCloseTo(1, 1);
  });

  it("a prior holds a coordinate the residuals do not see", async () => {
    const r = async (x: readonly number[]) => [x[0] - 1];
    const f = await localModelSearch(r, [0, 5], { maxIterations: 2, prior: { centre: [0, 5], precision: [0, 1] } });
    expect(f.x[0]).toBeCloseTo(1, 7);
    expect(f.x[1]).toBeCloseTo(5, 7);
  });
});
