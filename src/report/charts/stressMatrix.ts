import type { TopLevelSpec } from "vega-lite";
import { formatKpiValue } from "../../kpi/format.ts";
import type { RuleResult } from "../../kpi/targets.ts";
import { reportConfig } from "./common.ts";

/** One row of the stress matrix: a run (baseline or scenario) and its KPI rules. */
export interface StressMatrixRow {
  scenario: string;
  rules: Pick<RuleResult, "label" | "value" | "unit" | "target" | "passed" | "required">[];
  rulesPassed: number;
  rulesTotal: number;
  passed: boolean;
  /** Why the run failed its KPIs (shown in the verdict cell's tooltip). */
  failReasons: string[];
  /** The fee assumption behind the PnL, e.g. "binance-spot-vip9 1.2/2.4 bp". */
  feeSchedule: string;
  /** Maker fee, bp, at which the PnL would be 0; null without maker fills. */
  breakEvenMakerFeeBps: number | null;
  /** Hard risk limits held (|q| ≤ q_max, no step errors); the column is left out when undefined. */
  limitsOk?: boolean;
}

const COLOURS = { PASS: "#b7e4b0", FAIL: "#f8b4a6", TARGET: "#ececec", INFO: "#f6f8fa" } as const;
const FEES = "fee schedule";
const BREAK_EVEN = "break-even maker fee";
const TARGET_ROW = "target";

/** The verdict rule in a matrix's words. */
export const MATRIX_RULE_TEXT = "a run passes with ≥ 80 % of the KPI rules and every required rule (*)";

/**
 * The scenario × KPI matrix as a Vega-Lite heat-table: one row per run (a "target" row first),
 * one column per KPI rule (a required rule's name marked *), the fee schedule and the break-even
 * maker fee, then the rules-passed verdict and (when given) the hard-limits check; each cell
 * shows the value as text on green (target met) or red (missed), the fee columns on grey.
 */
export function stressMatrixSpec(rows: readonly StressMatrixRow[], opts: { title?: string; subtitle?: string[] } = {}): TopLevelSpec {
  const columnOf = (r: { label: string; required: boolean }) => `${r.label}${r.required ? "*" : ""}`;
  const kpiColumns = rows[0]?.rules.map(columnOf) ?? [];
  const withLimits = rows.some((r) => r.limitsOk !== undefined);
  const columns = [...kpiColumns, FEES, BREAK_EVEN, "rules passed", ...(withLimits ? ["hard limits"] : [])];
  const cells: Record<string, string>[] = [];
  const cell = (scenario: string, column: string, text: string, status: keyof typeof COLOURS, detail = text) => cells.push({ scenario, column, text, status, detail });
  for (const r of rows[0]?.rules ?? []) cell(TARGET_ROW, columnOf(r), r.target, "TARGET");
  cell(TARGET_ROW, FEES, "assumed", "TARGET");
  cell(TARGET_ROW, BREAK_EVEN, "PnL = 0 at", "TARGET");
  const required = rows[0]?.rules.some((r) => r.required) ? " + *" : "";
  cell(TARGET_ROW, "rules passed", `≥ 80 %${required}`, "TARGET");
  if (withLimits) cell(TARGET_ROW, "hard limits", "|q| ≤ q_max, 0 errors", "TARGET");
  for (const row of rows) {
    for (const r of row.rules) cell(row.scenario, columnOf(r), formatKpiValue(r.value, r.unit), r.passed ? "PASS" : "FAIL", `${formatKpiValue(r.value, r.unit)} (target ${r.target})`);
    cell(row.scenario, FEES, row.feeSchedule, "INFO");
    cell(row.scenario, BREAK_EVEN, row.breakEvenMakerFeeBps === null ? "n/a" : `${row.breakEvenMakerFeeBps.toFixed(2)} bp`, "INFO");
    const verdictText = `${row.rulesPassed}/${row.rulesTotal} ${row.passed ? "PASS" : "FAIL"}`;
    cell(row.scenario, "rules passed", verdictText, row.passed ? "PASS" : "FAIL", row.failReasons.length > 0 ? `${verdictText}: ${row.failReasons.join("; ")}` : verdictText);
    if (withLimits) cell(row.scenario, "hard limits", row.limitsOk === undefined ? "n/a" : row.limitsOk ? "held" : "BREACHED", row.limitsOk === false ? "FAIL" : "PASS");
  }
  return {
    title: {
      text: opts.title ?? "Stress suite: KPIs per scenario",
      subtitle: opts.subtitle ?? [`green: target met, red: missed; ${MATRIX_RULE_TEXT}`],
    },
    config: { ...reportConfig(), view: { stroke: null } },
    data: { values: cells },
    width: { step: 124 },
    height: { step: 26 },
    encoding: {
      x: { field: "column", type: "nominal", sort: columns, axis: { orient: "top", title: null, labelAngle: 0, labelFontWeight: "bold", labelLimit: 122, domain: false, ticks: false } },
      y: { field: "scenario", type: "nominal", sort: [TARGET_ROW, ...rows.map((r) => r.scenario)], axis: { title: null, domain: false, ticks: false, labelFontSize: 12 } },
    },
    layer: [
      {
        mark: { type: "rect", stroke: "white", strokeWidth: 2 },
        encoding: {
          color: { field: "status", type: "nominal", scale: { domain: Object.keys(COLOURS), range: Object.values(COLOURS) }, legend: null },
          tooltip: [{ field: "scenario" }, { field: "column", title: "KPI" }, { field: "detail", title: "value" }],
        },
      },
      { mark: { type: "text", fontSize: 11, color: "#111" }, encoding: { text: { field: "text", type: "nominal" } } },
    ],
  };
}
