import type { TopLevelSpec } from "vega-lite";
import { tickDecimals, timeAxisFor, type ChartContext } from "../context.ts";
import { lowerBound, minMaxRows } from "../downsample.ts";
import { round, rowsAt, timeIn, type Row } from "../rows.ts";
import type { FillsData, TimeseriesData } from "../../runfolder/format.ts";
import { CHART_WIDTH, PANEL_HEIGHT, count, downsampleNote, hoverLayer, labelSeries, noData, originNote, reportConfig, TIME_PATH_MARK, timeX } from "./common.ts";

/** Which part of the run the quotes chart shows, seconds since the data origin. */
export interface QuotesWindow {
  startS?: number;
  endS?: number;
}

/** Default window: the first hour of the run (a day at 1 s is 86,400 rows; the other charts cover the whole run). */
export const DEFAULT_QUOTES_WINDOW_S = 3600;

const SERIES = { mid: "mid", bid: "our bid", ask: "our ask" };
const DOMAIN = ["mid", "our bid", "our ask", "buy fill", "sell fill"];
const RANGE = ["#888888", "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728"];

/**
 * Mid, our bid and ask, and our fills (points coloured by side) over a window: by default the
 * first hour; lines min/max-downsampled to ctx.maxRows rows, every fill in the window drawn.
 */
export function quotesSpec(
  ts: Pick<TimeseriesData, "t_ns" | "mid" | "bid" | "ask">,
  fills: Pick<FillsData, "t_ns" | "side" | "price" | "qty" | "mid_at_fill">,
  ctx: ChartContext,
  window: QuotesWindow = {},
): TopLevelSpec {
  const n = ts.t_ns.length;
  const first = n > 0 ? ts.t_ns[0] / 1e9 : 0;
  const last = n > 0 ? ts.t_ns[n - 1] / 1e9 : 0;
  const startS = window.startS ?? first;
  const endS = window.endS ?? Math.min(last, startS + DEFAULT_QUOTES_WINDOW_S);
  const lo = lowerBound(ts.t_ns, startS * 1e9);
  const hi = lowerBound(ts.t_ns, endS * 1e9 + 1);
  const time = timeAxisFor(endS - startS);
  const px = tickDecimals(ctx.tickSize) + 1;
  const kept = minMaxRows([ts.mid, ts.bid, ts.ask], lo, hi, ctx.maxRows);
  const values = rowsAt(kept, {
    t: { values: timeIn(ts.t_ns, time.seconds), decimals: time.decimals },
    mid: { values: ts.mid, decimals: px },
    bid: { values: ts.bid, decimals: px },
    ask: { values: ts.ask, decimals: px },
  });
  const fillRows: Row[] = [];
  const f0 = lowerBound(fills.t_ns, startS * 1e9);
  const f1 = lowerBound(fills.t_ns, endS * 1e9 + 1);
  for (let i = f0; i < f1; i++) {
    fillRows.push({
      t: round(fills.t_ns[i] / 1e9 / time.seconds, time.decimals),
      kind: fills.side[i] > 0 ? "buy fill" : "sell fill",
      price: round(fills.price[i], px),
      qty: round(fills.qty[i], 8),
      mid: round(fills.mid_at_fill[i], px),
    });
  }
  const q = ctx.quote;
  const whole = endS - startS >= last - first;
  const windowText = whole ? "the whole run" : `${round(startS / time.seconds, 2)}–${round(endS / time.seconds, 2)} ${time.unit} (default: the first hour)`;
  const price = (field: string, title: string) => ({ field, type: "quantitative" as const, title: `${title} (${q})`, format: `,.${px}f` });
  const domain: [number, number] = [round(startS / time.seconds, time.decimals) ?? 0, round(endS / time.seconds, time.decimals) ?? 0];
  return {
    title: {
      text: "Quotes and fills",
      subtitle: [
        `window: ${windowText}; ${count(fillRows.length)} fills (▲ buy, ▼ sell)`,
        ...originNote(ctx),
        ...downsampleNote(kept.length, hi - lo),
      ],
    },
    ...noData(kept.length === 0 && fillRows.length === 0 ? "no timeseries rows or fills in the window" : undefined),
    config: reportConfig(),
    width: CHART_WIDTH,
    height: PANEL_HEIGHT + 100,
    layer: [
      {
        data: { values },
        transform: [{ fold: Object.keys(SERIES), as: ["key", "value"] }, labelSeries(SERIES)],
        mark: { type: "line", ...TIME_PATH_MARK, strokeWidth: 1, interpolate: "step-after" },
        encoding: {
          x: timeX(time, domain),
          y: { field: "value", type: "quantitative", title: `price (${q})`, scale: { zero: false } },
          color: { field: "series", type: "nominal", title: "", scale: { domain: DOMAIN, range: RANGE } },
        },
      },
      {
        data: { values: fillRows },
        mark: { type: "point", filled: true, size: 45, opacity: 0.9 },
        encoding: {
          x: { field: "t", type: "quantitative" },
          y: { field: "price", type: "quantitative" },
          color: { field: "kind", type: "nominal" },
          shape: { field: "kind", type: "nominal", scale: { domain: ["buy fill", "sell fill"], range: ["triangle-up", "triangle-down"] }, legend: null },
          tooltip: [
            { field: "t", type: "quantitative", title: `time (${time.unit})`, format: ",.4f" },
            { field: "kind", type: "nominal", title: "fill" },
            price("price", "price"),
            { field: "qty", type: "quantitative", title: `qty (${ctx.base})`, format: ",.5f" },
            price("mid", "mid at fill"),
          ],
        },
      },
      { data: { values }, ...hoverLayer([price("mid", "mid"), price("bid", "our bid"), price("ask", "our ask")], time) },
    ],
  };
}
