import { existsSync, mkdirSync } from "node:fs";
import { writeFileNamed } from "../../core/writeFileNamed.ts";
import { join } from "node:path";
import { feeScheduleText, formatKpiValue } from "../../kpi/format.ts";
import { verdictLine } from "../../kpi/verdict.ts";
import { MATRIX_RULE_TEXT, stressMatrixSpec } from "../../report/charts/stressMatrix.ts";
import { escapeHtml, renderHtml } from "../../report/html.ts";
import { renderPng, renderSvg } from "../../report/render.ts";
import { codeVersion } from "../../runfolder/codeVersion.ts";
import { durationText, matrixRows, runsTableHtml, STRESS_RULES_TEXT, svgWidth } from "../stress/report.ts";
import { strategyLine } from "../../report/kpiHtml.ts";
import type { StressRunSummary } from "../stress/summary.ts";
import type { Validation } from "./runValidation.ts";
import { validationLabel, VALIDATION_RULE_TEXT } from "./verdict.ts";

/**
 * Writes validate.json (the verdict, every check, the baseline's and each stress run's KPIs)
 * and validate.html (verdict and checks, the baseline's KPI table with its charts and a link to
 * its full report, the scenario × KPI matrix, the stress runs linking their reports), and the
 * matrix as charts/validate-matrix.svg (and .png unless `png` is false). Returns the files written.
 */
export async function writeValidationReport(dir: string, v: Validation, opts: { runReports?: boolean; png?: boolean } = {}): Promise<string[]> {
  const linkReports = opts.runReports ?? true;
  const files = ["validate.json", "charts/validate-matrix.svg", "validate.html"];
  writeFileNamed(join(dir, "validate.json"), JSON.stringify({ tool: "mmlab", kind: "validate", codeVersion: codeVersion(), rule: VALIDATION_RULE_TEXT, stressRules: STRESS_RULES_TEXT, ...v }, null, 2) + "\n");
  const rows = [
    ...matrixRows([v.baseline], (r) => validationLabel(v, r, true)),
    ...matrixRows(v.stress.runs, (r) => validationLabel(v, r, false)),
  ];
  const spec = stressMatrixSpec(rows, {
    title: "Validation: baseline and stress scenarios × KPIs",
    subtitle: [`seed ${v.seed}; baseline ${durationText(v.durationNs)}, stress runs ${durationText(v.stressDurationNs)} of the same synthetic day; green: target met, red: missed; ${MATRIX_RULE_TEXT}`],
  });
  mkdirSync(join(dir, "charts"), { recursive: true });
  const svg = await renderSvg(spec);
  writeFileNamed(join(dir, "charts/validate-matrix.svg"), svg);
  if (opts.png ?? true) {
    writeFileNamed(join(dir, "charts/validate-matrix.png"), renderPng(svg, { width: svgWidth(svg) * 1.5 }));
    files.push("charts/validate-matrix.png");
  }
  const verdict = v.passed ? '<span class="pass">PASS</span>' : '<span class="fail">FAIL</span>';
  const checks = v.checks
    .map((c) => `<tr><td>${escapeHtml(c.label)}</td><td class="${c.passed ? "pass" : "fail"}">${c.passed ? "PASS" : "FAIL"}</td><td class="def">${escapeHtml(c.detail)}</td></tr>`)
    .join("\n");
  const charts = ["pnl", "inventory"].filter((c) => existsSync(join(dir, "baseline", "charts", `${c}.svg`)));
  const html = renderHtml({
    title: `mmlab validation: ${v.passed ? "PASS" : "FAIL"} (seed ${v.seed})`,
    sections: [
      {
        id: "verdict",
        heading: "Verdict",
        html: [
          `<p class="verdict">Validation ${verdict}</p>`,
          `<p>${escapeHtml(VALIDATION_RULE_TEXT)}.</p>`,
          '<table class="kpi"><thead><tr><th>check</th><th>result</th><th>detail</th></tr></thead>',
          `<tbody>\n${checks}\n</tbody></table>`,
        ].join("\n"),
      },
      {
        id: "baseline",
        heading: `Baseline (${durationText(v.durationNs)})`,
        html: [
          rulesTableHtml(v.baseline),
          linkReports ? `<p><a href="baseline/report.html">The baseline's full run report</a> (all charts, run facts).</p>` : "",
          ...charts.map((c) => `<p><img src="baseline/charts/${c}.svg" alt="baseline ${c}" style="max-width:100%"></p>`),
        ].join("\n"),
      },
      { id: "matrix", heading: "Scenario × KPI matrix", spec },
      {
        id: "stress",
        heading: `Stress runs (${durationText(v.stressDurationNs)} each)`,
        html: [runsTableHtml(v.stress.runs, "stress/", linkReports), '<p><a href="stress/stress.html">The stress suite report</a>.</p>'].join("\n"),
      },
    ],
    footer: [
      ["seed", v.seed],
      ["data (baseline)", JSON.stringify(v.data)],
      ["data (stress runs)", JSON.stringify(v.stress.data)],
      ["strategy", strategyLine(v.stress.strategy)],
      ["code version", codeVersion()],
    ],
  });
  writeFileNamed(join(dir, "validate.html"), html);
  return files;
}

/** A run's KPI rules as an HTML table (KPI, value, target, PASS/FAIL, required ones marked *), the verdict and why, the fees. */
function rulesTableHtml(run: StressRunSummary): string {
  const rows = run.rules.map(
    (r) =>
      `<tr><td>${escapeHtml(r.label)}</td><td>${escapeHtml(formatKpiValue(r.value, r.unit))}</td><td>${escapeHtml(r.target)}</td><td class="${r.passed ? "pass" : "fail"}">${r.passed ? "PASS" : "FAIL"}${r.required ? "*" : ""}</td></tr>`,
  );
  const verdict = escapeHtml(verdictLine(run.rules)).replace(/(PASS|FAIL) \(/, (_, v: string) => `<span class="${v === "PASS" ? "pass" : "fail"}">${v}</span> (`);
  const breakEven = run.breakEvenMakerFeeBps === null ? "n/a (no maker fills)" : `${run.breakEvenMakerFeeBps.toFixed(2)} bp`;
  return [
    '<table class="kpi"><thead><tr><th>KPI</th><th>value</th><th>target</th><th>result</th></tr></thead>',
    `<tbody>\n${rows.join("\n")}\n</tbody></table>`,
    `<p class="verdict">${verdict}</p>`,
    ...(run.requiredRules.length > 0 ? ["<p>* required: the run fails when this rule fails, whatever the others do.</p>"] : []),
    ...(run.failReasons.length > 0 ? [`<ul class="facts">${run.failReasons.map((f) => `<li class="fail">${escapeHtml(f)}</li>`).join("")}</ul>`] : []),
    `<p class="fees">fees: ${escapeHtml(feeScheduleText(run.feeSchedule))}; break-even maker fee ${breakEven}</p>`,
  ].join("\n");
}
