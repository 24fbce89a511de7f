import { formatKpiValue } from "../kpi/format.ts";
import type { KpiReport } from "../kpi/report.ts";
import { KPI_RULES } from "../kpi/targets.ts";

/** One KPI rule as shown in the report tables. */
export interface KpiRow {
  kpi: string;
  value: string;
  target: string;
  result: "PASS" | "FAIL";
  definition: string;
}

/** The KPI rules of a report with formatted values (units named by asset), targets, verdicts and definitions. */
export function kpiRows(kpis: Pick<KpiReport, "rules">, units: { base: string; quote: string }): KpiRow[] {
  return kpis.rules.map((r) => ({
    kpi: r.label,
    value: formatKpiValue(r.value, r.unit).replace(/ base$/, ` ${units.base}`).replace(/ quote$/, ` ${units.quote}`),
    target: r.target,
    result: r.passed ? "PASS" : "FAIL",
    definition: KPI_RULES.find((k) => k.id === r.id)?.definition ?? "",
  }));
}

/** "5/6 rules passed → PASS (≥ 80 % needed)". */
export function kpiVerdict(kpis: Pick<KpiReport, "rulesPassed" | "rulesTotal" | "passed">): string {
  return `${kpis.rulesPassed}/${kpis.rulesTotal} rules passed → ${kpis.passed ? "PASS" : "FAIL"} (≥ 80 % needed)`;
}
