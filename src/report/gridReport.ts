import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { writeFileNamed } from "../core/writeFileNamed.ts";
import { join } from "node:path";
import type { TopLevelSpec } from "vega-lite";
import { canonicalJson } from "../core/hash.ts";
import { formatKpiValue } from "../kpi/formatValue.ts";
import { evaluateRules, KPI_RULES, type RuleKpiKey, type RuleResult } from "../kpi/targets.ts";
import { verdict } from "../kpi/verdict.ts";
import type { ReportChart } from "./charts.ts";
import { cellValueText, gridBarSpec, gridHeatmapSpec, gridPassMaskSpec, type Better, type GridAxes, type GridCell, type TargetStatus } from "./charts/gridCharts.ts";
import { stressMatrixSpec, type StressMatrixRow } from "./charts/stressMatrix.ts";
import { escapeHtml, renderHtml, type HtmlSection } from "./html.ts";
import { renderPng, renderSvg } from "./render.ts";

/** A grid parameter's value (JSON). */
export type GridParamValue = null | boolean | number | string | GridParamValue[] | { [key: string]: GridParamValue };

/** A KPI cell of a grid row (results.csv): a number, the verdict, the fee schedule's text, or null. */
export type GridKpiValue = number | boolean | string | null;

/** One grid point as the report sees it: its row of results.csv and the targets it is checked against. */
export interface GridReportPoint {
  index: number;
  id: string;
  params: Record<string, GridParamValue>;
  /** The KPI columns of the point's row, by name (pnl, fills, rulesPassed, passed, …). */
  kpis: Record<string, GridKpiValue>;
  /** The point's config risk.q_max and kpi.required: the targets its KPIs are checked against. */
  qMax: number;
  required: readonly string[];
  /** Link to the point's run report, relative to the grid folder, when its run folder was kept. */
  runReport?: string;
}

/** The walk-forward result: the chosen point's KPIs on the select-on span and on the report-on span. */
export interface GridWalkForward {
  selectOn: string;
  reportOn: string;
  objective: string;
  /** "passing": chosen among the points that pass; "all": none passed. */
  chosenFrom: "passing" | "all";
  candidates: number;
  /** Index of the chosen point. */
  chosen: number;
  inSample: { kpis: Record<string, GridKpiValue>; resultsHash: string };
  outOfSample: { kpis: Record<string, GridKpiValue>; resultsHash: string };
}

/** What a grid report shows. */
export interface GridReportInput {
  title: string;
  /** Parameter name → values, in grid order (the first varies slowest). */
  params: Record<string, GridParamValue[]>;
  /** Every point, in grid order. */
  points: GridReportPoint[];
  /** What "best" maximises: a numeric KPI (direction −1: minimised), as written ("pnl", "-maxDrawdown"). */
  objective: { kpi: string; direction: 1 | -1; text: string };
  /** The best point by the objective among the passing points (among all when none passes). */
  best: { index: number; pool: "passing" | "all"; candidates: number } | null;
  /** What the KPIs were measured on: "10m of the synthetic default market, seed 1". */
  measuredOn: string;
  walkForward: GridWalkForward | null;
  /** Label/value facts for the footer (grid hash, data, seed, code version, …). */
  facts: [string, string][];
  /** Links to the grid's tables, relative to the grid folder. */
  tables?: string[];
  /** The overfitting statistics in one line ("overfitting: PBO 0.42 …", or why they are missing). */
  overfitting?: string | null;
}

/** A point with its rules evaluated against its targets, its verdict and whether it is the best. */
export interface GridPointResult extends GridReportPoint {
  rules: RuleResult[];
  rulesPassed: number;
  rulesTotal: number;
  /** The KPI verdict of the row (≥ 80 % of the rules and every required rule). */
  passed: boolean;
  failReasons: string[];
  best: boolean;
}

/** How a grid KPI is named, written and coloured. */
interface GridKpi {
  key: string;
  label: string;
  unit: string;
  format: "percent" | "fraction" | "integer" | "number";
  better: Better;
}

