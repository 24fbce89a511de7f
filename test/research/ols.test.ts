import { describe, expect, it } from "vitest";
import { olsFit } from "../../src/research/ols.ts";

describe("olsFit: hand-computed", () => {
  // x = 1..5, y = 2 4 5 4 5: x̄ = 3, ȳ = 4, Sxx = 10, Sxy = 6, Syy = 6 → β = 0.6, α = 2.2
  // fitted 2.8 3.4 4.0 4.6 5.2, residuals −0.8 0.6 1.0 −0.6 −0.2, SSR = 2.4, R² = 1 − 2.4/6 = 0.6
  // s² = 2.4/3 = 0.8: se(β) = √(0.8/10), se(α) = √(0.8·(1/5 + 9/10)) = √0.88
  // HC0: Σ(x−x̄)²e² = 4·0.64 + 0.36 + 0 + 0.36 + 4·0.04 = 3.44 → se = √3.44/10; HC1: × √(5/3)
  const fit = olsFit([1, 2, 3, 4, 5], [2, 4, 5, 4, 5]);

  it("β, α, R², n", () => {
    expect(fit.n).toBe(5);
    expect(fit.beta).toBeCloseTo(0.6, 12);
    expect(fit.alpha).toBeCloseTo(2.2, 12);
    expect(fit.r2).toBeCloseTo(0.6, 12);
  });

  it("classical standard errors and t", () => {
    expect(fit.seBeta).toBeCloseTo(Math.sqrt(0.08), 12);
    expect(fit.tBeta).toBeCloseTo(3 / Math.SQRT2, 12); // 0.6/√0.08 = 2.1213…
    expect(fit.seAlpha).toBeCloseTo(Math.sqrt(0.88), 12);
  });

  it("heteroskedasticity-robust HC0 and HC1", () => {
    expect(fit.seBetaHc0).toBeCloseTo(Math.sqrt(3.44) / 10, 12);
    expect(fit.tBetaHc0).toBeCloseTo(6 / Math.sqrt(3.44), 12); // 3.2350
    expect(fit.seBetaHc1).toBeCloseTo(Math.sqrt((3.44 * 5) / 3) / 10, 12);
    expect(fit.tBetaHc1).toBeCloseTo(2.505807, 6);
  });

  it("a second data set with a negative slope: x = 0 1 2 3, y = 3 1 2 −2", () => {
    // x̄ = 1.5, ȳ = 1, Sxx = 5, Sxy = −1.5·2 − 0.5·0 + 0.5·1 + 1.5·(−3) = −7, Syy = 4+0+1+9 = 14
    // β = −1.4, α = 1 + 2.1 = 3.1, SSR = Syy − Sxy²/Sxx = 14 − 9.8 = 4.2, R² = 0.7, s² = 2.1
    const f = olsFit([0, 1, 2, 3], [3, 1, 2, -2]);
    expect(f.beta).toBeCloseTo(-1.4, 12);
    expect(f.alpha).toBeCloseTo(3.1, 12);
    expect(f.r2).toBeCloseTo(0.7, 12);
    expect(f.tBeta).toBeCloseTo(-1.4 / Math.sqrt(2.1 / 5), 12);
  });

  it("uses only the first n pairs when n is given", () => {
    const f = olsFit([1, 2, 3, 4, 5, 100], [2, 4, 5, 4, 5, -100], 5);
    expect(f.beta).toBeCloseTo(0.6, 12);
  });

  it("degenerate inputs give NaN, not a throw", () => {
    const two = olsFit([1, 2], [1, 3]);
    expect(two.beta).toBeCloseTo(2, 12);
    expect(two.tBeta).toBeNaN();
    expect(two.tBetaHc1).toBeNaN();
    const flatX = olsFit([2, 2, 2], [1, 2, 3]);
    expect(flatX.beta).toBeNaN();
    expect(flatX.r2).toBeNaN();
    const flatY = olsFit([1, 2, 3], [5, 5, 5]);
    expect(flatY.beta).toBe(0);
    expect(flatY.r2).toBeNaN();
    const perfect = olsFit([1, 2, 3, 4], [1, 3, 5, 7]);
    expect(perfect.r2).toBe(1);
    expect(perfect.beta).toBe(2);
  });
});
