import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { writeFileNamed } from "../../core/writeFileNamed.ts";
import { feeScheduleText } from "../../kpi/format.ts";
import { stressMatrixSpec, type StressMatrixRow } from "../../report/charts/stressMatrix.ts";
import { escapeHtml, renderHtml } from "../../report/html.ts";
import { strategyLine } from "../../report/kpiHtml.ts";
import { renderPng, renderSvg } from "../../report/render.ts";
import { codeVersion } from "../../runfolder/codeVersion.ts";
import type { StressSuite } from "./runSuite.ts";
import { limitsDetail } from "./table.ts";
import type { StressRunSummary } from "./summary.ts";

/** The KPI pass rule and the hard limits, as written in stress.json and the report. */
export const STRESS_RULES_TEXT =
  "a run passes its KPIs when ≥ 80 % of the KPI rules pass and every required rule (config kpi.required, default PnL) passes (docs/kpis.md); its hard limits hold when |q| ≤ q_max after every fill and no loop step failed";

/** The matrix rows of a suite's runs (`label` names each row). */
export function matrixRows(runs: readonly StressRunSummary[], label: (run: StressRunSummary) => string = (r) => r.scenario): StressMatrixRow[] {
  return runs.map((r) => ({
    scenario: label(r),
    rules: r.rules,
    rulesPassed: r.rulesPassed,
    rulesTotal: r.rulesTotal,
    passed: r.passed,
    failReasons: r.failReasons,
    feeSchedule: feeScheduleText(r.feeSchedule),
    breakEvenMakerFeeBps: r.breakEvenMakerFeeBps,
    limitsOk: r.limits.ok,
  }));
}

/**
 * Writes a suite's summary and report into its folder:
 *   stress.json                 the suite: seed, duration, source data, every run's KPIs, rules and limits
 *   charts/stress-matrix.svg    the scenario × KPI matrix (and .png unless `png` is false)
 *   stress.html                 the matrix and a table of the runs, linking each run's report
 * Returns the files written (relative to `dir`).
 */
export async function writeStressReport(dir: string, suite: StressSuite, opts: { png?: boolean; runReports?: boolean } = {}): Promise<string[]> {
  const spec = stressMatrixSpec(matrixRows(suite.runs), { subtitle: [`seed ${suite.seed}, ${durationText(suite.durationNs)} per run; green: target met, red: missed`, STRESS_RULES_TEXT] });
  const files: string[] = [];
  const write = (name: string, content: string | Buffer) => {
    writeFileNamed(join(dir, name), content);
    files.push(name);
  };
  mkdirSync(join(dir, "charts"), { recursive: true });
  write("stress.json", JSON.stringify({ tool: "mmlab", kind: "stress", codeVersion: codeVersion(), rules: STRESS_RULES_TEXT, ...suite }, null, 2) + "\n");
  const svg = await renderSvg(spec);
  write("charts/stress-matrix.svg", svg);
  if (opts.png ?? true) write("charts/stress-matrix.png", renderPng(svg, { width: svgWidth(svg) * 1.5 }));
  const html = renderHtml({
    title: `mmlab stress suite: seed ${suite.seed}, ${durationText(suite.durationNs)} per run`,
    sections: [
      { id: "matrix", heading: "Scenario × KPI matrix", spec },
      { id: "runs", heading: "Runs", html: runsTableHtml(suite.runs, "", opts.runReports ?? true) },
    ],
    footer: [
      ["seed", suite.seed],
      ["data", JSON.stringify(suite.data)],
      ["strategy", strategyLine(suite.strategy)],
      ["code version", codeVersion()],
    ],
  });
  write("stress.html", html);
  return files;
}

/** The runs as an HTML table: scenario (linked to its report), what it does, verdicts and why, fees, limits, hashes. */
export function runsTableHtml(runs: readonly StressRunSummary[], linkPrefix: string, linkReports: boolean): string {
  const rows = runs.map((r) => {
    const name = escapeHtml(r.scenario);
    const link = linkReports ? `<a href="${escapeHtml(`${linkPrefix}${r.runDir}/report.html`)}">${name}</a>` : name;
    const failed = r.rules.filter((x) => !x.passed).map((x) => x.label);
    return (
      `<tr><td>${link}</td><td class="def">${escapeHtml(r.description)}${r.configOverrides.length ? `<br><code>${escapeHtml(r.configOverrides.join(" "))}</code>` : ""}</td>` +
      `<td class="${r.passed ? "pass" : "fail"}">${r.rulesPassed}/${r.rulesTotal} ${r.passed ? "PASS" : "FAIL"}</td>` +
      `<td>${escapeHtml(failed.join(", ") || "—")}${r.failReasons.length ? `<br><span class="def">${escapeHtml(r.failReasons.join("; "))}</span>` : ""}</td>` +
      `<td>${escapeHtml(feeScheduleText(r.feeSchedule))}</td><td>${r.breakEvenMakerFeeBps === null ? "n/a" : `${r.breakEvenMakerFeeBps.toFixed(2)} bp`}</td>` +
      `<td class="${r.limits.ok ? "pass" : "fail"}">${r.limits.ok ? "held" : `BREACHED: ${escapeHtml(limitsDetail(r))}`}</td>` +
      `<td>${r.limits.maxAbsInventory.toPrecision(4)} / ${r.limits.qMax}</td><td>${r.guardPauses}</td><td>${r.feedPauses} (${r.staleFeedSeconds.toFixed(1)} s)</td><td>${r.fills}</td>` +
      `<td><code>${r.resultsHash.slice(0, 16)}</code></td></tr>`
    );
  });
  return [
    '<table class="kpi">',
    "<thead><tr><th>scenario</th><th>what it does</th><th>KPIs</th><th>rules missed</th><th>fee schedule</th><th>break-even maker fee</th><th>hard limits</th><th>max |q| / q_max</th><th>latency-guard pauses</th><th>stale-feed pauses (time)</th><th>fills</th><th>results hash</th></tr></thead>",
    `<tbody>\n${rows.join("\n")}\n</tbody>`,
    "</table>",
  ].join("\n");
}

/** "6 h", "90 min", "whole data". */
export function durationText(durationNs: number | null): string {
  if (durationNs === null) return "the whole data";
  const s = durationNs / 1e9;
  if (s >= 3600 && s % 3600 === 0) return `${s / 3600} h`;
  if (s >= 60 && s % 60 === 0) return `${s / 60} min`;
  return `${s} s`;
}

/** The width attribute of an SVG root element, px. */
export function svgWidth(svg: string): number {
  const m = /<svg[^>]*\swidth="([\d.]+)"/.exec(svg);
  return m ? Number(m[1]) : 800;
}
