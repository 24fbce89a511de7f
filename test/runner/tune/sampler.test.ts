import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { rootRng } from "../../../src/core/rng.ts";
import { latinHypercube } from "../../../src/runner/tune/sampler.ts";

describe("latinHypercube", () => {
  it("draws every stratum of every parameter exactly once (property, fixed seed)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.string({ minLength: 1, maxLength: 6 }), (count, seed) => {
        const samples = latinHypercube({ a: { kind: "uniform", min: 0, max: 1 }, b: { kind: "uniform", min: 10, max: 20 } }, count, rootRng(seed));
        expect(samples).toHaveLength(count);
        for (const [name, lo, hi] of [["a", 0, 1], ["b", 10, 20]] as const) {
          // 6 significant digits can round a draw onto a stratum's upper edge, never past the next one's middle
          const strata = samples.map((s) => Math.min(count - 1, Math.floor((((s[name] as number) - lo) / (hi - lo)) * count * (1 - 1e-9))));
          expect([...strata].sort((x, y) => x - y)).toEqual(Array.from({ length: count }, (_, i) => i));
        }
      }),
      { seed: 11, numRuns: 100 },
    );
  });

  it("is the same for the same seed, and different for another; integers and choices stay in range", () => {
    const space = { n: { kind: "int" as const, min: 1, max: 3 }, q: { kind: "choice" as const, choices: ["as", "glft"] }, g: { kind: "log" as const, min: 0.01, max: 1 } };
    const a = latinHypercube(space, 9, rootRng("7"));
    expect(latinHypercube(space, 9, rootRng("7"))).toEqual(a);
    expect(latinHypercube(space, 9, rootRng("8"))).not.toEqual(a);
    // 9 strata over 3 integers: each integer exactly 3 times; 2 choices: 4 or 5 times each
    expect([1, 2, 3].map((v) => a.filter((s) => s.n === v).length)).toEqual([3, 3, 3]);
    expect(a.filter((s) => s.q === "as").length).toBeGreaterThanOrEqual(4);
    expect(a.filter((s) => s.q === "as").length).toBeLessThanOrEqual(5);
    for (const s of a) expect(s.g as number).toBeGreaterThanOrEqual(0.01);
    for (const s of a) expect(s.g as number).toBeLessThanOrEqual(1);
  });
});
