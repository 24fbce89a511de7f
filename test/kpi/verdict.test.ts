import { describe, expect, it } from "vitest";
import { evaluateRules } from "../../src/kpi/targets.ts";
import { verdict, verdictLine } from "../../src/kpi/verdict.ts";

// Every rule passing: 75 ≥ 70 %, 0.3 ≤ 0.4·1, 10 % ≥ 5 %, 50 % ≤ 70 %, 250 ≤ 300 ms, 10 > 0.
const allPass = { spreadCapturedPct: 75, rmsInventory: 0.3, fillRatio: 0.1, cancelRatio: 0.5, latencyP99Ms: 250, pnl: 10 };

describe("verdict: ≥ 80 % of the rules AND every required rule", () => {
  it("5/6 with PnL failing fails (PnL is required by default), with the reason", () => {
    const rules = evaluateRules({ ...allPass, pnl: -153.8 }, 1);
    expect(rules.filter((r) => r.passed).length).toBe(5);
    expect(verdict(rules)).toEqual({ passed: false, failReasons: ["required rule pnl failed: -153.8000 quote (target > 0)"] });
    expect(verdictLine(rules)).toBe("5/6 rules passed, required: pnl → FAIL (required rule pnl failed)");
  });

  it("5/6 with the cancel ratio failing passes", () => {
    const rules = evaluateRules({ ...allPass, cancelRatio: 0.8 }, 1);
    expect(verdict(rules)).toEqual({ passed: true, failReasons: [] });
    expect(verdictLine(rules)).toBe("5/6 rules passed, required: pnl → PASS (≥ 80 % and every required rule needed)");
  });

  it("4/6 fails on the share alone; with PnL among the misses both reasons are given", () => {
    const four = evaluateRules({ ...allPass, cancelRatio: 0.8, latencyP99Ms: 350 }, 1);
    expect(verdict(four)).toEqual({ passed: false, failReasons: ["4/6 rules passed (< 80 %)"] });
    const both = evaluateRules({ ...allPass, cancelRatio: 0.8, pnl: 0 }, 1);
    expect(verdict(both)).toEqual({ passed: false, failReasons: ["required rule pnl failed: 0.0000 quote (target > 0)", "4/6 rules passed (< 80 %)"] });
    expect(verdictLine(both)).toBe("4/6 rules passed, required: pnl → FAIL (required rule pnl failed; < 80 % of the rules passed)");
  });

  it("required [] is the plain 80 % rule: a losing run with 5/6 passes", () => {
    const rules = evaluateRules({ ...allPass, pnl: -153.8 }, 1, []);
    expect(rules.some((r) => r.required)).toBe(false);
    expect(verdict(rules)).toEqual({ passed: true, failReasons: [] });
    expect(verdictLine(rules)).toBe("5/6 rules passed → PASS (≥ 80 % needed)");
    expect(verdictLine(evaluateRules({ ...allPass, pnl: -1, cancelRatio: 0.8 }, 1, []))).toBe("4/6 rules passed → FAIL (< 80 % of the rules passed)");
  });

  it("a required rule other than PnL: cancel_ratio failing fails the run, PnL failing then does not", () => {
    const cancel = evaluateRules({ ...allPass, cancelRatio: 0.8 }, 1, ["cancel_ratio"]);
    expect(cancel.filter((r) => r.required).map((r) => r.id)).toEqual(["cancel_ratio"]);
    expect(verdict(cancel)).toEqual({ passed: false, failReasons: ["required rule cancel_ratio failed: 80.0 % (target ≤ 70 %)"] });
    expect(verdict(evaluateRules({ ...allPass, pnl: -1 }, 1, ["cancel_ratio"])).passed).toBe(true);
  });

  it("a required KPI that cannot be computed fails as n/a", () => {
    const rules = evaluateRules({ ...allPass, latencyP99Ms: null }, 1, ["latency_p99", "pnl"]);
    expect(verdict(rules).failReasons).toEqual(["required rule latency_p99 failed: n/a (target ≤ 300 ms)"]);
    expect(verdictLine(rules)).toBe("5/6 rules passed, required: latency_p99, pnl → FAIL (required rule latency_p99 failed)");
  });

  it("an unknown required rule id is refused, listing the valid ones", () => {
    expect(() => evaluateRules(allPass, 1, ["profit"])).toThrow('kpi: required rule "profit" is not a KPI rule; valid: spread_captured, rms_inventory, fill_ratio, cancel_ratio, latency_p99, pnl');
  });
});
