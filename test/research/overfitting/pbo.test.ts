import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { probabilityOfOverfitting, spearman } from "../../../src/research/overfitting/pbo.ts";
import { sharpeOf } from "../../../src/research/overfitting/sharpe.ts";

describe("probabilityOfOverfitting (CSCV)", () => {
  it("two trials, two blocks, the in-sample winner always loses out of sample: PBO 1, λ = ln(1/2), rank correlation −1", () => {
    // A: block 0 = (1, 2): SR 1.5/√0.5 = 2.12; block 1 = (−1, −2): SR −2.12. B: (0, 1) twice: SR 0.71.
    // IS block 0 → A best, OOS rank of A = 1 of 2 → ω = 1/3 → λ = ln(0.5). IS block 1 → B best, OOS rank 1 → the same.
    const r = probabilityOfOverfitting([[1, 2, -1, -2], [0, 1, 0, 1]], 2);
    expect(r.combinations).toBe(2);
    expect(r.pbo).toBe(1);
    for (const logit of r.logits) expect(logit).toBeCloseTo(Math.log(0.5), 14);
    expect(r.rankCorrelation).toBe(-1);
  });

  it("two trials, one better everywhere: PBO 0, λ = ln 2, rank correlation 1", () => {
    const r = probabilityOfOverfitting([[1, 2, 1, 2], [0, 1, 0, 1]], 2);
    expect(r.pbo).toBe(0);
    for (const logit of r.logits) expect(logit).toBeCloseTo(Math.log(2), 14);
    expect(r.rankCorrelation).toBe(1);
  });

  it("three trials, four blocks of two rows: 6 combinations, counted by hand", () => {
    // T = 8, S = 4:                blocks 0, 1     blocks 2, 3
    //   trial 0                    (3, 5) (3, 5)   (−1, 1) (−1, 1)
    //   trial 1                    (1, 2) in every block: SR 1.5/√(1/3) = 2.60 on any rows
    //   trial 2                    (0, 1) in every block: SR 0.5/√(1/3) = 0.87
    // Trial 0's SR: blocks 0 + 1 → 4/√(4/3) = 3.46; blocks 2 + 3 → 0; one of each → 2/√(20/3) = 0.77.
    // Masks in order 0011, 0101, 0110, 1001, 1010, 1100 (bit b = block b in sample):
    //   0011: IS best trial 0 (3.46); OOS 0 < 0.87 < 2.60 → rank 1 → ω = 1/4 → λ = ln(1/3)
    //   mixed (4 of them): IS best trial 1 (2.60 > 0.87 > 0.77); OOS trial 1 still best → rank 3 → ω = 3/4 → λ = ln 3
    //   1100: IS best trial 1 (2.60 > 0.87 > 0); OOS 3.46 > 2.60 > 0.87 → rank 2 → ω = 1/2 → λ = 0 (counted: λ ≤ 0)
    const t0 = [3, 5, 3, 5, -1, 1, -1, 1];
    const t1 = [1, 2, 1, 2, 1, 2, 1, 2];
    const t2 = [0, 1, 0, 1, 0, 1, 0, 1];
    const r = probabilityOfOverfitting([t0, t1, t2], 4);
    expect(r.combinations).toBe(6);
    const expected = [Math.log(1 / 3), Math.log(3), Math.log(3), Math.log(3), Math.log(3), 0];
    for (let c = 0; c < 6; c++) expect(r.logits[c]).toBeCloseTo(expected[c], 12);
    expect(r.pbo).toBeCloseTo(2 / 6, 15);
  });

  it("ranked by mean return (as a search by PnL ranks), the volatile larger earner is chosen where the Sharpe ratio picks the steady one", () => {
    // A: (1, 1.1) per block: mean 1.05, SR 14.8. B: (0, 10) per block: mean 5, SR 0.71.
    const returns = [[1, 1.1, 1, 1.1], [0, 10, 0, 10]];
    expect(probabilityOfOverfitting(returns, 2, "sharpe").logits[0]).toBeCloseTo(Math.log(2), 14); // A chosen and A best OOS
    const byMean = probabilityOfOverfitting(returns, 2, "mean");
    expect(byMean.performance).toBe("mean");
    expect(byMean.logits[0]).toBeCloseTo(Math.log(2), 14); // B chosen and B best OOS
    expect(byMean.pbo).toBe(0);
    // by mean, trial 0 of the first case above wins block 0 (1.5 > 0.5) and loses block 1 (−1.5 < 0.5): PBO 1
    expect(probabilityOfOverfitting([[1, 2, -1, -2], [0, 1, 0, 1]], 2, "mean").pbo).toBe(1);
  });

  it("gives what a direct computation over the concatenated rows gives (property, fixed seed)", () => {
    const series = (trials: number, rows: number) => fc.array(fc.array(fc.integer({ min: -20, max: 20 }), { minLength: rows, maxLength: rows }), { minLength: trials, maxLength: trials });
    fc.assert(
      fc.property(
        fc.record({ trials: fc.integer({ min: 2, max: 5 }), blocks: fc.constantFrom(2, 4, 6), extra: fc.integer({ min: 0, max: 7 }) }).chain(({ trials, blocks, extra }) => fc.tuple(fc.constant(blocks), series(trials, 2 * blocks + extra))),
        ([blocks, returns]) => {
          const r = probabilityOfOverfitting(returns, blocks);
          const direct = directCscv(returns, blocks);
          expect(r.combinations).toBe(direct.length);
          for (let c = 0; c < direct.length; c++) expect(r.logits[c]).toBeCloseTo(direct[c], 9);
          expect(r.pbo).toBe(direct.filter((l) => l <= 1e-12).length / direct.length);
          expect(r.pbo).toBeGreaterThanOrEqual(0);
          expect(r.pbo).toBeLessThanOrEqual(1);
        },
      ),
      { seed: 7, numRuns: 200 },
    );
  });

  it("refuses what it cannot split", () => {
    expect(() => probabilityOfOverfitting([[1, 2, 3, 4]], 2)).toThrow(/at least 2 trials/);
    expect(() => probabilityOfOverfitting([[1, 2, 3], [1, 2, 3]], 3)).toThrow(/blocks must be an even integer/);
    expect(() => probabilityOfOverfitting([[1, 2, 3], [1, 2, 3]], 4)).toThrow(/3 returns per trial cannot fill 4 blocks/);
    expect(() => probabilityOfOverfitting([[1, 2, 3, 4], [1, 2, 3]], 2)).toThrow(/trial 1 has 3 returns, trial 0 has 4/);
    expect(() => probabilityOfOverfitting([[1, 2, NaN, 4], [1, 2, 3, 4]], 2)).toThrow(/trial 0, return 2 is NaN/);
  });
});

