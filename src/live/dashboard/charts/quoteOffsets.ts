import { labelSeries } from "../../../report/charts/common.ts";
import { FULL_WIDTH, LIVE_HEIGHT, POINTS, liveConfig, pausedLayer, sessionTimeX, windowText, type DashboardChart, type LiveChartContext } from "./common.ts";
import { QUOTES_WINDOW_S } from "./quotes.ts";

const SERIES = { bestBid: "best bid", bestAsk: "best ask", reservation: "reservation r", bid: "our bid", ask: "our ask" };
const COLORS = ["#9ecae1", "#fdae6b", "#9467bd", "#1f77b4", "#ff7f0e"];
const DASHES = [[1, 0], [1, 0], [2, 2], [1, 0], [1, 0]];

/**
 * The same quotes as offsets from the mid in ticks: on a liquid market the mid moves many ticks
 * in a few minutes, so on a price axis our quotes and the book's best lie on top of each other.
 */
export function quoteOffsetsChart(ctx: LiveChartContext): DashboardChart {
  const domain = Object.values(SERIES);
  const tick = ctx.tickSize;
  return {
    id: "offsets",
    heading: "Quotes relative to the mid",
    windowSeconds: QUOTES_WINDOW_S,
    spec: {
      title: {
        text: "Quotes relative to the mid",
        subtitle: [`(price − mid) / tick, tick = ${tick} ${ctx.quote}: our bid and ask, the best bid and ask, r; red bands: paused; ${windowText(QUOTES_WINDOW_S)}`],
      },
      config: liveConfig(),
      width: FULL_WIDTH,
      height: LIVE_HEIGHT,
      data: { name: POINTS },
      layer: [
        pausedLayer(),
        {
          transform: [
            { fold: Object.keys(SERIES), as: ["key", "price"] },
            { filter: "isValid(datum.price) && isValid(datum.mid)" },
            { calculate: `(datum.price - datum.mid) / ${tick}`, as: "value" },
            labelSeries(SERIES),
          ],
          mark: { type: "line", interpolate: "step-after", strokeWidth: 1.5 },
          encoding: {
            x: sessionTimeX(),
            y: { field: "value", type: "quantitative", title: "ticks from the mid" },
            color: { field: "series", type: "nominal", title: "", scale: { domain, range: COLORS } },
            strokeDash: { field: "series", type: "nominal", scale: { domain, range: DASHES } },
          },
        },
      ],
    },
  };
}
