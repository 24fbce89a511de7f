import type { TopLevelSpec } from "vega-lite";
import { count, reportConfig } from "./common.ts";

/**
 * The axes of a grid chart: the first swept parameter across, the second up, every further one a
 * panel of its own (values written "c=1, d=2"). A parameter with one value is not an axis.
 */
export interface GridAxes {
  x: { name: string; values: string[] } | null;
  y: { name: string; values: string[] } | null;
  panel: { names: string[]; values: string[] } | null;
}

/** How a cell's KPI value stands against the KPI's target. */
export type TargetStatus = "target met" | "target missed" | "no target";

/** One grid point in a chart: where it sits, its value as drawn and as written, its verdicts. */
export interface GridCell {
  index: number;
  /** Axis labels (the parameter values as text; "" when the chart has no such axis). */
  x: string;
  y: string;
  panel: string;
  /** The KPI value (null when it could not be computed). */
  value: number | null;
  /** The value as written in the cell, "★ " first for the best point. */
  text: string;
  status: TargetStatus;
  /** The point's KPI verdict and rules passed: "5/6 PASS". */
  verdict: string;
  passed: boolean;
  best: boolean;
  /** "point 3 (gamma=0.1, ofi.beta=0.3)". */
  point: string;
}

/** Which end of a KPI's range is good (the dark end of its colour scale); zero-centred: red below 0, green above; null: neither. */
export type Better = "high" | "low" | "zero-centred" | null;

/** A KPI chart's words: title, unit, target and the notes under the title. */
export interface GridKpiChart {
  title: string;
  /** The unit as an axis or legend title: "quote", "%", "ms". */
  unit: string;
  better: Better;
  /** Values are fractions in [0, 1] shown as percentages. */
  fraction?: boolean;
  /** The target's threshold when every point has the same one (drawn as a rule on a bar chart). */
  threshold?: number | null;
  subtitle: string[];
}

const CELL_WIDTH = 96;
const CELL_HEIGHT = 40;
const VERDICT_COLOURS = { PASS: "#b7e4b0", FAIL: "#f8b4a6" } as const;
const STATUS_COLOURS: Record<TargetStatus, string> = { "target met": "#6aae6f", "target missed": "#e0735f", "no target": "#7d9cc4" };
const MISSED_STROKE = "#cf222e";

/** The colour scale of a KPI heatmap: light enough everywhere for black text; the good end dark. */
function colourScale(better: Better): Record<string, unknown> {
  switch (better) {
    case "high":
      return { scheme: { name: "greens", extent: [0.08, 0.7] } };
    case "low":
      return { scheme: { name: "greens", extent: [0.08, 0.7] }, reverse: true };
    case "zero-centred":
      return { scheme: { name: "redyellowgreen", extent: [0.2, 0.8] } };
    default:
      return { scheme: { name: "blues", extent: [0.08, 0.6] } };
  }
}

/** The tooltip of a grid cell. */
function cellTooltip(valueTitle: string) {
  return [
    { field: "point", type: "nominal" as const, title: "point" },
    { field: "text", type: "nominal" as const, title: valueTitle },
    { field: "status", type: "nominal" as const, title: "against its target" },
    { field: "verdict", type: "nominal" as const, title: "KPI verdict" },
  ];
}

/** The x and y encodings of a grid matrix (y values increasing upwards). */
function matrixEncoding(axes: GridAxes) {
  const enc: Record<string, unknown> = {};
  if (axes.x) enc.x = { field: "x", type: "ordinal", sort: axes.x.values, title: axes.x.name, scale: { paddingInner: 0.06 }, axis: { labelAngle: 0, labelLimit: CELL_WIDTH - 4 } };
  if (axes.y) enc.y = { field: "y", type: "ordinal", sort: [...axes.y.values].reverse(), title: axes.y.name, scale: { paddingInner: 0.08 } };
  return enc;
}

/** A layered unit (matrix cells), faceted into panels when the grid has more than two swept parameters. */
function matrixSpec(axes: GridAxes, cells: readonly GridCell[], head: { title: string; subtitle: string[] }, layer: unknown[]): TopLevelSpec {
  const unit = {
    width: axes.x ? { step: CELL_WIDTH } : CELL_WIDTH,
    height: axes.y ? { step: CELL_HEIGHT } : CELL_HEIGHT,
    encoding: matrixEncoding(axes),
    layer,
  };
  const common = { title: { text: head.title, subtitle: head.subtitle }, config: { ...reportConfig(), view: { stroke: null } }, data: { values: cells as unknown as Record<string, unknown>[] } };
  if (axes.panel === null) return { ...common, ...unit } as TopLevelSpec;
  return {
    ...common,
    facet: { field: "panel", type: "ordinal", sort: axes.panel.values, title: axes.panel.names.join(", "), header: { labelFontSize: 12, titleFontSize: 12, titleFontWeight: "normal" } },
    columns: Math.max(1, Math.min(axes.panel.values.length, Math.floor(1000 / ((axes.x?.values.length ?? 1) * CELL_WIDTH + 60)))),
    spec: unit,
  } as TopLevelSpec;
}

/**
 * A KPI over the grid as a heatmap: one cell per point (x: the first swept parameter, y: the
 * second, panels: the others), its colour the value (grey: not computable), its text the value
 * (★ marks the best point), a red border where the point misses the KPI's target.
 */
