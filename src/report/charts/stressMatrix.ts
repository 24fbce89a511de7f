import type { TopLevelSpec } from "vega-lite";
import { formatKpiValue } from "../../kpi/format.ts";
import type { RuleResult } from "../../kpi/targets.ts";
import { reportConfig } from "./common.ts";

/** One row of the stress matrix: a run (baseline or scenario) and its KPI rules. */
export interface StressMatrixRow {
  scenario: string;
  rules: Pick<RuleResult, "label" | "value" | "unit" | "target" | "passed">[];
  rulesPassed: number;
  rulesTotal: number;
  passed: boolean;
  /** Hard risk limits held (|q| ≤ q_max, no step errors); the column is left out when undefined. */
  limitsOk?: boolean;
}

const COLOURS = { PASS: "#b7e4b0", FAIL: "#f8b4a6", TARGET: "#ececec" } as const;
const TARGET_ROW = "target";

/**
 * The scenario × KPI matrix as a Vega-Lite heat-table: one row per run (a "target" row first),
 * one column per KPI rule, then the rules-passed verdict and (when given) the hard-limits check;
 * each cell shows the value as text on green (target met) or red (missed).
 */
export function stressMatrixSpec(rows: readonly StressMatrixRow[], opts: { title?: string; subtitle?: string[] } = {}): TopLevelSpec {
  const kpiColumns = rows[0]?.rules.map((r) => r.label) ?? [];
  const withLimits = rows.some((r) => r.limitsOk !== undefined);
  const columns = [...kpiColumns, "rules passed", ...(withLimits ? ["hard limits"] : [])];
  const cells: Record<string, string>[] = [];
  const cell = (scenario: string, column: string, text: string, status: keyof typeof COLOURS, detail = text) => cells.push({ scenario, column, text, status, detail });
  for (const r of rows[0]?.rules ?? []) cell(TARGET_ROW, r.label, r.target, "TARGET");
  cell(TARGET_ROW, "rules passed", "≥ 80 %", "TARGET");
  if (withLimits) cell(TARGET_ROW, "hard limits", "|q| ≤ q_max, 0 errors", "TARGET");
  for (const row of rows) {
    for (const r of row.rules) cell(row.scenario, r.label, formatKpiValue(r.value, r.unit), r.passed ? "PASS" : "FAIL", `${formatKpiValue(r.value, r.unit)} (target ${r.target})`);
    cell(row.scenario, "rules passed", `${row.rulesPassed}/${row.rulesTotal} ${row.passed ? "PASS" : "FAIL"}`, row.passed ? "PASS" : "FAIL");
    if (withLimits) cell(row.scenario, "hard limits", row.limitsOk === undefined ? "n/a" : row.limitsOk ? "held" : "BREACHED", row.limitsOk === false ? "FAIL" : "PASS");
  }
  return {
    title: {
      text: opts.title ?? "Stress suite: KPIs per scenario",
      subtitle: opts.subtitle ?? ["green: target met, red: missed; a run passes with ≥ 80 % of the KPI rules"],
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
