import type { Config, TopLevelSpec } from "vega-lite";
import type { Field } from "vega-lite/types_unstable/channeldef.js";
import type { LayerSpec, UnitSpec } from "vega-lite/types_unstable/spec/index.js";
import type { Transform } from "vega-lite/types_unstable/transform.js";
import type { ChartContext, TimeAxis } from "../context.ts";

/** A layer of a report chart. */
export type Layer = UnitSpec<Field> | LayerSpec<Field>;

/** The font of every chart: the DejaVu TTFs that renderPng loads, so SVG, PNG and page agree. */
export const REPORT_FONT = "DejaVu Sans";

/** Plot width and one panel's height, px. */
export const CHART_WIDTH = 860;
export const PANEL_HEIGHT = 220;

/** The vega config of every report chart. */
export function reportConfig(): Config {
  return {
    font: REPORT_FONT,
    background: "white",
    padding: 8,
    title: { fontSize: 15, subtitleFontSize: 11, subtitleColor: "#555", anchor: "start", offset: 10 },
    axis: { titleFontSize: 12, labelFontSize: 11, titleFontWeight: "normal" },
    legend: { titleFontSize: 12, labelFontSize: 11, orient: "right" },
    view: { stroke: "#ccc" },
  };
}

/**
 * Mark properties of a line or area drawn through thousands of rows sorted by time: no aria
 * description per row (vega would label the whole path with its first row's values; the axes and
 * the legend describe it), and the rows drawn in their order (vega's sort by x would return them
 * unchanged, at a cost: ~15 % of a report's SVG time).
 */
export const TIME_PATH_MARK = { aria: false, order: null } as const;

/** Axis title of the time axis, with its unit. */
export function timeTitle(time: TimeAxis): string {
  return `time since start (${time.unit})`;
}

/** The x encoding of field "t" (time since the data origin in the axis unit), over [t0, t1]. */
export function timeX(time: TimeAxis, domain?: [number, number]) {
  return {
    field: "t",
    type: "quantitative" as const,
    title: timeTitle(time),
    scale: domain ? { domain, nice: false, zero: false } : { nice: false, zero: false },
    axis: { tickCount: 12 },
  };
}

/** Tooltip entry for the time field. */
export function timeTooltip(time: TimeAxis) {
  return { field: "t", type: "quantitative" as const, title: `time (${time.unit})`, format: time.unit === "s" ? ",.3f" : ",.4f" };
}

/** A subtitle line naming the time origin, or nothing when unknown. */
export function originNote(ctx: ChartContext): string[] {
  return ctx.origin ? [`t = 0 at ${ctx.origin}`] : [];
}

/** A subtitle line describing downsampling, or nothing when every row is kept. */
export function downsampleNote(kept: number, total: number): string[] {
  return kept < total ? [`downsampled: min and max of each series per bucket, ${count(kept)} of ${count(total)} rows drawn`] : [];
}

/**
 * An invisible vertical rule per row that shows (and tooltips) the row nearest the pointer.
 * Interactive only: its name starts with "hover", so renderSvg leaves it out of static images.
 */
export function hoverLayer(tooltip: unknown[], time: TimeAxis, id = "hover"): UnitSpec<Field> {
  return {
    name: id,
    mark: { type: "rule", color: "#444" },
    params: [{ name: id, select: { type: "point", fields: ["t"], nearest: true, on: "pointerover", clear: "pointerout" } }],
    encoding: {
      x: { field: "t", type: "quantitative" },
      opacity: { condition: { param: id, value: 0.4, empty: false }, value: 0 },
      tooltip: [timeTooltip(time), ...tooltip] as never,
    },
  };
}

/** A calculate transform giving each folded series key a display label. */
export function labelSeries(labels: Record<string, string>, from = "key", as = "series"): Transform {
  const expr = Object.entries(labels).reduceRight(
    (rest, [key, label]) => `datum.${from} === ${JSON.stringify(key)} ? ${JSON.stringify(label)} : ${rest}`,
    `datum.${from}`,
  );
  return { calculate: expr, as };
}

/** A horizontal rule at y = 0. */
export function zeroRule(): UnitSpec<Field> {
  return { data: { values: [{ y: 0 }] }, mark: { type: "rule", color: "#999", strokeWidth: 1 }, encoding: { y: { field: "y", type: "quantitative" } } };
}

/**
 * Spread into a chart's spec: when `reason` is given, marks the chart as having nothing to draw
 * (in `usermeta`, which Vega-Lite and Vega ignore), so a report can leave the panel out.
 */
export function noData(reason: string | undefined): { usermeta?: { noData: string } } {
  return reason === undefined ? {} : { usermeta: { noData: reason } };
}

/** Why a chart has nothing to draw (set by noData), or undefined when it has data. */
export function noDataReason(spec: TopLevelSpec): string | undefined {
  const reason = (spec.usermeta as { noData?: unknown } | undefined)?.noData;
  return typeof reason === "string" ? reason : undefined;
}

/** "1,234" with a thousands separator (locale-independent). */
export function count(n: number): string {
  const [int, frac] = String(n).split(".");
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return frac === undefined ? grouped : `${grouped}.${frac}`;
}
