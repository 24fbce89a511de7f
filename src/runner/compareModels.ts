import { parseConfigValue } from "../config/load.ts";
import type { MmConfig } from "../config/schema.ts";
import { rootRng } from "../core/rng.ts";
import { feeScheduleText } from "../kpi/format.ts";
import type { KpiReport } from "../kpi/report.ts";
import { runBacktest } from "./backtest.ts";
import type { MarketData } from "../data/sources/marketData.ts";

/** One simulator assumption to compare: a name and the config overrides that select it. */
export interface ModelVariant {
  name: string;
  overrides: string[];
}

/** The queue and latency models side by side (each varies one assumption of the default). */
export const MODEL_VARIANTS: readonly ModelVariant[] = [
  { name: "queue risk_averse (default)", overrides: [] },
  { name: "queue prob_power n=2", overrides: ["sim.queue.kind=prob_power", "sim.queue.n=2"] },
  { name: "queue prob_power n=3", overrides: ["sim.queue.kind=prob_power", "sim.queue.n=3"] },
  { name: "queue prob_power2 n=3", overrides: ["sim.queue.kind=prob_power2", "sim.queue.n=3"] },
  { name: "queue prob_power3 n=3", overrides: ["sim.queue.kind=prob_power3", "sim.queue.n=3"] },
  { name: "queue prob_log", overrides: ["sim.queue.kind=prob_log"] },
  { name: "queue prob_log2", overrides: ["sim.queue.kind=prob_log2"] },
  { name: "latency constant 10+10 ms (default)", overrides: [] },
  { name: "latency constant 50+50 ms", overrides: ["sim.latency.entry_ms=50", "sim.latency.response_ms=50"] },
  { name: "latency lognormal, rare spikes", overrides: ["sim.latency.kind=lognormal"] },
  { name: "latency lognormal, 1 % spikes of 400 ms", overrides: ["sim.latency.kind=lognormal", "sim.latency.spike_prob=0.01", "sim.latency.spike_mean_ms=400"] },
];

/** One row of the comparison. */
export interface ModelComparisonRow {
  variant: string;
  pnl: number | null;
  /** The fees behind the PnL, e.g. "binance-spot-vip9 1.2/2.4 bp". */
  feeSchedule: string;
  /** Maker fee, bp, at which the PnL would be 0; null without maker fills. */
  breakEvenMakerFeeBps: number | null;
  fillRatio: number | null;
  cancelRatio: number | null;
  spreadCapturedPct: number | null;
  fills: number;
  markoutTicks: Record<string, number | null>;
  rulesPassed: number;
  resultsHash: string;
}

/**
 * Runs the same strategy on the same data under each simulator assumption, so a user sees how
 * much the conclusions depend on the fill model. `data` makes a fresh MarketData per run (same
 * bytes each time); variants run one after the other, in the order given.
 */
export async function compareModels(
  base: unknown,
  data: () => Promise<MarketData> | MarketData,
  seed: string,
  variants: readonly ModelVariant[] = MODEL_VARIANTS,
  onRow?: (row: ModelComparisonRow) => void,
): Promise<ModelComparisonRow[]> {
  const rows: ModelComparisonRow[] = [];
  for (const variant of variants) {
    const config: MmConfig = parseConfigValue(base, variant.overrides);
    const rng = rootRng(seed);
    const result = await runBacktest({ config, data: await data(), rng });
    const row = toRow(variant.name, result.kpis, result.resultsHash);
    rows.push(row);
    onRow?.(row);
  }
  return rows;
}

function toRow(variant: string, k: KpiReport, resultsHash: string): ModelComparisonRow {
  const markoutTicks: Record<string, number | null> = {};
  for (const m of k.markouts) markoutTicks[`${m.horizonMs}ms`] = m.meanTicks;
  return {
    variant,
    pnl: k.pnl,
    feeSchedule: feeScheduleText(k.feeSchedule),
    breakEvenMakerFeeBps: k.breakEvenMakerFeeBps,
    fillRatio: k.fillRatio,
    cancelRatio: k.cancelRatio,
    spreadCapturedPct: k.spreadCapturedPct,
    fills: k.fills,
    markoutTicks,
    rulesPassed: k.rulesPassed,
    resultsHash,
  };
}

/** The comparison as a plain-text table. */
export function formatModelComparison(rows: readonly ModelComparisonRow[]): string {
  const f = (x: number | null, digits: number, scale = 1) => (x === null ? "n/a" : (x * scale).toFixed(digits));
  const horizons = rows.length > 0 ? Object.keys(rows[0].markoutTicks) : [];
  const header = ["variant".padEnd(42), "PnL".padStart(9), "b/e fee bp".padStart(10), "fill %".padStart(7), "cancel %".padStart(9), "captured %".padStart(11), "fills".padStart(7), ...horizons.map((h) => `mk ${h}`.padStart(10)), "rules".padStart(6)];
  const lines = [header.join(" ")];
  for (const r of rows) {
    lines.push(
      [
        r.variant.padEnd(42),
        f(r.pnl, 2).padStart(9),
        f(r.breakEvenMakerFeeBps, 2).padStart(10),
        f(r.fillRatio, 1, 100).padStart(7),
        f(r.cancelRatio, 1, 100).padStart(9),
        f(r.spreadCapturedPct, 1).padStart(11),
        String(r.fills).padStart(7),
        ...horizons.map((h) => f(r.markoutTicks[h], 1).padStart(10)),
        `${r.rulesPassed}/6`.padStart(6),
      ].join(" "),
    );
  }
  const fees = [...new Set(rows.map((r) => r.feeSchedule))].join(", ");
  return lines.join("\n") + `\n(fees: ${fees}; b/e fee: the maker fee at which the PnL would be 0; markouts: mean side·(mid after h − fill price), ticks)`;
}
