import { describe, expect, it } from "vitest";
import { evaluateRules, KPI_RULES, passRule } from "../../src/kpi/targets.ts";

// Every rule passing: 75 ≥ 70 %, 0.3 ≤ 0.4·1, 10 % ≥ 5 %, 50 % ≤ 70 %, 250 ≤ 300 ms, 10 > 0.
const allPass = { spreadCapturedPct: 75, rmsInventory: 0.3, fillRatio: 0.1, cancelRatio: 0.5, latencyP99Ms: 250, pnl: 10 };

describe("KPI rules", () => {
  it("has the six rules of docs/kpis.md", () => {
    expect(KPI_RULES.map((r) => r.id)).toEqual(["spread_captured", "rms_inventory", "fill_ratio", "cancel_ratio", "latency_p99", "pnl"]);
  });

  it("5/6 passing passes, 4/6 fails", () => {
    const five = evaluateRules({ ...allPass, cancelRatio: 0.8 }, 1); // cancel 80 % > 70 %
    expect(five.filter((r) => r.passed).length).toBe(5);
    expect(passRule(five)).toBe(true); // 5/6 ≈ 83 % ≥ 80 %
    const four = evaluateRules({ ...allPass, cancelRatio: 0.8, latencyP99Ms: 350 }, 1);
    expect(four.filter((r) => r.passed).length).toBe(4);
    expect(passRule(four)).toBe(false); // 4/6 ≈ 67 % < 80 %
  });

  it("thresholds are inclusive except PnL > 0; q_max scales the RMS target", () => {
    const edge = evaluateRules({ spreadCapturedPct: 70, rmsInventory: 0.8, fillRatio: 0.05, cancelRatio: 0.7, latencyP99Ms: 300, pnl: 0 }, 2);
    expect(edge.map((r) => r.passed)).toEqual([true, true, true, true, true, false]);
    expect(edge[1].threshold).toBe(0.8); // 0.4 · q_max 2
    expect(edge[1].target).toBe("≤ 0.4·q_max = 0.8");
  });

  it("a missing or non-finite value is null and fails", () => {
    const r = evaluateRules({ ...allPass, spreadCapturedPct: NaN, latencyP99Ms: undefined, pnl: Infinity }, 1);
    expect(r[0]).toMatchObject({ value: null, passed: false });
    expect(r[4]).toMatchObject({ value: null, passed: false });
    expect(r[5]).toMatchObject({ value: null, passed: false });
  });

  it("passRule: exactly 80 % passes, no rules fails", () => {
    const five = evaluateRules(allPass, 1).slice(0, 5);
    five[0] = { ...five[0], passed: false };
    expect(passRule(five)).toBe(true); // 4/5 = 80 %
    expect(passRule([])).toBe(false);
  });
});