export function gridHeatmapSpec(axes: GridAxes, cells: readonly GridCell[], chart: GridKpiChart): TopLevelSpec {
  const distinct = [...new Set(cells.map((c) => c.value).filter((v): v is number => v !== null))];
  const maxAbs = Math.max(0, ...distinct.map(Math.abs));
  // Zero-centred: a domain symmetric about 0 (0 in the middle even when every value has one sign);
  // one value everywhere: a domain around it, so the legend reads "20", not "20.000000".
  const domain =
    chart.better === "zero-centred"
      ? { domain: maxAbs === 0 ? [-1, 1] : [-maxAbs, maxAbs] }
      : distinct.length === 1
        ? { domain: distinct[0] === 0 ? [-1, 1] : [distinct[0] - Math.abs(distinct[0]) / 2, distinct[0] + Math.abs(distinct[0]) / 2] }
        : {};
  const layer = [
    {
      mark: { type: "rect", stroke: MISSED_STROKE, strokeWidth: 2.5 },
      encoding: {
        color: {
          condition: { test: "datum.value === null", value: "#e6e6e6" },
          field: "value",
          type: "quantitative",
          title: chart.unit,
          scale: { ...colourScale(chart.better), ...domain },
          legend: { gradientLength: 120, ...(chart.fraction ? { format: ".0%" } : {}) },
        },
        strokeOpacity: { condition: { test: "datum.status === 'target missed'", value: 1 }, value: 0 },
        tooltip: cellTooltip(chart.title),
      },
    },
    { mark: { type: "text", fontSize: 11, color: "#111" }, encoding: { text: { field: "text", type: "nominal" } } },
  ];
  return matrixSpec(axes, cells, { title: chart.title, subtitle: chart.subtitle }, layer);
}

/**
 * A KPI over a grid of one swept parameter as bars: one bar per point, green where it meets the
 * KPI's target, red where it misses, blue for a KPI without a target; the value written above the
 * bar (★ for the best point), the target as a dashed rule when every point has the same.
 */
export function gridBarSpec(axes: GridAxes, cells: readonly GridCell[], chart: GridKpiChart): TopLevelSpec {
  const x = axes.x
    ? { field: "x", type: "ordinal" as const, sort: axes.x.values, title: axes.x.name, axis: { labelAngle: 0 } }
    : { field: "x", type: "ordinal" as const, title: "grid point", axis: { labelAngle: 0 } };
  const values = cells.map((c) => ({ ...c, labelY: Math.max(c.value ?? 0, 0) }));
  const y = { type: "quantitative" as const, title: chart.unit, ...(chart.fraction ? { axis: { format: ".0%" } } : {}) };
  const layer: unknown[] = [
    {
      mark: { type: "bar", width: { band: 0.7 } },
      encoding: {
        x,
        y: { field: "value", ...y },
        color: { field: "status", type: "nominal", title: "against its target", scale: { domain: Object.keys(STATUS_COLOURS), range: Object.values(STATUS_COLOURS) } },
        tooltip: cellTooltip(chart.title),
      },
    },
    { mark: { type: "text", fontSize: 11, color: "#111", baseline: "bottom", dy: -3 }, encoding: { x, y: { field: "labelY", ...y }, text: { field: "text", type: "nominal" } } },
  ];
  if (chart.threshold !== undefined && chart.threshold !== null) {
    layer.push({ data: { values: [{ threshold: chart.threshold }] }, mark: { type: "rule", color: "#444", strokeDash: [5, 4], strokeWidth: 1.2 }, encoding: { y: { field: "threshold", ...y } } });
  }
  return {
    title: { text: chart.title, subtitle: chart.subtitle },
    config: reportConfig(),
    data: { values },
    width: { step: Math.max(56, Math.min(CELL_WIDTH, Math.floor(860 / Math.max(1, cells.length)))) },
    height: 220,
    layer,
  } as TopLevelSpec;
}

/**
 * The pass mask: one cell per point laid out as the heatmaps, green where the point passes the
 * KPI verdict and red where it fails, its text the rules passed ("5/6 PASS", ★ for the best point).
 */
export function gridPassMaskSpec(axes: GridAxes, cells: readonly GridCell[], head: { title: string; subtitle: string[] }): TopLevelSpec {
  const values = cells.map((c) => ({ ...c, verdictStatus: c.passed ? "PASS" : "FAIL", text: `${c.best ? "★ " : ""}${c.verdict}` }));
  const layer = [
    {
      mark: { type: "rect" },
      encoding: {
        color: { field: "verdictStatus", type: "nominal", title: "KPI verdict", scale: { domain: Object.keys(VERDICT_COLOURS), range: Object.values(VERDICT_COLOURS) } },
        tooltip: [
          { field: "point", type: "nominal", title: "point" },
          { field: "verdict", type: "nominal", title: "KPI verdict" },
        ],
      },
    },
    { mark: { type: "text", fontSize: 11, color: "#111" }, encoding: { text: { field: "text", type: "nominal" } } },
  ];
  return matrixSpec(axes, values as unknown as GridCell[], head, layer);
}

/**
 * A KPI value as written in a grid cell: percentages with one decimal, counts whole, other
 * numbers with 2 decimals (3 significant digits below 1, thousands grouped from 1000).
 */
export function cellValueText(value: number | null, format: "percent" | "fraction" | "integer" | "number"): string {
  if (value === null) return "n/a";
  switch (format) {
    case "percent":
      return `${value.toFixed(1)} %`;
    case "fraction":
      return `${(100 * value).toFixed(1)} %`;
    case "integer":
      return count(Math.round(value));
    case "number": {
      const a = Math.abs(value);
      if (a === 0) return "0";
      if (a >= 1000) return count(Math.round(value));
      if (a >= 1) return value.toFixed(2);
      return String(Number(value.toPrecision(3)));
    }
  }
}