/** Every numeric KPI column of a grid table, as the report writes it. */
export const GRID_KPIS: readonly GridKpi[] = [
  { key: "spreadCapturedPct", label: "Spread captured", unit: "%", format: "percent", better: "high" },
  { key: "rmsInventory", label: "RMS inventory", unit: "base units", format: "number", better: "low" },
  { key: "rmsInventoryRatio", label: "RMS inventory / q_max", unit: "%", format: "fraction", better: "low" },
  { key: "fillRatio", label: "Fill ratio", unit: "%", format: "fraction", better: "high" },
  { key: "cancelRatio", label: "Cancel ratio", unit: "%", format: "fraction", better: "low" },
  { key: "latencyP99Ms", label: "Latency P99", unit: "ms", format: "number", better: "low" },
  { key: "pnl", label: "PnL", unit: "quote, net of fees", format: "number", better: "zero-centred" },
  { key: "sharpe", label: "Sharpe", unit: "per sample interval", format: "number", better: "zero-centred" },
  { key: "sortino", label: "Sortino", unit: "per sample interval", format: "number", better: "zero-centred" },
  { key: "maxDrawdown", label: "Max drawdown", unit: "quote", format: "number", better: "low" },
  { key: "fills", label: "Fills", unit: "count", format: "integer", better: null },
  { key: "volumeQuote", label: "Volume", unit: "quote", format: "number", better: null },
  { key: "fees", label: "Fees", unit: "quote, negative: rebate", format: "number", better: "low" },
  { key: "breakEvenMakerFeeBps", label: "Break-even maker fee", unit: "bp", format: "number", better: "zero-centred" },
  { key: "rulesPassed", label: "Rules passed", unit: "count", format: "integer", better: "high" },
];

/** The KPIs charted besides the six ruled ones (and the objective's, when it is another). */
const CONTEXT_KPIS = ["sharpe", "maxDrawdown", "fills", "breakEvenMakerFeeBps"];

const kpiInfo = (key: string): GridKpi => GRID_KPIS.find((k) => k.key === key) ?? { key, label: key, unit: "", format: "number", better: null };

/** A parameter value as written on an axis and in the table. */
export function paramText(value: GridParamValue): string {
  return typeof value === "string" ? value : typeof value === "number" || typeof value === "boolean" ? String(value) : canonicalJson(value);
}

/** "point 3 (gamma=0.1, ofi.beta=0.3)". */
export function pointText(point: Pick<GridReportPoint, "index" | "params">): string {
  const values = Object.entries(point.params).map(([k, v]) => `${k}=${paramText(v)}`);
  return `point ${point.index}${values.length > 0 ? ` (${values.join(", ")})` : ""}`;
}

const numberOrNull = (v: GridKpiValue | undefined): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

/**
 * Checks each point's KPIs against its targets: the six rules (with the point's q_max and
 * required rules), the verdict as the row states it, the reasons it fails, and the best point.
 */
export function gridPointResults(input: Pick<GridReportInput, "points" | "best">): GridPointResult[] {
  return input.points.map((p) => {
    const values: Partial<Record<RuleKpiKey, number | null>> = {};
    for (const rule of KPI_RULES) values[rule.key] = numberOrNull(p.kpis[rule.key]);
    const rules = evaluateRules(values, p.qMax, p.required);
    const checked = verdict(rules);
    // The row's verdict is the run's own; the rules are evaluated again here for the details.
    const passed = p.kpis.passed === true;
    const failReasons = passed ? [] : checked.failReasons.length > 0 ? checked.failReasons : ["the run's KPI verdict is FAIL"];
    return {
      ...p,
      rules,
      rulesPassed: numberOrNull(p.kpis.rulesPassed) ?? rules.filter((r) => r.passed).length,
      rulesTotal: numberOrNull(p.kpis.rulesTotal) ?? rules.length,
      passed,
      failReasons,
      best: input.best !== null && input.best.index === p.index,
    };
  });
}

/**
 * A parameter value's label on a chart: as paramText writes it, unless two of the parameter's
 * values would read the same (1 and "1"): then each as JSON, so every point keeps its own cell.
 */
