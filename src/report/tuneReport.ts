import type { TopLevelSpec } from "vega-lite";
import type { ReportChart } from "./charts.ts";
import { CHART_WIDTH, reportConfig } from "./charts/common.ts";
import { gridPointResults, paramText, walkForwardSpec, writeChartsPage, type GridKpiValue, type GridParamValue, type GridReportOptions, type GridReportPoint } from "./gridReport.ts";
import { escapeHtml, renderHtml } from "./html.ts";

/*
 * The report of `mmlab tune` (tune.html and charts/):
 *
 *   one chart per tuned parameter: the objective of every first-rung run against the parameter's
 *   value, green when the run passes the KPI targets, red when it fails, one shape per fold
 *   → one chart of each fold's choice in sample and out of sample (the objective)
 *   → per fold, the choice's KPI rules in and out of sample (the pass mask)
 *   → the summary: each fold's choice, its verdicts, the overfitting statistics; the facts
 */

/** A tuned parameter as the report draws it: its name and whether its axis is logarithmic or a choice. */
export interface TuneReportParam {
  name: string;
  scale: "linear" | "log" | "choice";
  range: string;
}

/** A run as the report sees it: its fold, rung, sample and params, KPIs and targets. */
export interface TuneReportRun extends GridReportPoint {
  fold: number;
  /** "0", "1", …, or "report". */
  rung: string;
  sample: number;
}

/** A fold's choice in and out of sample. */
export interface TuneReportFold {
  fold: number;
  selectOn: string;
  reportOn: string;
  chosen: TuneReportRun;
  candidates: number;
  chosenFrom: "passing" | "all";
  inSample: { kpis: Record<string, GridKpiValue>; resultsHash: string };
  outOfSample: { kpis: Record<string, GridKpiValue>; resultsHash: string };
  /** "overfitting: PBO …" of the fold's first rung, or why it is missing. */
  overfitting: string;
}

export interface TuneReportInput {
  title: string;
  params: TuneReportParam[];
  objective: { kpi: string; direction: 1 | -1; text: string };
  /** Every run of the first rung (all folds). */
  firstRung: TuneReportRun[];
  folds: TuneReportFold[];
  /** The configuration the tune recommends: the last fold's choice. */
  best: { fold: number; params: Record<string, GridParamValue>; file: string };
  facts: [string, string][];
  tables: string[];
}

/** The report's file name in the tune folder. */
export const TUNE_REPORT_FILE = "tune.html";

/** The objective of every first-rung run against one parameter. */
export function objectiveSpec(input: TuneReportInput, param: TuneReportParam): TopLevelSpec {
  const results = gridPointResults({ points: input.firstRung, best: null });
  const values = input.firstRung.map((run, i) => ({
    value: param.scale === "choice" ? paramText(run.params[param.name]) : run.params[param.name],
    objective: typeof run.kpis[input.objective.kpi] === "number" ? run.kpis[input.objective.kpi] : null,
    verdict: results[i].passed ? "passes" : "fails",
    fold: `fold ${run.fold}`,
    sample: run.sample,
  }));
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    config: reportConfig(),
    title: { text: `${input.objective.kpi} against ${param.name}`, subtitle: [`every configuration of the first rung (${param.range}); green: passes the KPI targets, red: fails`] },
    width: CHART_WIDTH,
    height: 240,
    data: { values },
    mark: { type: "point", filled: true, size: 60, opacity: 0.8 },
    encoding: {
      x: param.scale === "choice" ? { field: "value", type: "nominal", title: param.name } : { field: "value", type: "quantitative", title: param.name, scale: { type: param.scale === "log" ? "log" : "linear", zero: false } },
      y: { field: "objective", type: "quantitative", title: input.objective.kpi, scale: { zero: false } },
      color: { field: "verdict", type: "nominal", title: "KPI verdict", scale: { domain: ["passes", "fails"], range: ["#1a7f37", "#cf222e"] } },
      shape: { field: "fold", type: "nominal", title: "fold" },
      tooltip: [{ field: "sample" }, { field: "fold" }, { field: "value", title: param.name }, { field: "objective", title: input.objective.kpi }, { field: "verdict" }],
    },
  } as TopLevelSpec;
}

