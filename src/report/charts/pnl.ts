import type { TopLevelSpec } from "vega-lite";
import type { ChartContext } from "../context.ts";
import { minMaxRows } from "../downsample.ts";
import { pnlSplitSeries } from "../pnlSplit.ts";
import { mapColumn, rowsAt, timeIn } from "../rows.ts";
import type { FillsData, TimeseriesData } from "../../runfolder/format.ts";
import { CHART_WIDTH, PANEL_HEIGHT, downsampleNote, hoverLayer, labelSeries, originNote, noData, reportConfig, TIME_PATH_MARK, timeX, zeroRule } from "./common.ts";

const SERIES = { total: "total PnL", spread: "spread capture", inventory: "inventory", fees: "− fees" };
const COLORS = ["#111111", "#2ca02c", "#1f77b4", "#d62728"];

/** PnL over time (mark-to-market, net of fees) and its split: spread capture + inventory − fees. */
export function pnlSpec(
  ts: Pick<TimeseriesData, "t_ns" | "pnl">,
  fills: Pick<FillsData, "t_ns" | "side" | "price" | "qty" | "fee" | "mid_at_fill">,
  ctx: ChartContext,
): TopLevelSpec {
  const n = ts.t_ns.length;
  const split = pnlSplitSeries(ts, fills);
  const negFees = mapColumn(split.fees, (v) => -v);
  const kept = minMaxRows([ts.pnl, split.spread, split.inventory, negFees], 0, n, ctx.maxRows);
  const values = rowsAt(kept, {
    t: { values: timeIn(ts.t_ns, ctx.time.seconds), decimals: ctx.time.decimals },
    total: { values: ts.pnl, decimals: 4 },
    spread: { values: split.spread, decimals: 4 },
    inventory: { values: split.inventory, decimals: 4 },
    fees: { values: negFees, decimals: 4 },
  });
  const q = ctx.quote;
  const money = (field: string, title: string) => ({ field, type: "quantitative" as const, title: `${title} (${q})`, format: ",.4f" });
  return {
    title: {
      text: "PnL and its split",
      subtitle: [
        `mark-to-market at the mid, net of fees; total = spread capture + inventory − fees (${q})`,
        "spread capture = Σ qty·side·(mid at fill − fill price); inventory = total − spread capture + fees",
        ...originNote(ctx),
        ...downsampleNote(kept.length, n),
      ],
    },
    ...noData(n === 0 ? "no timeseries rows" : undefined),
    config: reportConfig(),
    width: CHART_WIDTH,
    height: PANEL_HEIGHT + 60,
    data: { values },
    layer: [
      zeroRule(),
      {
        transform: [{ fold: Object.keys(SERIES), as: ["key", "value"] }, labelSeries(SERIES)],
        mark: { type: "line", ...TIME_PATH_MARK, strokeWidth: 1.5 },
        encoding: {
          x: timeX(ctx.time),
          y: { field: "value", type: "quantitative", title: `PnL (${q})` },
          color: { field: "series", type: "nominal", title: "component", scale: { domain: Object.values(SERIES), range: COLORS } },
        },
      },
      hoverLayer([money("total", "total PnL"), money("spread", "spread capture"), money("inventory", "inventory"), money("fees", "− fees")], ctx.time),
    ],
  };
}
