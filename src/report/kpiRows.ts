import { formatKpiValue } from "../kpi/format.ts";
import type { KpiReport } from "../kpi/report.ts";
import { KPI_RULES } from "../kpi/targets.ts";
import { verdictLine } from "../kpi/verdict.ts";

/** One KPI rule as shown in the report tables. */
export interface KpiRow {
  kpi: string;
  value: string;
  target: string;
  result: "PASS" | "FAIL";
  /** The run fails when this rule fails (config `kpi.required`). */
  required: boolean;
  definition: string;
}

/** The KPI rules of a report with formatted values (units named by asset), targets, verdicts and definitions. */
export function kpiRows(kpis: Pick<KpiReport, "rules">, units: { base: string; quote: string }): KpiRow[] {
  return kpis.rules.map((r) => ({
    kpi: r.label,
    value: formatKpiValue(r.value, r.unit).replace(/ base$/, ` ${units.base}`).replace(/ quote$/, ` ${units.quote}`),
    target: r.target,
    result: r.passed ? "PASS" : "FAIL",
    // A kpis.json written before rules could be required has no flag: nothing was required then.
    required: r.required ?? false,
    definition: KPI_RULES.find((k) => k.id === r.id)?.definition ?? "",
  }));
}

/** "5/6 rules passed, required: pnl → FAIL (required rule pnl failed)": the verdict and why. */
export function kpiVerdict(kpis: Pick<KpiReport, "rules">): string {
  return verdictLine(kpis.rules);
}
