import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCharts, runContext, type ChartOptions } from "./charts.ts";
import { renderHtml, type HtmlSection } from "./html.ts";
import { kpiTableHtml, manifestFacts } from "./kpiHtml.ts";
import { renderPng, renderSvg } from "./render.ts";
import { loadRun } from "../runfolder/readRun.ts";

/** Options of writeRunReport. */
export interface RunReportOptions extends ChartOptions {
  /** Also write charts/<name>.png (default true). */
  png?: boolean;
  /** PNG width as a multiple of the SVG's width (default 1.5, for crisp text). */
  pngScale?: number;
}

/** The report's files, relative to the run folder, in the order they are written. */
export interface RunReport {
  files: string[];
}

/**
 * Reads a run folder and writes report.html plus charts/<name>.svg (and .png) into it. Everything
 * is rendered in memory first, written to a hidden temporary folder, then renamed into place
 * (charts/ first, report.html last), so a failure leaves the previous report, or none, never a
 * half-written one. Deterministic: the same run folder gives byte-identical files.
 */
export async function writeRunReport(runDir: string, opts: RunReportOptions = {}): Promise<RunReport> {
  const run = await loadRun(runDir);
  const ctx = runContext(run, opts.maxRows);
  const charts = runCharts(run, opts);
  const outputs: [string, string | Buffer][] = [];
  for (const chart of charts) {
    const svg = await renderSvg(chart.spec);
    outputs.push([`charts/${chart.name}.svg`, svg]);
    if (opts.png ?? true) outputs.push([`charts/${chart.name}.png`, renderPng(svg, { width: svgWidth(svg) * (opts.pngScale ?? 1.5) })]);
  }
  const sections: HtmlSection[] = [
    { id: "kpis", heading: "KPIs", html: kpiTableHtml(run.kpis, ctx) },
    ...charts.filter((c) => c.name !== "kpis").map((c) => ({ id: c.name, heading: c.heading, spec: c.spec })),
  ];
  const m = run.manifest;
  const title = `mmlab run report: ${m.data.symbol}, seed ${m.seed}, results ${m.resultsHash.slice(0, 16)}`;
  outputs.push(["report.html", renderHtml({ title, sections, footer: manifestFacts(m) })]);

  const tmp = join(runDir, `.report.tmp-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  try {
    mkdirSync(join(tmp, "charts"), { recursive: true });
    for (const [name, content] of outputs) writeFileSync(join(tmp, name), content);
    const charts = join(runDir, "charts");
    const old = join(runDir, `.charts.old-${process.pid}`);
    if (existsSync(charts)) renameSync(charts, old);
    renameSync(join(tmp, "charts"), charts);
    rmSync(old, { recursive: true, force: true });
    renameSync(join(tmp, "report.html"), join(runDir, "report.html"));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return { files: outputs.map(([name]) => name) };
}

/** The width attribute of an SVG root element, px. */
function svgWidth(svg: string): number {
  const m = /<svg[^>]*\swidth="([\d.]+)"/.exec(svg);
  return m ? Number(m[1]) : 800;
}