function axisLabel(params: Record<string, GridParamValue[]>, name: string, value: GridParamValue): string {
  const values = params[name] ?? [];
  return new Set(values.map(paramText)).size === values.length ? paramText(value) : canonicalJson(value);
}

/** The chart axes of a grid: the swept parameters (more than one value) in grid order. */
export function gridAxes(params: Record<string, GridParamValue[]>): GridAxes {
  const swept = Object.entries(params).filter(([, values]) => values.length > 1);
  const axis = (k: number) => (swept[k] ? { name: swept[k][0], values: swept[k][1].map((v) => axisLabel(params, swept[k][0], v)) } : null);
  const rest = swept.slice(2);
  let panels = [""];
  for (const [name, values] of rest) panels = panels.flatMap((prefix) => values.map((v) => `${prefix}${prefix ? ", " : ""}${name}=${axisLabel(params, name, v)}`));
  return {
    x: axis(0),
    y: axis(1),
    panel: rest.length === 0 ? null : { names: rest.map(([n]) => n), values: panels },
  };
}

/** Where a point sits on the axes. */
function cellPlace(params: Record<string, GridParamValue[]>, axes: GridAxes, p: GridReportPoint): { x: string; y: string; panel: string } {
  const label = (name: string) => axisLabel(params, name, p.params[name]);
  const panel = axes.panel ? axes.panel.names.map((n) => `${n}=${label(n)}`).join(", ") : "";
  return { x: axes.x ? label(axes.x.name) : `point ${p.index}`, y: axes.y ? label(axes.y.name) : "", panel };
}

/** The cells of one KPI's chart (`params`: the grid's parameters, as the axes were made from). */
export function kpiCells(params: Record<string, GridParamValue[]>, axes: GridAxes, results: readonly GridPointResult[], key: string): GridCell[] {
  const info = kpiInfo(key);
  return results.map((r) => {
    const value = numberOrNull(r.kpis[key]);
    const rule = r.rules.find((x) => x.key === key);
    const status: TargetStatus = rule === undefined ? "no target" : rule.passed ? "target met" : "target missed";
    return {
      index: r.index,
      ...cellPlace(params, axes, r),
      value,
      text: `${r.best ? "★ " : ""}${cellValueText(value, info.format)}`,
      status,
      verdict: `${r.rulesPassed}/${r.rulesTotal} ${r.passed ? "PASS" : "FAIL"}`,
      passed: r.passed,
      best: r.best,
      point: pointText(r),
    };
  });
}

/** The KPIs a grid report charts: the six ruled ones, Sharpe, drawdown, fills, the break-even fee, and the objective's. */
export function chartedKpis(objectiveKpi: string): string[] {
  const keys = [...KPI_RULES.map((r) => r.key as string), ...CONTEXT_KPIS];
  if (!keys.includes(objectiveKpi)) keys.push(objectiveKpi);
  return keys;
}

/** "pnl", "lowest maxDrawdown": what the best point is best by. */
function objectiveText(o: GridReportInput["objective"]): string {
  return o.direction === -1 ? `lowest ${o.kpi}` : o.kpi;
}

/** "★ best point by pnl among the 3 passing points" / "★ no point passes: the best by pnl of all 4, FAILING". */
function bestLine(input: Pick<GridReportInput, "best" | "objective">): string {
  const b = input.best;
  if (b === null) return "no best point";
  const by = objectiveText(input.objective);
  return b.pool === "passing"
    ? `★ best point by ${by} among the ${b.candidates} passing point${b.candidates === 1 ? "" : "s"}`
    : `★ no point passes the KPI targets: the best by ${by} among all ${b.candidates}, FAILING`;
}

/** The fixed parameters (one value) as "seed=1, ofi.beta=0.3", or nothing. */
function fixedLine(params: Record<string, GridParamValue[]>): string[] {
  const fixed = Object.entries(params).filter(([, values]) => values.length === 1);
  return fixed.length > 0 ? [`fixed: ${fixed.map(([n, v]) => `${n}=${paramText(v[0])}`).join(", ")}`] : [];
}

