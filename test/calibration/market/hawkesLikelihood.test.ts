import { describe, expect, it } from "vitest";
import type { ArrivalSteps } from "../../../src/calibration/market/arrivalSteps.ts";
import { hawkesExcitation, hawkesLogLikelihood } from "../../../src/calibration/market/hawkesLikelihood.ts";

/** Steps at the given times (s) with the given orders, over [0, endS]. */
function steps(times: number[], orders: number[], endS: number): ArrivalSteps {
  return { timesS: Float64Array.from(times), orders: Uint8Array.from(orders), startS: 0, endS, count: orders.reduce((a, b) => a + b, 0) };
}

describe("Hawkes log-likelihood", () => {
  const p = { mu: 1, alpha: 0.5, beta: 2 };

  it("continuous clock, three orders at 0.5, 1 and 2 s over [0, 3] s, by hand", () => {
    // λ(0.5) = 1; λ(1) = 1 + 0.5·e^(−1) = 1.1839397; λ(2) = 1 + 0.5·(e^(−3) + e^(−2)) = 1.0925612
    // ∫λ = 3 + (0.5/2)·[(1 − e^(−5)) + (1 − e^(−4)) + (1 − e^(−2))] = 3.7099028
    // ln L = 0 + 0.1688489 + 0.0885268 − 3.7099028 = −3.4525305
    const a = steps([0.5, 1, 2], [1, 1, 1], 3);
    expect(hawkesLogLikelihood(a, p, "continuous")).toBeCloseTo(-3.4525305, 6);
    // steps without orders change nothing in continuous time
    expect(hawkesLogLikelihood(steps([0.25, 0.5, 1, 1.5, 2], [0, 1, 1, 0, 1], 3), p, "continuous")).toBeCloseTo(-3.4525305, 6);
  });

  it("held clock: the intensity keeps its value of the last step until the next one, by hand", () => {
    // steps 0.25 (no order), 0.5, 1, 1.5 (no order), 2 s; S = Σ e^(−β(t − tᵢ)) at the last step
    //   (0, 0.5]    λ = 1                              ∫ = 0.5
    //   (0.5, 1]    λ = 1 + 0.5·1 = 1.5                ∫ = 0.75,       order: ln 1.5
    //   (1, 1.5]    λ = 1 + 0.5·(1 + e^(−1)) = 1.683940 ∫ = 0.841970
    //   (1.5, 2]    λ = 1 + 0.5·1.367879·e^(−1) = 1.251607 ∫ = 0.625804, order: ln 1.251607
    //   (2, 3]      λ = 1 + 0.5·(0.503215·e^(−1) + 1) = 1.592561 ∫ = 1.592561
    // ln L = 0.405465 + 0.224428 − 4.310335 = −3.680441
    const a = steps([0.25, 0.5, 1, 1.5, 2], [0, 1, 1, 0, 1], 3);
    expect(hawkesLogLikelihood(a, p, "steps")).toBeCloseTo(-3.680441, 5);
  });

  it("the excitation per order and its integral (what the profile likelihood uses)", () => {
    const a = steps([0.5, 1, 2], [1, 1, 1], 3);
    const A = new Float64Array(3);
    const J = hawkesExcitation(a, 2, "continuous", A);
    expect([...A].map((x) => Number(x.toFixed(6)))).toEqual([0, Number(Math.exp(-1).toFixed(6)), Number((Math.exp(-3) + Math.exp(-2)).toFixed(6))]);
    expect(J).toBeCloseTo(2.839611 / 2, 5);
  });
});
