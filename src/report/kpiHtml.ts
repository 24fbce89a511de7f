import type { StrategyIdentity } from "../strategy/load.ts";
import { feeLine } from "../kpi/format.ts";
import type { KpiReport } from "../kpi/report.ts";
import type { RunManifest } from "../runfolder/format.ts";
import { escapeHtml } from "./html.ts";
import { kpiRows, kpiVerdict } from "./kpiRows.ts";

const num = (x: number | null, digits: number) => (x === null ? "n/a" : x.toFixed(digits));

/** The KPI table as HTML (KPI, value, target, PASS/FAIL coloured, rule definition), the verdict and the other figures. */
export function kpiTableHtml(kpis: KpiReport, units: { base: string; quote: string }): string {
  const rows = kpiRows(kpis, units)
    .map(
      (r) =>
        `<tr><td>${escapeHtml(r.kpi)}</td><td>${escapeHtml(r.value)}</td><td>${escapeHtml(r.target)}</td>` +
        `<td class="${r.result === "PASS" ? "pass" : "fail"}">${r.result}${r.required ? "*" : ""}</td><td class="def">${escapeHtml(r.definition)}</td></tr>`,
    )
    .join("\n");
  const { base, quote } = units;
  const facts = [
    `fills ${kpis.fills} (orders: ${kpis.ordersSubmitted} submitted, ${kpis.ordersFilled} filled, ${kpis.ordersCancelled} cancelled)`,
    `duration ${kpis.durationSeconds.toFixed(1)} s`,
    `volume ${kpis.volumeBase.toPrecision(6)} ${base} / ${kpis.volumeQuote.toFixed(2)} ${quote}`,
    `fees ${kpis.fees.toFixed(4)} ${quote}; final position ${kpis.finalPosition.toPrecision(4)} ${base}`,
    `PnL split: spread capture ${kpis.pnlSplit.spreadCapture.toFixed(4)} + inventory ${kpis.pnlSplit.inventory.toFixed(4)} − fees ${kpis.pnlSplit.fees.toFixed(4)} = ${kpis.pnl.toFixed(4)} ${quote}`,
    `Sharpe ${num(kpis.sharpe, 4)} per ${kpis.sampleIntervalSeconds} s (${num(kpis.sharpeAnnualised, 2)} annualised); Sortino ${num(kpis.sortino, 4)} (${num(kpis.sortinoAnnualised, 2)} annualised)`,
    `max drawdown ${kpis.maxDrawdown.toFixed(4)} ${quote}`,
  ];
  const verdict = escapeHtml(kpiVerdict(kpis)).replace(/(PASS|FAIL) \(/, (_, v: string) => `<span class="${v === "PASS" ? "pass" : "fail"}">${v}</span> (`);
  return [
    '<table class="kpi">',
    "<thead><tr><th>KPI</th><th>value</th><th>target</th><th>result</th><th>rule definition</th></tr></thead>",
    `<tbody>\n${rows}\n</tbody>`,
    "</table>",
    `<p class="verdict">${verdict}</p>`,
    ...(kpis.rules.some((r) => r.required) ? ["<p>* required: the run fails when this rule fails, whatever the others do.</p>"] : []),
    ...(kpis.failReasons?.length ? [`<ul class="facts">${kpis.failReasons.map((f) => `<li class="fail">${escapeHtml(f)}</li>`).join("")}</ul>`] : []),
    // A kpis.json written before fees were reported has no fee assumption to show.
    ...(kpis.feeSchedule !== undefined ? [`<p class="fees">${escapeHtml(feeLine(kpis, quote))}</p>`] : []),
    `<ul class="facts">${facts.map((f) => `<li>${escapeHtml(f)}</li>`).join("")}</ul>`,
  ].join("\n");
}

/** A run's strategy in one line: name, where it came from (with the module's hash), params. */
export function strategyLine(s: StrategyIdentity | null): string {
  if (s === null) return "n/a";
  const source = s.module === null ? "built-in" : `${s.module}, SHA-256 ${s.moduleSha256}`;
  return `${s.name} (${source}), params ${JSON.stringify(s.params)}`;
}

/** The manifest facts for the page footer: seed, data hash, results hash, code version and what was run. */
export function manifestFacts(m: RunManifest): [string, string][] {
  return [
    ["seed", m.seed],
    ["data", `${m.data.symbol} on ${m.data.venue}, ${JSON.stringify(m.data.description)}`],
    ["data hash (SHA-256)", m.data.hash],
    ["results hash (SHA-256)", m.resultsHash],
    ["code version", m.codeVersion],
    ...(m.strategy === undefined ? [] : [["strategy", strategyLine(m.strategy)] as [string, string]]),
    ["events / steps", `${m.events} / ${m.steps}`],
  ];
}