/** The chart of one KPI over the grid: a heatmap (two or more swept parameters) or bars (one or none). */
export function gridKpiSpec(input: GridReportInput, axes: GridAxes, results: readonly GridPointResult[], key: string): TopLevelSpec {
  const info = kpiInfo(key);
  const cells = kpiCells(input.params, axes, results, key);
  const ruleResults = results.map((r) => r.rules.find((x) => x.key === key)).filter((x): x is RuleResult => x !== undefined);
  const targets = [...new Set(ruleResults.map((r) => r.target))];
  const thresholds = [...new Set(ruleResults.map((r) => r.threshold))];
  const rule = KPI_RULES.find((r) => r.key === key);
  const heatmap = axes.y !== null;
  const target =
    rule === undefined
      ? "no target: shown for context"
      : `target ${targets.length === 1 ? targets[0] : `${rule.targetText} (q_max of each point)`}${heatmap ? ": a red border marks a point missing it" : ": green meets it, red misses it"}`;
  const names = [axes.x?.name, axes.y?.name].filter((n): n is string => n !== undefined);
  const over = names.length > 0 ? ` over ${names.join(" × ")}` : "";
  const chart = {
    title: `${info.label} (${info.unit})${over}`,
    unit: info.unit,
    better: info.better,
    fraction: info.format === "fraction",
    threshold: rule !== undefined && thresholds.length === 1 ? thresholds[0] : null,
    subtitle: [target, `measured on ${input.measuredOn}`, bestLine(input), ...fixedLine(input.params), ...(axes.panel ? [`one panel per ${axes.panel.names.join(", ")}`] : [])],
  };
  return heatmap ? gridHeatmapSpec(axes, cells, chart) : gridBarSpec(axes, cells, chart);
}

/** The pass mask: each point's KPI verdict laid out over the grid. */
export function gridPassMask(input: GridReportInput, axes: GridAxes, results: readonly GridPointResult[]): TopLevelSpec {
  const passing = results.filter((r) => r.passed).length;
  const names = [axes.x?.name, axes.y?.name].filter((n): n is string => n !== undefined);
  return gridPassMaskSpec(axes, kpiCells(input.params, axes, results, "pnl"), {
    title: `Pass mask: ${passing} of ${results.length} points pass the KPI targets${names.length > 0 ? ` (${names.join(" × ")})` : ""}`,
    subtitle: [`green: passes (≥ 80 % of the rules and every required rule${requiredText(results)}); red: fails; text: rules passed`, `measured on ${input.measuredOn}`, bestLine(input), ...fixedLine(input.params)],
  });
}

/** ": pnl" when every point requires the same rules; " of its config" when they differ. */
function requiredText(results: readonly GridPointResult[]): string {
  const sets = [...new Set(results.map((r) => r.required.join(", ")))];
  if (sets.length !== 1) return " of the point's config";
  return sets[0] === "" ? "" : `: ${sets[0]}`;
}

/** The walk-forward matrix: the chosen point's rules in sample and out of sample. */
export function walkForwardSpec(wf: GridWalkForward, chosen: GridReportPoint): TopLevelSpec {
  const rows = walkForwardRows(wf, chosen);
  return stressMatrixSpec(
    rows.map((r) => r.matrix),
    {
      title: "Walk-forward: the chosen point in sample and out of sample",
      subtitle: [
        `${pointText(chosen)}, chosen by ${wf.objective} among ${wf.candidates} ${wf.chosenFrom === "passing" ? "passing" : "(none passed: all)"} points on ${wf.selectOn}`,
        `in-sample: the select-on span ${wf.selectOn}; out-of-sample: the report-on span ${wf.reportOn}, data it was not chosen on`,
        "green: target met, red: missed; a run passes with ≥ 80 % of the KPI rules and every required rule (*)",
      ],
    },
  );
}

