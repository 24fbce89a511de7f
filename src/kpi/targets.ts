import { MmlabError } from "../core/errors.ts";

/** The KPI values that have a pass/fail rule (docs/kpis.md). */
export type RuleKpiKey = "spreadCapturedPct" | "rmsInventory" | "fillRatio" | "cancelRatio" | "latencyP99Ms" | "pnl";

export type Comparator = ">=" | "<=" | ">";

/**
 * How a value is shown: "percent" is already ×100; "fraction" is in [0, 1] and shown as a percentage;
 * "base" is base-currency units (e.g. BTC); "quote" is quote currency (e.g. USDT).
 */
export type KpiUnit = "percent" | "fraction" | "base" | "ms" | "quote";

export interface KpiRule {
  id: string;
  label: string;
  key: RuleKpiKey;
  comparator: Comparator;
  /** A fixed threshold (in the KPI's own unit), or one that scales with q_max (base units). */
  threshold: number | ((qMax: number) => number);
  unit: KpiUnit;
  /** Target as written in reports, before any q_max substitution. */
  targetText: string;
  definition: string;
}

/** The six KPI rules (docs/kpis.md). */
export const KPI_RULES: readonly KpiRule[] = [
  {
    id: "spread_captured",
    label: "Spread captured",
    key: "spreadCapturedPct",
    comparator: ">=",
    threshold: 70,
    unit: "percent",
    targetText: "≥ 70 %",
    definition: "Σ fills qty·side·(mid at fill − fill price) / Σ fills qty·(quoted half-spread of the order at placement) × 100",
  },
  {
    id: "rms_inventory",
    label: "RMS inventory",
    key: "rmsInventory",
    comparator: "<=",
    threshold: (qMax) => 0.4 * qMax,
    unit: "base",
    targetText: "≤ 0.4·q_max",
    definition: "sqrt(time-average of q²), q piecewise constant between fills (base units)",
  },
  {
    id: "fill_ratio",
    label: "Fill ratio",
    key: "fillRatio",
    comparator: ">=",
    threshold: 0.05,
    unit: "fraction",
    targetText: "≥ 5 %",
    definition: "orders with at least one fill / orders submitted",
  },
  {
    id: "cancel_ratio",
    label: "Cancel ratio",
    key: "cancelRatio",
    comparator: "<=",
    threshold: 0.7,
    unit: "fraction",
    targetText: "≤ 70 %",
    definition: "orders cancelled / orders submitted",
  },
  {
    id: "latency_p99",
    label: "Latency P99",
    key: "latencyP99Ms",
    comparator: "<=",
    threshold: 300,
    unit: "ms",
    targetText: "≤ 300 ms",
    definition: "99th percentile (nearest rank) of submit→ack latency, ms",
  },
  {
    id: "pnl",
    label: "PnL",
    key: "pnl",
    comparator: ">",
    threshold: 0,
    unit: "quote",
    targetText: "> 0",
    definition: "mark-to-market PnL at the final mid, net of fees (quote currency)",
  },
];

/** One rule's outcome; `value` is null when the KPI could not be computed (the rule then fails). */
export interface RuleResult {
  id: string;
  label: string;
  key: RuleKpiKey;
  value: number | null;
  unit: KpiUnit;
  comparator: Comparator;
  threshold: number;
  target: string;
  passed: boolean;
  /** The run fails when this rule fails, whatever the others do (config `kpi.required`). */
  required: boolean;
}

/** Rules a run must pass by default: a losing run never passes (docs/kpis.md). */
export const DEFAULT_REQUIRED_RULES: readonly string[] = ["pnl"];

/** Share of rules a run must pass: rulesPassed / rulesTotal ≥ 4/5. */
export const PASS_FRACTION = 0.8;

function compare(value: number, comparator: Comparator, threshold: number): boolean {
  switch (comparator) {
    case ">=":
      return value >= threshold;
    case "<=":
      return value <= threshold;
    case ">":
      return value > threshold;
  }
}

/** Throws unless every id names a rule of KPI_RULES. */
export function checkRuleIds(ids: readonly string[]): void {
  for (const id of ids) {
    if (!KPI_RULES.some((r) => r.id === id)) throw new MmlabError(`kpi: required rule "${id}" is not a KPI rule; valid: ${KPI_RULES.map((r) => r.id).join(", ")}`);
  }
}

/** Evaluates every rule, marking the `required` ones; a missing or non-finite value is reported as null and fails its rule. */
export function evaluateRules(values: Partial<Record<RuleKpiKey, number | null | undefined>>, qMax: number, required: readonly string[] = DEFAULT_REQUIRED_RULES): RuleResult[] {
  checkRuleIds(required);
  return KPI_RULES.map((rule) => {
    const raw = values[rule.key];
    const value = typeof raw === "number" && Number.isFinite(raw) ? raw : null;
    const scaled = typeof rule.threshold === "function";
    const threshold = typeof rule.threshold === "function" ? rule.threshold(qMax) : rule.threshold;
    return {
      id: rule.id,
      label: rule.label,
      key: rule.key,
      value,
      unit: rule.unit,
      comparator: rule.comparator,
      threshold,
      // Show the number q_max stands for, so the report reads without the config at hand.
      target: scaled ? `${rule.targetText} = ${Number(threshold.toPrecision(6))}` : rule.targetText,
      passed: value !== null && compare(value, rule.comparator, threshold),
      required: required.includes(rule.id),
    };
  });
}

/** True when at least 80 % of the rules passed (and there is at least one rule). */
export function passRule(results: readonly RuleResult[]): boolean {
  const passed = results.filter((r) => r.passed).length;
  // passed/total ≥ 4/5 (= PASS_FRACTION) compared in integers, so a ratio of exactly 80 % is never lost to rounding.
  return results.length > 0 && passed * 5 >= results.length * 4;
}
