import { formatKpiValue, GENERIC_ASSETS, type AssetNames } from "./formatValue.ts";
import type { MarkoutResult } from "./markouts.ts";
import type { FeeAssumption, KpiReport } from "./report.ts";
import { verdictLine } from "./verdict.ts";

export { formatKpiValue, GENERIC_ASSETS, type AssetNames } from "./formatValue.ts";

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

/**
 * Plain-text KPI table (one row per rule, required ones marked *, then the verdict, the fees and the
 * unranked figures); no colours. Amounts in the instrument's assets (`assets`, e.g. BTC and USDT;
 * default "base" and "quote"), markouts in ticks and in bp.
 */
export function formatKpiTable(report: KpiReport, assets: AssetNames = GENERIC_ASSETS): string {
  const { base, quote } = assets;
  const header = ["KPI", "value", "target", "result"];
  const rows = report.rules.map((r) => [r.label, formatKpiValue(r.value, r.unit, assets), r.target, `${r.passed ? "PASS" : "FAIL"}${r.required ? "*" : ""}`]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c].length)));
  const line = (cells: string[]) => cells.map((cell, c) => cell.padEnd(widths[c])).join("  ").trimEnd();
  const out = [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)];
  out.push(
    ...(report.rules.some((r) => r.required) ? ["* required: the run fails when this rule fails"] : []),
    verdictLine(report.rules),
    feeLine(report, quote),
    "",
    `fills ${report.fills} (orders: ${report.ordersSubmitted} submitted, ${report.ordersFilled} filled, ${report.ordersCancelled} cancelled)` +
      `, duration ${report.durationSeconds.toFixed(1)} s`,
    `volume ${report.volumeBase.toPrecision(6)} ${base} / ${report.volumeQuote.toFixed(2)} ${quote}, fees ${report.fees.toFixed(4)} ${quote}` +
      `, final position ${report.finalPosition.toPrecision(4)} ${base}`,
    `Sharpe ${num(report.sharpe, 4)} per ${report.sampleIntervalSeconds} s (${num(report.sharpeAnnualised, 2)} annualised)` +
      `, Sortino ${num(report.sortino, 4)} (${num(report.sortinoAnnualised, 2)} annualised), max drawdown ${report.maxDrawdown.toFixed(4)} ${quote}`,
    `PnL split: spread capture ${report.pnlSplit.spreadCapture.toFixed(4)} + inventory ${report.pnlSplit.inventory.toFixed(4)}` +
      ` − fees ${report.pnlSplit.fees.toFixed(4)} = ${report.pnl.toFixed(4)} ${quote}`,
    markoutLine(report),
    pausedLine(report),
  );
  return out.join("\n");
}

/** "quoting paused 41.2 s (1.1 % of the run): stale feed 31.2 s, warming up 10.0 s" (the causes with time, longest first). */
export function pausedLine(report: Pick<KpiReport, "pausedSeconds" | "durationSeconds">): string {
  const p = report.pausedSeconds;
  const causes: [string, number][] = [
    ["halted", p.halted],
    ["latency guard", p.latency],
    ["no book", p.noBook],
    ["stale feed", p.staleFeed],
    ["warming up", p.warmingUp],
  ];
  const parts = causes.filter(([, s]) => s > 0).sort((a, b) => b[1] - a[1]).map(([name, s]) => `${name} ${s.toFixed(1)} s`);
  const share = report.durationSeconds > 0 ? ` (${((100 * p.total) / report.durationSeconds).toFixed(1)} % of the run)` : "";
  return parts.length === 0 ? "quoting never paused" : `quoting paused ${p.total.toFixed(1)} s${share}: ${parts.join(", ")}`;
}

/**
 * "markouts (…): 100ms 2.00 ticks 0.33 bp (n=12), …": each horizon's mean in ticks and in bp —
 * of the mean fill price (volume in quote / volume in base), the one price every fill's markout is
 * divided by, so the bp are the ticks rescaled.
 */
export function markoutLine(report: Pick<KpiReport, "markouts" | "volumeBase" | "volumeQuote">): string {
  const meanPrice = report.volumeBase > 0 ? report.volumeQuote / report.volumeBase : NaN;
  const text = (m: MarkoutResult): string => {
    const horizon = m.horizonMs >= 1000 ? `${m.horizonMs / 1000}s` : `${m.horizonMs}ms`;
    if (m.meanTicks === null || m.meanQuote === null) return `${horizon} n/a (n=${m.count})`;
    const bp = (m.meanQuote / meanPrice) * 1e4;
    return `${horizon} ${m.meanTicks.toFixed(2)} ticks${Number.isFinite(bp) ? ` ${bpText(bp)} bp` : ""} (n=${m.count})`;
  };
  return `markouts (qty-weighted, side·(mid_t+h − fill price); bp of the mean fill price): ${report.markouts.map(text).join(", ")}`;
}

/** Basis points: one decimal from 10 bp, two significant digits below (0.16, 0.0068), never in exponent form. */
function bpText(bp: number): string {
  if (bp === 0) return "0";
  if (Math.abs(bp) >= 10) return bp.toFixed(1);
  const digits = Math.min(20, Math.max(1, 1 - Math.floor(Math.log10(Math.abs(bp)))));
  return bp.toFixed(digits);
}