/** Both walk-forward runs: their label, rules and verdict. */
function walkForwardRows(wf: GridWalkForward, chosen: GridReportPoint): { label: string; kpis: Record<string, GridKpiValue>; rules: RuleResult[]; passed: boolean; failReasons: string[]; matrix: StressMatrixRow }[] {
  const runs: [string, Record<string, GridKpiValue>][] = [
    [`in-sample (${wf.selectOn})`, wf.inSample.kpis],
    [`out-of-sample (${wf.reportOn})`, wf.outOfSample.kpis],
  ];
  return runs.map(([label, kpis]) => {
    const [result] = gridPointResults({ points: [{ ...chosen, kpis }], best: null });
    const matrix: StressMatrixRow = {
      scenario: label,
      rules: result.rules,
      rulesPassed: result.rulesPassed,
      rulesTotal: result.rulesTotal,
      passed: result.passed,
      failReasons: result.failReasons,
      feeSchedule: typeof kpis.feeSchedule === "string" ? kpis.feeSchedule : "n/a",
      breakEvenMakerFeeBps: numberOrNull(kpis.breakEvenMakerFeeBps),
    };
    return { label, kpis, rules: result.rules, passed: result.passed, failReasons: result.failReasons, matrix };
  });
}

/** Every chart of a grid report, in page order: walk-forward (when run), the pass mask, one per charted KPI. */
export function gridCharts(input: GridReportInput): ReportChart[] {
  const axes = gridAxes(input.params);
  const results = gridPointResults(input);
  const charts: ReportChart[] = [];
  const chosen = input.walkForward ? input.points.find((p) => p.index === input.walkForward!.chosen) : undefined;
  if (input.walkForward && chosen) charts.push({ name: "walk-forward", heading: "Walk-forward", spec: walkForwardSpec(input.walkForward, chosen) });
  charts.push({ name: "pass-mask", heading: "Pass mask", spec: gridPassMask(input, axes, results) });
  for (const key of chartedKpis(input.objective.kpi)) charts.push({ name: `kpi-${key}`, heading: kpiInfo(key).label, spec: gridKpiSpec(input, axes, results, key) });
  return charts;
}

const passClass = (passed: boolean) => (passed ? "pass" : "fail");

/** The summary: how many points pass, the best point (or that none passes), what was measured on what. */
export function summaryHtml(input: GridReportInput, results: readonly GridPointResult[]): string {
  const passing = results.filter((r) => r.passed).length;
  const lines: string[] = [];
  const rulesTotal = results[0]?.rulesTotal ?? KPI_RULES.length;
  lines.push(
    `<p class="verdict"><span class="${passClass(passing > 0)}">${passing} of ${results.length}</span> point${results.length === 1 ? "" : "s"} pass the KPI targets ` +
      `(≥ 80 % of the ${rulesTotal} rules and every required rule${escapeHtml(requiredText(results))}).</p>`,
  );
  const best = results.find((r) => r.best);
  if (best && input.best) {
    const info = kpiInfo(input.objective.kpi);
    const value = `${input.objective.kpi} ${cellValueText(numberOrNull(best.kpis[input.objective.kpi]), info.format)}${info.format === "percent" || info.format === "fraction" ? "" : ` ${info.unit}`}`;
    const verdictText = `<span class="${passClass(best.passed)}">${best.rulesPassed}/${best.rulesTotal} ${best.passed ? "PASS" : "FAIL"}</span>`;
    if (input.best.pool === "passing") {
      lines.push(`<p class="verdict">★ Best by ${escapeHtml(objectiveText(input.objective))} among the ${input.best.candidates} passing point${input.best.candidates === 1 ? "" : "s"}: ${escapeHtml(pointText(best))}: ${escapeHtml(value)}, ${verdictText}.</p>`);
    } else {
      lines.push(
        `<p class="verdict"><span class="fail">No point passes the KPI targets.</span> ★ The best by ${escapeHtml(objectiveText(input.objective))} among all ${input.best.candidates} points, shown anyway, FAILS: ` +
          `${escapeHtml(pointText(best))}: ${escapeHtml(value)}, ${verdictText} (${escapeHtml(best.failReasons.join("; "))}).</p>`,
      );
    }
  }
  if (input.overfitting) lines.push(`<p class="verdict">${escapeHtml(input.overfitting)}.</p>`);
  const facts = [
    `measured on ${input.measuredOn}`,
    ...fixedLine(input.params),
    `objective: ${input.objective.text} (${input.objective.direction === -1 ? "minimised" : "maximised"}) among the passing points, among all when none passes`,
    feeSchedule(results) === null ? "fee schedules differ between points (see the table)" : `fees: ${feeSchedule(results)} at every point`,
    results.some((r) => r.runReport !== undefined) ? "each point links its run report in the table below" : "no run reports to link: grid points keep no run folders (each point's row is cached in points/)",
  ];
  lines.push(`<ul class="facts">${facts.map((f) => `<li>${escapeHtml(f)}</li>`).join("")}</ul>`);
  if (input.tables?.length) lines.push(`<p>Tables: ${input.tables.map((t) => `<a href="${escapeHtml(t)}">${escapeHtml(t)}</a>`).join(", ")}</p>`);
  return lines.join("\n");
}

