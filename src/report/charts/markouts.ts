import type { TopLevelSpec } from "vega-lite";
import type { ChartContext } from "../context.ts";
import type { MarkoutResult } from "../../kpi/markouts.ts";
import { round } from "../rows.ts";
import { count, noData, reportConfig, zeroRule } from "./common.ts";

/** Markout curve: qty-weighted mean side·(mid_{t+h} − fill price) in ticks against the horizon h (log scale). */
export function markoutSpec(markouts: readonly MarkoutResult[], ctx: ChartContext, opts: { meanHalfSpreadTicks?: number | null } = {}): TopLevelSpec {
  const values = markouts
    .filter((m) => m.meanTicks !== null)
    .map((m) => ({ h: m.horizonMs / 1000, ticks: round(m.meanTicks as number, 3), quote: round(m.meanQuote ?? NaN, 6), n: m.count }));
  const half = opts.meanHalfSpreadTicks;
  const fills = markouts.reduce((s, m) => Math.max(s, m.count), 0);
  const subtitle = [
    values.length === 0 ? "no fills: no markout to show" : `qty-weighted over up to ${count(fills)} fills; positive = the mid moved in our favour after the fill`,
    ...(half !== undefined && half !== null && Number.isFinite(half) ? [`dashed: mean quoted half-spread at placement, ${round(half, 2)} ticks`] : []),
  ];
  const halfLayer =
    half !== undefined && half !== null && Number.isFinite(half)
      ? [
          {
            data: { values: [{ y: round(half, 3), label: "mean quoted half-spread" }] },
            mark: { type: "rule" as const, color: "#ff7f0e", strokeDash: [6, 4] },
            encoding: {
              y: { field: "y", type: "quantitative" as const },
              tooltip: [{ field: "y", type: "quantitative" as const, title: "mean quoted half-spread (ticks)", format: ",.2f" }],
            },
          },
        ]
      : [];
  return {
    title: { text: "Markout curve", subtitle },
    ...noData(values.length === 0 ? "no fills" : undefined),
    config: reportConfig(),
    width: 560,
    height: 260,
    layer: [
      zeroRule(),
      ...halfLayer,
      {
        data: { values },
        mark: { type: "line", point: { filled: true, size: 60 }, color: "#1f77b4" },
        encoding: {
          x: { field: "h", type: "quantitative", title: "horizon after the fill (s, log scale)", scale: { type: "log", nice: false, ...(values.length > 0 ? { domain: [values[0].h * 0.7, values[values.length - 1].h * 1.4] } : {}) }, axis: { values: values.map((v) => v.h), format: "~g" } },
          y: { field: "ticks", type: "quantitative", title: "mean markout (ticks)", ...(values.length === 0 ? { scale: { domain: [-1, 1] } } : {}) },
          tooltip: [
            { field: "h", type: "quantitative", title: "horizon (s)", format: "~g" },
            { field: "ticks", type: "quantitative", title: "mean markout (ticks)", format: ",.2f" },
            { field: "quote", type: "quantitative", title: `mean markout (${ctx.quote} per ${ctx.base})`, format: ",.4f" },
            { field: "n", type: "quantitative", title: "fills resolved" },
          ],
        },
      },
    ],
  };
}
