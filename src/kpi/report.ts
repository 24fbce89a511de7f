import type { MarkoutResult } from "./markouts.ts";
import type { RuleResult } from "./targets.ts";

/**
 * End-of-run KPI report: a plain JSON-serialisable object (no NaN/Infinity: a KPI that cannot be
 * computed is null). Units: quote = quote currency (e.g. USDT), base = base units (e.g. BTC).
 */
export interface KpiReport {
  /** Spread captured, percent (70 means 70 %); null without fills or with a non-positive quoted half-spread sum. */
  spreadCapturedPct: number | null;
  /** RMS inventory, base units; null when the run has zero duration. */
  rmsInventory: number | null;
  /** rmsInventory / q_max (a fraction). */
  rmsInventoryRatio: number | null;
  /** Orders with any fill / orders submitted, a fraction in [0, 1]; null when no order was submitted. */
  fillRatio: number | null;
  /** Orders cancelled / orders submitted, a fraction in [0, 1]; null when no order was submitted. */
  cancelRatio: number | null;
  /** 99th percentile (nearest rank) of submit→ack latency, ms; null without acks. */
  latencyP99Ms: number | null;
  /** Mark-to-market PnL at the final mid, net of fees, quote. */
  pnl: number;
  rulesPassed: number;
  rulesTotal: number;
  /** rulesPassed / rulesTotal ≥ 80 %. */
  passed: boolean;
  rules: RuleResult[];

  ordersSubmitted: number;
  ordersFilled: number;
  ordersCancelled: number;
  acks: number;
  fills: number;
  /** Σ fill qty, base. */
  volumeBase: number;
  /** Σ fill qty·price, quote. */
  volumeQuote: number;
  /** Σ fees, quote (negative = net rebate). */
  fees: number;
  /** Final position, base. */
  finalPosition: number;

  /** Sharpe/Sortino of equity increments per sampling interval, and annualised over 365 days of 24 h. */
  sharpe: number | null;
  sortino: number | null;
  sharpeAnnualised: number | null;
  sortinoAnnualised: number | null;
  sampleIntervalSeconds: number;
  /** Number of equity increments behind the Sharpe/Sortino figures. */
  equitySamples: number;
  /** Largest fall of mark-to-market PnL from a previous peak (the flat start counts as a peak), quote, ≥ 0. */
  maxDrawdown: number;
  /** pnl = spreadCapture + inventory − fees (all quote). */
  pnlSplit: { spreadCapture: number; inventory: number; fees: number };
  markouts: MarkoutResult[];
  durationSeconds: number;
  qMax: number;
  tickSize: number;
}