/** The table of points: one line per point, scrolled sideways when wide; the reasons it fails wrap. */
const POINTS_CSS = ".points-scroll { overflow-x: auto; } table.points td, table.points th { white-space: nowrap; } table.points td.why { white-space: normal; min-width: 300px; }";

/** The fee schedule every point shares, or null when they differ. */
function feeSchedule(results: readonly GridPointResult[]): string | null {
  const fees = [...new Set(results.map((r) => (typeof r.kpis.feeSchedule === "string" ? r.kpis.feeSchedule : "n/a")))];
  return fees.length === 1 ? fees[0] : null;
}

/** The points as an HTML table: parameters, the verdict, every ruled KPI coloured by its target, the other figures, why it fails. */
export function pointsTableHtml(input: GridReportInput, results: readonly GridPointResult[]): string {
  const names = Object.keys(input.params);
  const links = results.some((r) => r.runReport !== undefined);
  const oneFee = feeSchedule(results);
  const head = [
    "point",
    ...names.map(escapeHtml),
    "KPIs",
    ...KPI_RULES.map((rule) => {
      const targets = [...new Set(results.map((r) => r.rules.find((x) => x.id === rule.id)?.target))];
      const required = results.some((r) => r.rules.find((x) => x.id === rule.id)?.required);
      return `${escapeHtml(rule.label)}${required ? "*" : ""}<br><span class="def">${escapeHtml(targets.length === 1 && targets[0] !== undefined ? targets[0] : rule.targetText)}</span>`;
    }),
    ...CONTEXT_KPIS.map((k) => `${escapeHtml(kpiInfo(k).label)}${kpiInfo(k).unit === "count" ? "" : `<br><span class="def">${escapeHtml(kpiInfo(k).unit)}</span>`}`),
    ...(oneFee === null ? ["fee schedule"] : []),
    "why it fails",
    ...(links ? ["run report"] : []),
    "id",
  ];
  const rows = results.map((r) => {
    const cells = [
      `<td>${r.best ? "★ " : ""}${r.index}</td>`,
      ...names.map((n) => `<td>${escapeHtml(paramText(r.params[n]))}</td>`),
      `<td class="${passClass(r.passed)}">${r.rulesPassed}/${r.rulesTotal} ${r.passed ? "PASS" : "FAIL"}</td>`,
      ...KPI_RULES.map((rule) => {
        const x = r.rules.find((y) => y.id === rule.id)!;
        return `<td class="${passClass(x.passed)}">${escapeHtml(formatKpiValue(x.value, x.unit))}</td>`;
      }),
      ...CONTEXT_KPIS.map((k) => `<td>${escapeHtml(cellValueText(numberOrNull(r.kpis[k]), kpiInfo(k).format))}</td>`),
      ...(oneFee === null ? [`<td>${escapeHtml(typeof r.kpis.feeSchedule === "string" ? r.kpis.feeSchedule : "n/a")}</td>`] : []),
      `<td class="def why">${escapeHtml(r.failReasons.join("; ") || "—")}</td>`,
      ...(links ? [`<td>${r.runReport !== undefined ? `<a href="${escapeHtml(r.runReport)}">report</a>` : "—"}</td>`] : []),
      `<td><code>${escapeHtml(r.id)}</code></td>`,
    ];
    return `<tr${r.best ? ' class="best" style="background:#fff8c5"' : ""}>${cells.join("")}</tr>`;
  });
  return [
    `<style>${POINTS_CSS}</style>`,
    '<div class="points-scroll">',
    '<table class="kpi points">',
    `<thead><tr>${head.map((h) => `<th>${h}</th>`).join("")}</tr></thead>`,
    `<tbody>\n${rows.join("\n")}\n</tbody>`,
    "</table>",
    "</div>",
    `<p>${escapeHtml(bestLine(input))}; green: the point meets the rule's target, red: misses it; * required: a point fails when this rule fails${oneFee === null ? "" : `; fees: ${escapeHtml(oneFee)} at every point`}.</p>`,
  ].join("\n");
}

