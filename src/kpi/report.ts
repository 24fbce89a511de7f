import type { PausedSeconds } from "./pausedTime.ts";
import type { MarkoutResult } from "./markouts.ts";
import type { RuleResult } from "./targets.ts";

/** The fees a run was charged with: a named schedule (or "custom") and its rates, bp of notional. */
export interface FeeAssumption {
  schedule: string;
  makerBps: number;
  takerBps: number;
}

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
  /** rulesPassed / rulesTotal ≥ 80 % and every required rule passed (kpi/verdict.ts). */
  passed: boolean;
  /** Ids of the rules the run must pass (config `kpi.required`), in rule order. */
  requiredRules: string[];
  /** Why the run failed, one reason each (empty on a pass). */
  failReasons: string[];
  rules: RuleResult[];
  /** The fee assumption behind the PnL (config `fees`): schedule name and rates, bp of notional. */
  feeSchedule: FeeAssumption;
  /** Maker fee (bp of maker notional) at which the PnL would be 0, all else equal; null without maker fills. */
  breakEvenMakerFeeBps: number | null;

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
  /** Σ qty·price of maker fills, quote. */
  makerVolumeQuote: number;
  /** Σ fees of maker fills, quote (negative = net rebate). */
  makerFees: number;
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
  /** Time quoting was paused, seconds, by cause (kpi/pausedTime.ts) and in total. */
  pausedSeconds: PausedSeconds;
  qMax: number;
  tickSize: number;
}
