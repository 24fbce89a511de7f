import { zeroRule } from "../../../report/charts/common.ts";
import { HALF_WIDTH, LIVE_HEIGHT, POINTS, liveConfig, sessionTimeX, windowText, type DashboardChart, type LiveChartContext } from "./common.ts";

/** How much inventory history the chart keeps, s. */
export const INVENTORY_WINDOW_S = 1800;

/** The named dataset of the ±q_max rules; the page replaces its rows when q_max changes (hot reload). */
export const LIMITS = "limits";

/** The two rows of the LIMITS dataset for a q_max. */
export function limitRows(qMax: number, base: string): { y: number; label: string }[] {
  return [
    { y: qMax, label: `+q_max = ${qMax} ${base}` },
    { y: -qMax, label: `−q_max = −${qMax} ${base}` },
  ];
}

/** Inventory q over the last 30 minutes with the ±q_max limits as dashed rules. */
export function inventoryChart(ctx: LiveChartContext, qMax: number): DashboardChart {
  const b = ctx.base;
  return {
    id: "inventory",
    heading: "Inventory",
    windowSeconds: INVENTORY_WINDOW_S,
    spec: {
      title: { text: "Inventory", subtitle: [`position q (${b}); dashed red: the limits ±q_max; ${windowText(INVENTORY_WINDOW_S)}`] },
      config: liveConfig(),
      width: HALF_WIDTH,
      height: LIVE_HEIGHT,
      layer: [
        zeroRule(),
        {
          data: { name: POINTS },
          mark: { type: "area", line: { color: "#1f77b4", strokeWidth: 1 }, color: "#1f77b4", opacity: 0.25, interpolate: "step-after" },
          encoding: {
            x: sessionTimeX(),
            y: { field: "q", type: "quantitative", title: `inventory q (${b})` },
          },
        },
        {
          // the rules also stretch the y scale to ±q_max, so the limits are always in view
          data: { name: LIMITS, values: limitRows(qMax, b) },
          layer: [
            { mark: { type: "rule", color: "#d62728", strokeDash: [6, 4], strokeWidth: 1.5 }, encoding: { y: { field: "y", type: "quantitative" } } },
            {
              mark: { type: "text", align: "left", dx: 4, dy: -7, color: "#d62728", fontSize: 11 },
              encoding: { x: { value: 0 }, y: { field: "y", type: "quantitative" }, text: { field: "label" } },
            },
          ],
        },
      ],
    },
  };
}