/** The chosen point's KPIs in sample and out of sample, side by side (rules coloured by their targets). */
export function walkForwardHtml(wf: GridWalkForward, chosen: GridReportPoint): string {
  const [inS, outS] = walkForwardRows(wf, chosen);
  const ruleRows = KPI_RULES.map((rule) => {
    const a = inS.rules.find((r) => r.id === rule.id)!;
    const b = outS.rules.find((r) => r.id === rule.id)!;
    const cell = (r: RuleResult) => `<td class="${passClass(r.passed)}">${escapeHtml(formatKpiValue(r.value, r.unit))} ${r.passed ? "PASS" : "FAIL"}</td>`;
    return `<tr><td>${escapeHtml(rule.label)}${a.required ? "*" : ""}</td><td>${escapeHtml(a.target)}</td>${cell(a)}${cell(b)}</tr>`;
  });
  const verdictCell = (r: (typeof inS)) =>
    `<td class="${passClass(r.passed)}">${r.rules.filter((x) => x.passed).length}/${r.rules.length} ${r.passed ? "PASS" : "FAIL"}${r.failReasons.length ? `<br><span class="def" style="font-weight:normal">${escapeHtml(r.failReasons.join("; "))}</span>` : ""}</td>`;
  const other = GRID_KPIS.filter((k) => !KPI_RULES.some((r) => r.key === k.key) && k.key !== "rulesPassed").map(
    (k) => `<tr><td>${escapeHtml(k.label)} (${escapeHtml(k.unit)})</td><td>—</td><td>${escapeHtml(cellValueText(numberOrNull(inS.kpis[k.key]), k.format))}</td><td>${escapeHtml(cellValueText(numberOrNull(outS.kpis[k.key]), k.format))}</td></tr>`,
  );
  const text = (v: GridKpiValue | undefined) => escapeHtml(typeof v === "string" ? v : "n/a");
  return [
    `<p>${escapeHtml(pointText(chosen))}, chosen by ${escapeHtml(wf.objective)} among ${wf.candidates} ${wf.chosenFrom === "passing" ? "passing points" : "points (none passed: chosen among all)"} on the select-on span ${escapeHtml(wf.selectOn)}, then run again on the report-on span ${escapeHtml(wf.reportOn)}, data it was not chosen on.</p>`,
    '<table class="kpi walk-forward">',
    `<thead><tr><th>KPI</th><th>target</th><th>in-sample (${escapeHtml(wf.selectOn)})</th><th>out-of-sample (${escapeHtml(wf.reportOn)})</th></tr></thead>`,
    "<tbody>",
    ...ruleRows,
    `<tr><td><b>verdict</b></td><td>≥ 80 % + required</td>${verdictCell(inS)}${verdictCell(outS)}</tr>`,
    ...other,
    `<tr><td>fee schedule</td><td>—</td><td>${text(inS.kpis.feeSchedule)}</td><td>${text(outS.kpis.feeSchedule)}</td></tr>`,
    `<tr><td>results hash</td><td>—</td><td><code>${escapeHtml(wf.inSample.resultsHash.slice(0, 16))}</code></td><td><code>${escapeHtml(wf.outOfSample.resultsHash.slice(0, 16))}</code></td></tr>`,
    "</tbody>",
    "</table>",
  ].join("\n");
}

