import type { TopLevelSpec } from "vega-lite";
import type { ChartContext } from "../context.ts";
import { minMaxRows } from "../downsample.ts";
import { rowsAt, timeIn } from "../rows.ts";
import type { TimeseriesData } from "../../runfolder/format.ts";
import { CHART_WIDTH, PANEL_HEIGHT, downsampleNote, hoverLayer, originNote, noData, reportConfig, TIME_PATH_MARK, timeX, zeroRule } from "./common.ts";

/** Inventory q over time with the ±q_max limits as rules. */
export function inventorySpec(ts: Pick<TimeseriesData, "t_ns" | "q">, qMax: number, ctx: ChartContext): TopLevelSpec {
  const n = ts.t_ns.length;
  const kept = minMaxRows([ts.q], 0, n, ctx.maxRows);
  const values = rowsAt(kept, {
    t: { values: timeIn(ts.t_ns, ctx.time.seconds), decimals: ctx.time.decimals },
    q: { values: ts.q, decimals: 6 },
  });
  const b = ctx.base;
  let maxAbs = 0;
  for (let i = 0; i < n; i++) if (Math.abs(ts.q[i]) > maxAbs) maxAbs = Math.abs(ts.q[i]);
  // room above +q_max and below −q_max for the limit labels, unless q went past the limits
  const yScale = maxAbs <= qMax ? { scale: { domain: [-1.15 * qMax, 1.15 * qMax] } } : {};
  const limits = [
    { y: qMax, label: `+q_max = ${qMax} ${b}` },
    { y: -qMax, label: `−q_max = −${qMax} ${b}` },
  ];
  return {
    title: {
      text: "Inventory",
      subtitle: [`position q (${b}); dashed red: the inventory limits ±q_max = ±${qMax} ${b}`, ...originNote(ctx), ...downsampleNote(kept.length, n)],
    },
    ...noData(n === 0 ? "no timeseries rows" : undefined),
    config: reportConfig(),
    width: CHART_WIDTH,
    height: PANEL_HEIGHT,
    layer: [
      zeroRule(),
      {
        data: { values },
        mark: { type: "area", ...TIME_PATH_MARK, line: { ...TIME_PATH_MARK, color: "#1f77b4", strokeWidth: 1 }, color: "#1f77b4", opacity: 0.25, interpolate: "step-after" },
        encoding: {
          x: timeX(ctx.time),
          y: { field: "q", type: "quantitative", title: `inventory q (${b})`, ...yScale },
        },
      },
      {
        data: { values: limits },
        layer: [
          {
            mark: { type: "rule", color: "#d62728", strokeDash: [6, 4], strokeWidth: 1.5 },
            encoding: {
              y: { field: "y", type: "quantitative" },
              tooltip: [{ field: "label", type: "nominal", title: "limit" }],
            },
          },
          {
            mark: { type: "text", align: "left", dx: 4, dy: -7, color: "#d62728", fontSize: 11 },
            encoding: { x: { value: 0 }, y: { field: "y", type: "quantitative" }, text: { field: "label" } },
          },
        ],
      },
      { data: { values }, ...hoverLayer([{ field: "q", type: "quantitative", title: `q (${b})`, format: ",.5f" }], ctx.time) },
    ],
  };
}
