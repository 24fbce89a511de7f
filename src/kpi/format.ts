import { formatKpiValue } from "./formatValue.ts";
import type { FeeAssumption, KpiReport } from "./report.ts";
import { verdictLine } from "./verdict.ts";

export { formatKpiValue } from "./formatValue.ts";

/** A number with `digits` decimals, or "n/a" for a KPI that could not be computed. */
function num(value: number | null, digits: number): string {
  return value === null ? "n/a" : value.toFixed(digits);
}

/** "binance-spot-vip9 1.2/2.4 bp": a fee schedule with its maker/taker rates. */
export function feeScheduleText(f: FeeAssumption): string {
  return `${f.schedule} ${f.makerBps}/${f.takerBps} bp`;
}

/**
 * The fee assumption next to the PnL: "fees: binance-spot-vip9 (maker 1.2 bp, taker 2.4 bp) → 12.3456 quote;
 * break-even maker fee 0.73 bp" (`quote` names the quote currency).
 */
export function feeLine(report: Pick<KpiReport, "feeSchedule" | "fees" | "breakEvenMakerFeeBps">, quote = "quote"): string {
  const f = report.feeSchedule;
  const breakEven = report.breakEvenMakerFeeBps === null ? "n/a (no maker fills)" : `${report.breakEvenMakerFeeBps.toFixed(2)} bp`;
  return `fees: ${f.schedule} (maker ${f.makerBps} bp, taker ${f.takerBps} bp) → ${report.fees.toFixed(4)} ${quote}; break-even maker fee ${breakEven}`;
}

/** Plain-text KPI table (one row per rule, required ones marked *, then the verdict, the fees and the unranked figures); no colours. */
export function formatKpiTable(report: KpiReport): string {
  const header = ["KPI", "value", "target", "result"];
  const rows = report.rules.map((r) => [r.label, formatKpiValue(r.value, r.unit), r.target, `${r.passed ? "PASS" : "FAIL"}${r.required ? "*" : ""}`]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c].length)));
  const line = (cells: string[]) => cells.map((cell, c) => cell.padEnd(widths[c])).join("  ").trimEnd();
  const out = [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)];
  out.push(
    ...(report.rules.some((r) => r.required) ? ["* required: the run fails when this rule fails"] : []),
    verdictLine(report.rules),
    feeLine(report),
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
