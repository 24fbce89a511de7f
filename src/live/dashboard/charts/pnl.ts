import { zeroRule } from "../../../report/charts/common.ts";
import { HALF_WIDTH, LIVE_HEIGHT, POINTS, liveConfig, sessionTimeX, windowText, type DashboardChart, type LiveChartContext } from "./common.ts";

/** How much PnL history the chart keeps, s. */
export const PNL_WINDOW_S = 1800;

/** PnL over time: mark-to-market at the mid, net of fees, over the last 30 minutes. */
export function pnlChart(ctx: LiveChartContext): DashboardChart {
  const q = ctx.quote;
  return {
    id: "pnl",
    heading: "PnL",
    windowSeconds: PNL_WINDOW_S,
    spec: {
      title: { text: "PnL", subtitle: [`mark-to-market at the mid, net of fees (${q}); ${windowText(PNL_WINDOW_S)}`] },
      config: liveConfig(),
      width: HALF_WIDTH,
      height: LIVE_HEIGHT,
      data: { name: POINTS },
      layer: [
        zeroRule(),
        {
          mark: { type: "line", color: "#111111", strokeWidth: 1.5 },
          encoding: {
            x: sessionTimeX(),
            y: { field: "pnl", type: "quantitative", title: `PnL (${q})` },
          },
        },
      ],
    },
  };
}
