import { feeScheduleText, formatKpiValue } from "../../kpi/format.ts";
import type { AssetNames } from "../../kpi/formatValue.ts";
import { verdict } from "../../kpi/verdict.ts";
import type { StressRunSummary } from "./summary.ts";

/**
 * Plain-text table of a suite: one row per run, one column per KPI rule (a missed target is
 * marked ✗, a required rule's column *), the fee schedule and the break-even maker fee next to
 * the PnL, then rules passed with the KPI verdict, the hard-limits check and why the KPIs failed.
 * Amounts in the instrument's `assets` (e.g. BTC, USDT) when given.
 */
export function formatStressTable(runs: readonly StressRunSummary[], label: (run: StressRunSummary) => string = (r) => r.scenario, assets?: AssetNames): string {
  if (runs.length === 0) return "(no runs)";
  const ruleHeads = runs[0].rules.map((r) => `${r.label}${r.required ? "*" : ""}`);
  const header = ["scenario", ...ruleHeads, "fee schedule", "break-even maker fee", "rules", "KPIs", "hard limits", "KPIs failed because"];
  const rows = runs.map((run) => [
    label(run),
    ...run.rules.map((r) => `${formatKpiValue(r.value, r.unit, assets)}${r.passed ? "" : " ✗"}`),
    feeScheduleText(run.feeSchedule),
    run.breakEvenMakerFeeBps === null ? "n/a" : `${run.breakEvenMakerFeeBps.toFixed(2)} bp`,
    `${run.rulesPassed}/${run.rulesTotal}`,
    run.passed ? "PASS" : "FAIL",
    run.limits.ok ? "held" : `BREACHED (${limitsDetail(run)})`,
    verdict(run.rules, assets).failReasons.join("; "),
  ]);
  const required = runs[0].rules.some((r) => r.required) ? " + required (*)" : "";
  const targets = ["target", ...runs[0].rules.map((r) => r.target), "", "", `≥ 80 %${required}`, "", "|q| ≤ q_max, 0 errors", ""];
  const all = [header, targets, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((row) => row[c].length)));
  const line = (cells: string[]) => cells.map((cell, c) => cell.padEnd(widths[c])).join("  ").trimEnd();
  return [line(header), line(targets), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/** What broke a run's hard limits, in words. */
export function limitsDetail(run: Pick<StressRunSummary, "limits">): string {
  const l = run.limits;
  const parts: string[] = [];
  if (!l.inventoryWithinLimit) parts.push(`max |q| ${l.maxAbsInventory.toPrecision(4)} > q_max ${l.qMax}`);
  if (l.stepErrors > 0) parts.push(`${l.stepErrors} step errors`);
  return parts.join(", ") || "none";
}
