import type { KpiReport } from "./report.ts";
import type { KpiUnit } from "./targets.ts";

/** A number with `digits` decimals, or "n/a" for a KPI that could not be computed. */
function num(value: number | null, digits: number): string {
  return value === null ? "n/a" : value.toFixed(digits);
}

/** A KPI value with its unit, as shown in the table. */
export function formatKpiValue(value: number | null, unit: KpiUnit): string {
  if (value === null) return "n/a";
  switch (unit) {
    case "percent":
      return `${value.toFixed(1)} %`;
    case "fraction":
      return `${(100 * value).toFixed(1)} %`;
    case "base":
      return `${value.toPrecision(4)} base`;
    case "ms":
      return `${value.toFixed(1)} ms`;
    case "quote":
      // 4 decimals: a small but positive PnL must not print as "0.00" next to PASS.
      return `${value.toFixed(4)} quote`;
  }
}

/** Plain-text KPI table (one row per rule, then the verdict and the unranked figures); no colours. */
export function formatKpiTable(report: KpiReport): string {
  const header = ["KPI", "value", "target", "result"];
  const rows = report.rules.map((r) => [r.label, formatKpiValue(r.value, r.unit), r.target, r.passed ? "PASS" : "FAIL"]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c].length)));
  const line = (cells: string[]) => cells.map((cell, c) => cell.padEnd(widths[c])).join("  ").trimEnd();
  const out = [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)];
  out.push(
    `${report.rulesPassed}/${report.rulesTotal} rules passed → ${report.passed ? "PASS" : "FAIL"} (≥ 80 % needed)`,
    "",
    `fills ${report.fills} (orders: ${report.ordersSubmitted} submitted, ${report.ordersFilled} filled, ${report.ordersCancelled} cancelled)` +
      `, duration ${report.durationSeconds.toFixed(1)} s`,
    `volume ${report.volumeBase.toPrecision(6)} base / ${report.volumeQuote.toFixed(2)} quote, fees ${report.fees.toFixed(4)} quote` +
      `, final position ${report.finalPosition.toPrecision(4)} base`,
    `Sharpe ${num(report.sharpe, 4)} per ${report.sampleIntervalSeconds} s (${num(report.sharpeAnnualised, 2)} annualised)` +
      `, Sortino ${num(report.sortino, 4)} (${num(report.sortinoAnnualised, 2)} annualised), max drawdown ${report.maxDrawdown.toFixed(4)} quote`,
    `PnL split: spread capture ${report.pnlSplit.spreadCapture.toFixed(4)} + inventory ${report.pnlSplit.inventory.toFixed(4)}` +
      ` − fees ${report.pnlSplit.fees.toFixed(4)} = ${report.pnl.toFixed(4)} quote`,
    "markouts (qty-weighted, side·(mid_t+h − fill price)): " +
      report.markouts
        .map((m) => `${m.horizonMs >= 1000 ? `${m.horizonMs / 1000}s` : `${m.horizonMs}ms`} ${m.meanTicks === null ? "n/a" : `${m.meanTicks.toFixed(2)} ticks`} (n=${m.count})`)
        .join(", "),
  );
  return out.join("\n");
}
