import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { writeFileNamed } from "../core/writeFileNamed.ts";
import { join } from "node:path";
import { runCharts, runContext, type ChartOptions, type ReportChart } from "./charts.ts";
import { noDataReason } from "./charts/common.ts";
import { escapeHtml, renderHtml, type HtmlSection } from "./html.ts";
import { kpiTableHtml, manifestFacts } from "./kpiHtml.ts";
import { drawChartsHere, type ChartDrawer } from "./drawChart.ts";
import type { SharedChartCache } from "./sharedChartCache.ts";
import { loadRun } from "../runfolder/readRun.ts";
import type { RunData } from "../runfolder/format.ts";

/** Options of writeRunReport. */
export interface RunReportOptions extends ChartOptions {
  /** Also write charts/<name>.png (default true). */
  png?: boolean;
  /** PNG width as a multiple of the SVG's width (default 1.5, for crisp text). */
  pngScale?: number;
  /** Charts drawn already by this command's threads: one drawn from the same spec is taken from there (the same bytes). */
  chartCache?: SharedChartCache;
  /** How the charts are drawn (default: one after another on this thread). */
  drawCharts?: ChartDrawer;
}

/** The report's files, relative to the run folder, in the order they are written. */
export interface RunReport {
  files: string[];
}

/** A chart left out of a report because it has nothing to draw, and why. */
export interface OmittedChart {
  name: string;
  heading: string;
  reason: string;
}

/**
 * The charts of a run's report: every chart of runCharts that has data, in report order; a chart
 * with nothing to draw (the paused periods of a run that never paused, the markouts of a run
 * without fills, …) is left out, not drawn as an empty panel, and listed in `omitted`.
 */
export function reportCharts(run: RunData, opts: ChartOptions = {}): { charts: ReportChart[]; omitted: OmittedChart[] } {
  const charts: ReportChart[] = [];
  const omitted: OmittedChart[] = [];
  for (const chart of runCharts(run, opts)) {
    const reason = noDataReason(chart.spec);
    if (reason === undefined) charts.push(chart);
    else omitted.push({ name: chart.name, heading: chart.heading, reason });
  }
  return { charts, omitted };
}

/** One line naming the charts left out and why, or "" when none was. */
function omittedNote(omitted: readonly OmittedChart[]): string {
  if (omitted.length === 0) return "";
  const items = omitted.map((o) => `${escapeHtml(o.heading)} (${escapeHtml(o.reason)})`).join("; ");
  return `\n<p>Not drawn, nothing to show: ${items}.</p>`;
}

/**
 * Reads a run folder and writes report.html plus charts/<name>.svg (and .png) into it, for each
 * chart with data (reportCharts; the page names the charts left out). Everything is rendered in
 * memory first, written to a hidden temporary folder, then renamed into place (charts/ first,
 * report.html last), so a failure leaves the previous report, or none, never a half-written one. Deterministic: the same run folder gives byte-identical files.
 */
export async function writeRunReport(runDir: string, opts: RunReportOptions = {}): Promise<RunReport> {
  const run = await loadRun(runDir);
  const ctx = runContext(run, opts.maxRows);
  const { charts, omitted } = reportCharts(run, opts);
  const pngScale = (opts.png ?? true) ? (opts.pngScale ?? 1.5) : null;
  const drawn = await (opts.drawCharts ?? drawChartsHere)(charts.map((c) => ({ spec: c.spec, pngScale })), opts.chartCache);
  const outputs: [string, string | Buffer][] = [];
  charts.forEach((chart, i) => {
    outputs.push([`charts/${chart.name}.svg`, drawn[i].svg]);
    const png = drawn[i].png;
    if (png) outputs.push([`charts/${chart.name}.png`, png]);
  });
  const sections: HtmlSection[] = [
    { id: "kpis", heading: "KPIs", html: kpiTableHtml(run.kpis, ctx) + omittedNote(omitted) },
    ...charts.filter((c) => c.name !== "kpis").map((c) => ({ id: c.name, heading: c.heading, spec: c.spec })),
  ];
  const m = run.manifest;
  const title = `mmlab run report: ${m.data.symbol}, seed ${m.seed}, results ${m.resultsHash.slice(0, 16)}`;
  outputs.push(["report.html", renderHtml({ title, sections, footer: manifestFacts(m) })]);

  // From here on everything is synchronous: an interrupt (Ctrl-C) is handled before or after, never
  // between two renames, so no temporary folder of it needs tracking.
  const tmp = join(runDir, `.report.tmp-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  try {
    mkdirSync(join(tmp, "charts"), { recursive: true });
    for (const [name, content] of outputs) writeFileNamed(join(tmp, name), content);
    const charts = join(runDir, "charts");
    const old = join(runDir, `.charts.old-${process.pid}`);
    rmSync(old, { recursive: true, force: true }); // left by a killed process of the same pid
    if (existsSync(charts)) renameSync(charts, old);
    renameSync(join(tmp, "charts"), charts);
    rmSync(old, { recursive: true, force: true });
    renameSync(join(tmp, "report.html"), join(runDir, "report.html"));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return { files: outputs.map(([name]) => name) };
}
