import type { TopLevelSpec } from "vega-lite";
import { feeLine } from "../../kpi/format.ts";
import type { KpiReport } from "../../kpi/report.ts";
import type { ChartContext } from "../context.ts";
import { kpiRows, kpiVerdict } from "../kpiRows.ts";
import { reportConfig } from "./common.ts";

/** Column name → x position (px) and font size of the text-mark table. */
const COLUMNS: { field: string; title: string; x: number; size: number }[] = [
  { field: "kpi", title: "KPI", x: 0, size: 12 },
  { field: "value", title: "value", x: 130, size: 12 },
  { field: "target", title: "target", x: 245, size: 12 },
  { field: "resultText", title: "result", x: 385, size: 12 },
  { field: "definition", title: "rule definition", x: 445, size: 11 },
];

/**
 * The KPI table as text marks (KPI, value, target, PASS/FAIL in green/red with required rules
 * marked *, rule definition), for SVG/PNG output; the verdict and the fee assumption head it.
 */
export function kpiTableSpec(kpis: Pick<KpiReport, "rules"> & Partial<Pick<KpiReport, "feeSchedule" | "fees" | "breakEvenMakerFeeBps">>, ctx: ChartContext): TopLevelSpec {
  const header = Object.fromEntries(COLUMNS.map((c) => [c.field, c.title]));
  const rows = kpiRows(kpis, ctx).map((r, i) => ({ ...r, resultText: `${r.result}${r.required ? "*" : ""}`, row: i + 1, head: false }));
  const values = [{ ...header, row: 0, head: true }, ...rows];
  const { feeSchedule, fees, breakEvenMakerFeeBps } = kpis;
  // Reports rendered again from an older kpis.json have no fee assumption to state.
  const feeText = feeSchedule !== undefined && fees !== undefined && breakEvenMakerFeeBps !== undefined ? [feeLine({ feeSchedule, fees, breakEvenMakerFeeBps }, ctx.quote)] : [];
  const legend = rows.some((r) => r.required) ? ["* required: the run fails when this rule fails"] : [];
  return {
    title: { text: "KPIs against their targets", subtitle: [kpiVerdict(kpis), ...feeText, ...legend] },
    config: { ...reportConfig(), view: { stroke: null } },
    width: 1040,
    padding: { left: 8, top: 8, right: 8, bottom: 16 },
    height: { step: 24 },
    data: { values },
    encoding: { y: { field: "row", type: "ordinal", axis: null } },
    layer: [false, true].flatMap((head) =>
      COLUMNS.map((c) => ({
        transform: [{ filter: head ? "datum.head" : "!datum.head" }],
        mark: { type: "text" as const, align: "left" as const, baseline: "middle" as const, fontSize: head ? 12 : c.size, fontWeight: head ? ("bold" as const) : ("normal" as const) },
        encoding: {
          x: { value: c.x },
          text: { field: c.field, type: "nominal" as const },
          color:
            c.field === "resultText" && !head
              ? { condition: { test: "datum.result === 'PASS'", value: "#1a7f37" }, value: "#cf222e" }
              : { value: c.field === "definition" && !head ? "#444" : "#000" },
        },
      })),
    ),
  };
}
