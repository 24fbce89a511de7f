import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { rungCount, rungSize } from "../../../src/runner/tune/definition.ts";
import { folds, REPORT_RUNG, rungSizes, rungSpan, runIndex } from "../../../src/runner/tune/plan.ts";
import { slotOf } from "../../../src/runner/tune/runTune.ts";

const H = 3600e9;

describe("the tune plan", () => {
  it("rungs of successive halving: 27 at η 3 → 27, 9, 3; 9 at η 2 → 9, 5, 3; 2 → 2", () => {
    expect(rungSizes({ budget: 27, eta: 3 })).toEqual([27, 9, 3]);
    expect(rungSizes({ budget: 9, eta: 2 })).toEqual([9, 5, 3]);
    expect(rungSizes({ budget: 2, eta: 3 })).toEqual([2]);
    expect(rungCount({ budget: 81, eta: 3 })).toBe(4);
    expect(rungSize({ budget: 10, eta: 3 }, 1)).toBe(4);
  });

  it("folds: 24 h in 3 segments of 8 h; fold f selects on segment f and reports on f + 1", () => {
    expect(folds({ folds: 2 }, 24 * H)).toEqual([
      { select: { startNs: 0, endNs: 8 * H }, report: { startNs: 8 * H, endNs: 16 * H } },
      { select: { startNs: 8 * H, endNs: 16 * H }, report: { startNs: 16 * H, endNs: 24 * H } },
    ]);
  });

  it("rung spans grow η-fold to the whole selection segment; the report rung is the report segment", () => {
    const def = { budget: 27, eta: 3 };
    const [, fold] = folds({ folds: 2 }, 27 * H);
    // selection segment 9h–18h: rungs on its first 1 h, 3 h, 9 h
    expect([0, 1, 2].map((r) => rungSpan(def, fold, r))).toEqual([
      { startNs: 9 * H, endNs: 10 * H },
      { startNs: 9 * H, endNs: 12 * H },
      { startNs: 9 * H, endNs: 18 * H },
    ]);
    expect(rungSpan(def, fold, REPORT_RUNG)).toEqual({ startNs: 18 * H, endNs: 27 * H });
  });

  it("run indexes are unique, and slotOf inverts them (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 200 }), fc.integer({ min: 2, max: 5 }), fc.integer({ min: 1, max: 4 }), (budget, eta, foldCount) => {
        const def = { budget, eta };
        const seen = new Set<number>();
        for (let fold = 0; fold < foldCount; fold++) {
          for (const rung of [...Array.from({ length: rungCount(def) }, (_, r) => r), REPORT_RUNG]) {
            for (const sample of [0, budget - 1, Math.floor(budget / 2)]) {
              const index = runIndex(def, fold, rung, sample);
              expect(slotOf(def, index)).toEqual({ fold, rung, sample });
              seen.add(index);
            }
          }
        }
        expect(seen.size).toBe(foldCount * (rungCount(def) + 1) * new Set([0, budget - 1, Math.floor(budget / 2)]).size);
      }),
      { seed: 5, numRuns: 100 },
    );
  });
});
