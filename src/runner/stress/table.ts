import { formatKpiValue } from "../../kpi/format.ts";
import type { StressRunSummary } from "./summary.ts";

/**
 * Plain-text table of a suite: one row per run, one column per KPI rule (a missed target is
 * marked ✗), then rules passed with the KPI verdict and the hard-limits check.
 */
export function formatStressTable(runs: readonly StressRunSummary[], label: (run: StressRunSummary) => string = (r) => r.scenario): string {
  if (runs.length === 0) return "(no runs)";
  const header = ["scenario", ...runs[0].rules.map((r) => r.label), "rules", "KPIs", "hard limits"];
  const rows = runs.map((run) => [
    label(run),
    ...run.rules.map((r) => `${formatKpiValue(r.value, r.unit)}${r.passed ? "" : " ✗"}`),
    `${run.rulesPassed}/${run.rulesTotal}`,
    run.passed ? "PASS" : "FAIL",
    run.limits.ok ? "held" : `BREACHED (${limitsDetail(run)})`,
  ]);
  const targets = ["target", ...runs[0].rules.map((r) => r.target), "≥ 80 %", "", "|q| ≤ q_max, 0 errors"];
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