describe("spearman", () => {
  it("ranks with ties averaged: (1, 2, 2, 3) against (1, 2, 3, 4)", () => {
    // ranks x = (1, 2.5, 2.5, 4), y = (1, 2, 3, 4), both of mean 2.5: dx = (−1.5, 0, 0, 1.5),
    // dy = (−1.5, −0.5, 0.5, 1.5): Σdx·dy = 4.5, Σdx² = 4.5, Σdy² = 5
    expect(spearman(Float64Array.of(1, 2, 2, 3), Float64Array.of(1, 2, 3, 4))).toBeCloseTo(4.5 / Math.sqrt(4.5 * 5), 14);
    expect(spearman(Float64Array.of(1, 1), Float64Array.of(1, 2))).toBeNaN();
  });
});

/** λ per combination computed the plain way: concatenate the rows of the chosen blocks, take each Sharpe ratio, rank. */
function directCscv(returns: number[][], blocks: number): number[] {
  const rows = returns[0].length;
  const bounds = Array.from({ length: blocks + 1 }, (_, b) => Math.floor((b * rows) / blocks));
  const inBlock = (t: number) => bounds.findIndex((lo, b) => t >= lo && t < bounds[b + 1]);
  // two ways of rounding the same Sharpe ratio: equal to 1e-9 is a tie
  const same = (a: number, b: number) => a === b || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  const sharpe = (x: number[]) => {
    const m = x.reduce((a, b) => a + b, 0) / x.length;
    const v = x.reduce((a, b) => a + (b - m) ** 2, 0) / (x.length - 1);
    return sharpeOf(m, v < 1e-12 ? 0 : v);
  };
  const out: number[] = [];
  for (let mask = 0; mask < 1 << blocks; mask++) {
    if (mask.toString(2).split("").filter((c) => c === "1").length !== blocks / 2) continue;
    const is = returns.map((r) => sharpe(r.filter((_, t) => ((mask >> inBlock(t)) & 1) === 1)));
    const oos = returns.map((r) => sharpe(r.filter((_, t) => ((mask >> inBlock(t)) & 1) === 0)));
    let best = 0;
    for (let n = 1; n < is.length; n++) if (is[n] > is[best] && !same(is[n], is[best])) best = n;
    const rank = 1 + oos.filter((v) => v < oos[best] && !same(v, oos[best])).length + oos.filter((v, j) => same(v, oos[best]) && j !== best).length / 2;
    const omega = rank / (returns.length + 1);
    out.push(Math.log(omega / (1 - omega)));
  }
  return out;
}
