import { formatKpiValue, type AssetNames } from "./formatValue.ts";
import { passRule, type RuleResult } from "./targets.ts";

/** A run's verdict and, when it fails, every reason it fails. */
export interface Verdict {
  passed: boolean;
  /** Empty on a pass; e.g. "required rule pnl failed: -153.8000 quote (target > 0)", "4/6 rules passed (< 80 %)". */
  failReasons: string[];
}

/**
 * The run passes when at least 80 % of the rules pass (passRule) AND every required rule passes:
 * the share alone would let a run that loses money pass on its other five rules. Amounts in the
 * reasons name `assets` when given (BTC, USDT); the KPI report keeps the generic "base"/"quote".
 */
export function verdict(results: readonly RuleResult[], assets?: AssetNames): Verdict {
  const { requiredFailed, shareMissed } = failures(results);
  const failReasons = requiredFailed.map((r) => `required rule ${r.id} failed: ${formatKpiValue(r.value, r.unit, assets)} (target ${r.target})`);
  if (shareMissed) failReasons.push(`${results.filter((r) => r.passed).length}/${results.length} rules passed (< 80 %)`);
  return { passed: failReasons.length === 0, failReasons };
}

/**
 * The verdict in one line, saying why: "5/6 rules passed, required: pnl → FAIL (required rule pnl failed)",
 * "6/6 rules passed, required: pnl → PASS (≥ 80 % and every required rule needed)".
 */
export function verdictLine(results: readonly RuleResult[]): string {
  const required = results.filter((r) => r.required).map((r) => r.id);
  const head = `${results.filter((r) => r.passed).length}/${results.length} rules passed${required.length > 0 ? `, required: ${required.join(", ")}` : ""}`;
  const { requiredFailed, shareMissed } = failures(results);
  const reasons = [...requiredFailed.map((r) => `required rule ${r.id} failed`), ...(shareMissed ? ["< 80 % of the rules passed"] : [])];
  if (reasons.length > 0) return `${head} → FAIL (${reasons.join("; ")})`;
  return `${head} → PASS (${required.length > 0 ? "≥ 80 % and every required rule needed" : "≥ 80 % needed"})`;
}

function failures(results: readonly RuleResult[]): { requiredFailed: RuleResult[]; shareMissed: boolean } {
  return { requiredFailed: results.filter((r) => r.required && !r.passed), shareMissed: !passRule(results) };
}
