import { describe, expect, it } from "vitest";
import type { StressRunSummary } from "../../../src/runner/stress/summary.ts";
import { GOOD_KPIS, stressRun } from "../../support/stressRun.ts";
import { hardLimits, maxAbsPosition } from "../../../src/runner/stress/summary.ts";
import { validationVerdict } from "../../../src/runner/validate/verdict.ts";

/** A run summary with the given KPI values and limits. */
function run(scenario: string, values: Partial<typeof GOOD_KPIS>, limits: { maxAbsInventory?: number; stepErrors?: number } = {}): StressRunSummary {
  return stressRun(scenario, values, limits);
}

describe("validationVerdict", () => {
  it("passes when the baseline passes its KPIs and every stress run holds the hard limits, even if stress KPIs fail", () => {
    const v = validationVerdict(run("baseline", { cancelRatio: 0.9 }), [run("baseline", {}), run("flash-crash", { pnl: -5, cancelRatio: 0.95 })]);
    expect(v.passed).toBe(true);
    expect(v.checks.map((c) => c.passed)).toEqual([true, true, true]);
  });

  it("fails when the baseline misses more than 20 % of the rules, naming the rules missed", () => {
    const v = validationVerdict(run("baseline", { pnl: -3, rmsInventory: 0.3 }), [run("feed-gaps", {})]);
    expect(v.passed).toBe(false);
    expect(v.checks[0]).toMatchObject({ id: "baseline-kpis", passed: false });
    expect(v.checks[0].detail).toMatch(/4\/6 rules passed; missed: RMS inventory .*PnL \(-3\.000, target > 0\)/);
  });

  it("fails when the baseline loses money, even with 5 of 6 rules passed: PnL is required by default", () => {
    const v = validationVerdict(run("baseline", { pnl: -3 }), [run("feed-gaps", {})]);
    expect(v.passed).toBe(false);
    expect(v.checks[0]).toMatchObject({ id: "baseline-kpis", passed: false, label: "KPIs of the baseline (≥ 80 % of the rules and every required rule (pnl))" });
    expect(v.checks[0].detail).toBe("5/6 rules passed; missed: PnL (-3.000, target > 0); FAIL because: required rule pnl failed: -3.0000 quote (target > 0)");
  });

  it("fails when a stress run breaks the inventory cap or has step errors, saying which", () => {
    const v = validationVerdict(run("baseline", {}), [run("flash-crash", {}, { maxAbsInventory: 0.52 }), run("feed-gaps", {}, { stepErrors: 2 })]);
    expect(v.passed).toBe(false);
    expect(v.checks.filter((c) => !c.passed).map((c) => [c.id, c.detail])).toEqual([
      ["limits-flash-crash", "max |q| 0.5200 > q_max 0.5"],
      ["limits-feed-gaps", "2 step errors"],
    ]);
  });
});

describe("hard limits", () => {
  it("max |q| is the largest |Σ side·qty| over the fills in order", () => {
    expect(maxAbsPosition([1, 1, -1, -1, -1, -1], [0.2, 0.2, 0.1, 0.3, 0.3, 0.1])).toBeCloseTo(0.4, 12);
    expect(maxAbsPosition([], [])).toBe(0);
  });

  it("holds at exactly q_max (float sums within 1e-9) and breaks above it", () => {
    const fills = (n: number) => ({ side: new Int8Array(n).fill(1), qty: new Float64Array(n).fill(0.1) });
    expect(hardLimits({ fills: fills(5), stepErrors: [] }, 0.5).ok).toBe(true); // 0.1 × 5 = 0.5000000000000001
    expect(hardLimits({ fills: fills(6), stepErrors: [] }, 0.5)).toMatchObject({ inventoryWithinLimit: false, ok: false });
    expect(hardLimits({ fills: fills(1), stepErrors: [{ tNs: 0, message: "x" }] }, 0.5)).toMatchObject({ stepErrors: 1, ok: false });
  });
});