/** Each fold's choice: its objective in sample and out of sample. */
export function inOutSpec(input: TuneReportInput): TopLevelSpec {
  const values = input.folds.flatMap((f) => [
    { fold: `fold ${f.fold}`, sample: "in sample", span: f.selectOn, objective: numberOr(f.inSample.kpis[input.objective.kpi]) },
    { fold: `fold ${f.fold}`, sample: "out of sample", span: f.reportOn, objective: numberOr(f.outOfSample.kpis[input.objective.kpi]) },
  ]);
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    config: reportConfig(),
    title: { text: `Each fold's choice: ${input.objective.kpi} in sample and out of sample`, subtitle: ["in sample: the fold's selection segment (its last rung); out of sample: the next segment, data it was not chosen on"] },
    width: CHART_WIDTH,
    height: 220,
    data: { values },
    mark: { type: "bar" },
    encoding: {
      x: { field: "fold", type: "nominal", title: null },
      xOffset: { field: "sample", type: "nominal", sort: ["in sample", "out of sample"] },
      y: { field: "objective", type: "quantitative", title: input.objective.kpi },
      color: { field: "sample", type: "nominal", title: null, sort: ["in sample", "out of sample"], scale: { range: ["#8c9eff", "#0550ae"] } },
      tooltip: [{ field: "fold" }, { field: "sample" }, { field: "span" }, { field: "objective", title: input.objective.kpi }],
    },
  } as TopLevelSpec;
}

/** Every chart of a tune report, in page order. */
export function tuneCharts(input: TuneReportInput): ReportChart[] {
  const charts: ReportChart[] = input.params.map((p) => ({ name: `objective-${p.name.replace(/[^A-Za-z0-9_.-]/g, "_")}`, heading: `${input.objective.kpi} vs ${p.name}`, spec: objectiveSpec(input, p) }));
  charts.push({ name: "in-out-of-sample", heading: "In and out of sample", spec: inOutSpec(input) });
  for (const f of input.folds) {
    charts.push({
      name: `fold-${f.fold}-pass-mask`,
      heading: `Fold ${f.fold} pass mask`,
      spec: walkForwardSpec({ selectOn: f.selectOn, reportOn: f.reportOn, objective: input.objective.text, chosenFrom: f.chosenFrom, candidates: f.candidates, chosen: f.chosen.index, inSample: f.inSample, outOfSample: f.outOfSample }, f.chosen),
    });
  }
  return charts;
}

/** The summary: each fold's choice and verdicts, the overfitting statistics, the recommended configuration. */
export function tuneSummaryHtml(input: TuneReportInput): string {
  const verdict = (kpis: Record<string, GridKpiValue>) => `<span class="${kpis.passed === true ? "pass" : "fail"}">${kpis.rulesPassed}/${kpis.rulesTotal} ${kpis.passed === true ? "PASS" : "FAIL"}</span>`;
  const value = (kpis: Record<string, GridKpiValue>) => escapeHtml(typeof kpis[input.objective.kpi] === "number" ? (kpis[input.objective.kpi] as number).toFixed(4) : "n/a");
  const rows = input.folds.map(
    (f) =>
      `<tr><td>${f.fold}</td><td>${escapeHtml(paramsText(f.chosen.params))}</td><td>${escapeHtml(f.selectOn)}</td><td>${value(f.inSample.kpis)} ${verdict(f.inSample.kpis)}</td><td>${escapeHtml(f.reportOn)}</td><td>${value(f.outOfSample.kpis)} ${verdict(f.outOfSample.kpis)}</td></tr>`,
  );
  const lines = [
    `<p class="verdict">Recommended: fold ${input.best.fold}'s choice, ${escapeHtml(paramsText(input.best.params))} (<a href="${escapeHtml(input.best.file)}">${escapeHtml(input.best.file)}</a>, for <code>mmlab backtest --config</code>).</p>`,
    `<table class="kpi"><tr><th>fold</th><th>chosen</th><th>selected on</th><th>${escapeHtml(input.objective.kpi)} in sample</th><th>reported on</th><th>${escapeHtml(input.objective.kpi)} out of sample</th></tr>${rows.join("")}</table>`,
    `<ul class="facts">${input.folds.map((f) => `<li>fold ${f.fold}, first rung: ${escapeHtml(f.overfitting)}</li>`).join("")}</ul>`,
    `<p>Tables: ${input.tables.map((t) => `<a href="${escapeHtml(t)}">${escapeHtml(t)}</a>`).join(", ")}</p>`,
  ];
  return lines.join("\n");
}

/** Writes tune.html and charts/ into a tune folder (after its tables); returns tune.html's name. */
export async function writeTuneReport(dir: string, input: TuneReportInput, opts: GridReportOptions = {}): Promise<string[]> {
  const charts = tuneCharts(input);
  const html = renderHtml({ title: input.title, sections: [{ id: "summary", heading: "Summary", html: tuneSummaryHtml(input) }, ...charts.map((c) => ({ id: c.name, heading: c.heading, spec: c.spec }))], footer: input.facts });
  return writeChartsPage(dir, TUNE_REPORT_FILE, charts, html, opts);
}

function paramsText(params: Record<string, GridParamValue>): string {
  return Object.entries(params).map(([k, v]) => `${k}=${paramText(v)}`).join(", ");
}

function numberOr(v: GridKpiValue): number | null {
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}
