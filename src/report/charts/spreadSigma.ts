import type { TopLevelSpec } from "vega-lite";
import { tickDecimals, type ChartContext } from "../context.ts";
import { minMaxRows } from "../downsample.ts";
import { mapColumn, rowsAt, timeIn } from "../rows.ts";
import type { TimeseriesData } from "../../runfolder/format.ts";
import { CHART_WIDTH, PANEL_HEIGHT, downsampleNote, hoverLayer, labelSeries, originNote, noData, reportConfig, TIME_PATH_MARK, timeX } from "./common.ts";

const SIGMA = { sigma: "σ", sigma_base: "σ_base", regime: "regime threshold" };
/** The top panel's one series, named in the legend the two panels share. */
export const SPREAD_SERIES = "quoted spread";
/** Every series drawn, in legend order, with its colour and dash: the legend lists each of them. */
export const SPREAD_SIGMA_LEGEND = {
  domain: [SPREAD_SERIES, ...Object.values(SIGMA)],
  color: ["#9467bd", "#1f77b4", "#ff7f0e", "#d62728"],
  dash: [[1, 0], [1, 0], [1, 0], [4, 3]],
};

/** Two panels over time: our quoted spread ask − bid, and the volatility σ with σ_base and the regime threshold. */
export function spreadSigmaSpec(
  ts: Pick<TimeseriesData, "t_ns" | "bid" | "ask" | "sigma" | "sigma_base">,
  ctx: ChartContext,
  opts: { regimeRatio: number },
): TopLevelSpec {
  const n = ts.t_ns.length;
  const spread = mapColumn(ts.ask, (ask, i) => ask - ts.bid[i]);
  const kept = minMaxRows([spread, ts.sigma, ts.sigma_base], 0, n, ctx.maxRows);
  const t = timeIn(ts.t_ns, ctx.time.seconds);
  const values = rowsAt(kept, {
    t: { values: t, decimals: ctx.time.decimals },
    spread: { values: spread, decimals: tickDecimals(ctx.tickSize) },
    sigma: { values: ts.sigma, decimals: 5 },
    sigma_base: { values: ts.sigma_base, decimals: 5 },
  });
  const logTicks = decades(spread);
  const domain: [number, number] | undefined = n > 0 ? [values[0].t as number, values[values.length - 1].t as number] : undefined;
  const q = ctx.quote;
  const sigmaUnit = `${q}/√s`;
  const tip = [
    { field: "spread", type: "quantitative", title: `quoted spread (${q})`, format: ",.2f" },
    { field: "spread_ticks", type: "quantitative", title: "quoted spread (ticks)", format: ",.0f" },
    { field: "sigma", type: "quantitative", title: `σ (${sigmaUnit})`, format: ",.4f" },
    { field: "sigma_base", type: "quantitative", title: `σ_base (${sigmaUnit})`, format: ",.4f" },
  ];
  // one colour and one dash scale over both panels (shared by default in a vconcat), so one legend lists every line
  const legendColor = { field: "series", type: "nominal" as const, title: "", scale: { domain: SPREAD_SIGMA_LEGEND.domain, range: SPREAD_SIGMA_LEGEND.color } };
  const legendDash = { field: "series", type: "nominal" as const, scale: { domain: SPREAD_SIGMA_LEGEND.domain, range: SPREAD_SIGMA_LEGEND.dash } };
  return {
    title: {
      text: "Quoted spread and volatility σ",
      subtitle: [
        `top: ask − bid of our quotes (${q})${logTicks.length === 0 ? ", none: no two-sided quote in this run" : ""}; bottom: σ, σ_base (${sigmaUnit}) and the regime threshold ${opts.regimeRatio}·σ_base (δ widens while σ is above it)`,
        ...originNote(ctx),
        ...downsampleNote(kept.length, n),
      ],
    },
    ...noData(n === 0 ? "no timeseries rows" : undefined),
    config: reportConfig(),
    data: { values },
    transform: [
      { calculate: `datum.spread / ${ctx.tickSize}`, as: "spread_ticks" },
      { calculate: `datum.sigma_base === null ? null : ${opts.regimeRatio} * datum.sigma_base`, as: "regime" },
    ],
    vconcat: [
      {
        width: CHART_WIDTH,
        height: PANEL_HEIGHT - 40,
        layer: [
          {
            transform: [{ calculate: JSON.stringify(SPREAD_SERIES), as: "series" }],
            mark: { type: "line", ...TIME_PATH_MARK, strokeWidth: 1, interpolate: "step-after" },
            encoding: { x: { ...timeX(ctx.time, domain), title: null }, color: legendColor, strokeDash: legendDash, y: { field: "spread", type: "quantitative", title: `quoted spread (${q}, log scale)`, scale: { type: "log", nice: false, ...(logTicks.length > 1 ? { domain: [logTicks[0], logTicks[logTicks.length - 1]] } : {}) }, axis: logTicks.length > 1 ? { values: logTicks, format: "~g" } : {} } },
          },
          hoverLayer(tip, ctx.time, "hover_top"),
        ],
      },
      {
        width: CHART_WIDTH,
        height: PANEL_HEIGHT - 40,
        layer: [
          {
            transform: [{ fold: Object.keys(SIGMA), as: ["key", "value"] }, labelSeries(SIGMA)],
            mark: { type: "line", ...TIME_PATH_MARK, strokeWidth: 1 },
            encoding: {
              x: timeX(ctx.time, domain),
              y: { field: "value", type: "quantitative", title: `σ (${sigmaUnit})` },
              color: legendColor,
              strokeDash: legendDash,
            },
          },
          hoverLayer(tip, ctx.time, "hover_bottom"),
        ],
      },
    ],
  };
}

/** Powers of ten spanning the positive values of a series (for log-axis ticks); empty when none. */
export function decades(values: ArrayLike<number>): number[] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v > 0 && v < lo) lo = v;
    if (v > 0 && v > hi) hi = v;
  }
  if (!(hi > 0)) return [];
  const out: number[] = [];
  for (let k = Math.floor(Math.log10(lo) + 1e-9); k <= Math.ceil(Math.log10(hi) - 1e-9); k++) out.push(Number((10 ** k).toPrecision(1)));
  return out.length === 1 ? [out[0], out[0] * 10] : out;
}
