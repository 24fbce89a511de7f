import { evaluateRules } from "../../src/kpi/targets.ts";
import { verdict } from "../../src/kpi/verdict.ts";
import type { StressRunSummary } from "../../src/runner/stress/summary.ts";

/** KPI values that pass every rule. */
export const GOOD_KPIS = { spreadCapturedPct: 80, rmsInventory: 0.05, fillRatio: 0.1, cancelRatio: 0.5, latencyP99Ms: 20, pnl: 10 };

/** A stress run summary with the given KPI values (q_max 0.5, binance-spot-vip9 fees), limits and break-even maker fee. */
export function stressRun(
  scenario: string,
  values: Partial<typeof GOOD_KPIS>,
  o: { maxAbsInventory?: number; stepErrors?: number; breakEvenMakerFeeBps?: number | null } = {},
): StressRunSummary {
  const rules = evaluateRules({ ...GOOD_KPIS, ...values }, 0.5);
  const maxAbsInventory = o.maxAbsInventory ?? 0.3;
  const stepErrors = o.stepErrors ?? 0;
  return {
    scenario,
    description: "",
    configOverrides: [],
    runDir: scenario,
    durationSeconds: 3600,
    kpis: { ...GOOD_KPIS, ...values },
    rules,
    rulesPassed: rules.filter((r) => r.passed).length,
    rulesTotal: rules.length,
    ...verdict(rules),
    requiredRules: rules.filter((r) => r.required).map((r) => r.id),
    feeSchedule: { schedule: "binance-spot-vip9", makerBps: 1.2, takerBps: 2.4 },
    breakEvenMakerFeeBps: o.breakEvenMakerFeeBps === undefined ? 3 : o.breakEvenMakerFeeBps,
    limits: { maxAbsInventory, qMax: 0.5, inventoryWithinLimit: maxAbsInventory <= 0.5, stepErrors, ok: maxAbsInventory <= 0.5 && stepErrors === 0 },
    guardPauses: 0,
    feedPauses: 0,
    staleFeedSeconds: 0,
    fills: 1,
    maxDrawdown: 0,
    events: 1,
    resultsHash: "0".repeat(64),
    dataHash: "0".repeat(64),
  };
}
