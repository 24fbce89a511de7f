import { labelSeries } from "../../../report/charts/common.ts";
import { FULL_WIDTH, LIVE_HEIGHT, POINTS, liveConfig, pausedLayer, sessionTimeX, windowText, type DashboardChart, type LiveChartContext } from "./common.ts";

/** How much quote history the chart keeps, s: a few minutes, so a tick is still visible. */
export const QUOTES_WINDOW_S = 300;

const SERIES = { bestBid: "best bid", bestAsk: "best ask", mid: "mid", reservation: "reservation r", bid: "our bid", ask: "our ask" };
const COLORS = ["#9ecae1", "#fdae6b", "#555555", "#9467bd", "#1f77b4", "#ff7f0e"];
// mid and r dashed, the rest solid
const DASHES = [[1, 0], [1, 0], [4, 3], [2, 2], [1, 0], [1, 0]];

/** Our bid and ask around the market (best bid/ask, mid) and the reservation price, over the last 5 minutes. */
export function quotesChart(ctx: LiveChartContext): DashboardChart {
  const q = ctx.quote;
  const domain = Object.values(SERIES);
  return {
    id: "quotes",
    heading: "Quotes around the mid",
    windowSeconds: QUOTES_WINDOW_S,
    spec: {
      title: { text: "Quotes around the mid", subtitle: [`our bid and ask, the best bid and ask, the mid and the reservation price r (${q}); red bands: paused; ${windowText(QUOTES_WINDOW_S)}`] },
      config: liveConfig(),
      width: FULL_WIDTH,
      height: LIVE_HEIGHT + 60,
      data: { name: POINTS },
      layer: [
        pausedLayer(),
        {
          transform: [{ fold: Object.keys(SERIES), as: ["key", "value"] }, labelSeries(SERIES)],
          mark: { type: "line", interpolate: "step-after", strokeWidth: 1.5 },
          encoding: {
            x: sessionTimeX(),
            y: { field: "value", type: "quantitative", title: `price (${q})`, scale: { zero: false } },
            color: { field: "series", type: "nominal", title: "", scale: { domain, range: COLORS } },
            // same field and domain as the colour: vega-lite merges the two into one legend
            strokeDash: { field: "series", type: "nominal", scale: { domain, range: DASHES } },
          },
        },
      ],
    },
  };
}