/** The page's sections, in order: summary, walk-forward, pass mask, one chart per KPI, the table of points. */
export function gridSections(input: GridReportInput, charts: readonly ReportChart[]): HtmlSection[] {
  const results = gridPointResults(input);
  const chosen = input.walkForward ? input.points.find((p) => p.index === input.walkForward!.chosen) : undefined;
  const chart = (name: string): HtmlSection[] => charts.filter((c) => c.name === name).map((c) => ({ id: c.name, heading: c.heading, spec: c.spec }));
  return [
    { id: "summary", heading: "Summary", html: summaryHtml(input, results) },
    ...(input.walkForward && chosen ? [...chart("walk-forward"), { id: "walk-forward-kpis", heading: "Walk-forward KPIs", html: walkForwardHtml(input.walkForward, chosen) }] : []),
    ...chart("pass-mask"),
    ...charts.filter((c) => c.name.startsWith("kpi-")).map((c) => ({ id: c.name, heading: c.heading, spec: c.spec })),
    { id: "points", heading: "Points", html: pointsTableHtml(input, results) },
  ];
}

/** The grid report page. */
export function gridReportHtml(input: GridReportInput, charts: readonly ReportChart[] = gridCharts(input)): string {
  return renderHtml({ title: input.title, sections: gridSections(input, charts), footer: input.facts });
}

/** The report's file name in the grid folder. */
export const GRID_REPORT_FILE = "grid.html";

/** Options of writeGridReport. */
export interface GridReportOptions {
  /** Also write charts/<name>.png (default true). */
  png?: boolean;
  /** PNG width as a multiple of the SVG's width (default 1.5). */
  pngScale?: number;
}

/**
 * Writes grid.html and charts/<name>.svg (and .png) into a grid folder. Everything is rendered in
 * memory, written to a hidden temporary folder, then renamed into place (charts/ first, grid.html
 * last), so a failure leaves the previous report, or none, never a half-written one; run again,
 * it replaces both. Deterministic: the same input gives byte-identical files. Returns the files
 * written, relative to `dir`.
 */
export async function writeGridReport(dir: string, input: GridReportInput, opts: GridReportOptions = {}): Promise<string[]> {
  const charts = gridCharts(input);
  return writeChartsPage(dir, GRID_REPORT_FILE, charts, gridReportHtml(input, charts), opts);
}

/**
 * Renders `charts` (charts/<name>.svg, and .png unless opts.png is false) and writes them with the
 * page `html` (named `page`) into `dir`: in memory, then a hidden temporary folder, then renamed
 * into place (charts/ first, the page last), so a failure leaves the previous report, or none.
 * Returns the files written, relative to `dir`.
 */
export async function writeChartsPage(dir: string, page: string, charts: readonly ReportChart[], html: string, opts: GridReportOptions = {}): Promise<string[]> {
  const outputs: [string, string | Buffer][] = [];
  for (const chart of charts) {
    const svg = await renderSvg(chart.spec);
    outputs.push([`charts/${chart.name}.svg`, svg]);
    if (opts.png ?? true) outputs.push([`charts/${chart.name}.png`, renderPng(svg, { width: svgWidth(svg) * (opts.pngScale ?? 1.5) })]);
  }
  outputs.push([page, html]);

  const tmp = join(dir, `.${page}.tmp-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  try {
    mkdirSync(join(tmp, "charts"), { recursive: true });
    for (const [name, content] of outputs) writeFileNamed(join(tmp, name), content);
    const chartsDir = join(dir, "charts");
    const old = join(dir, `.charts.old-${process.pid}`);
    rmSync(old, { recursive: true, force: true });
    if (existsSync(chartsDir)) renameSync(chartsDir, old);
    renameSync(join(tmp, "charts"), chartsDir);
    rmSync(old, { recursive: true, force: true });
    renameSync(join(tmp, page), join(dir, page));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return outputs.map(([name]) => name);
}

/** The width attribute of an SVG root element, px. */
function svgWidth(svg: string): number {
  const m = /<svg[^>]*\swidth="([\d.]+)"/.exec(svg);
  return m ? Number(m[1]) : 800;
}
