import { MmlabError } from "../../core/errors.ts";
import { feedGaps } from "./scenarios/feedGaps.ts";
import { flashCrash } from "./scenarios/flashCrash.ts";
import { highLatency } from "./scenarios/highLatency.ts";
import { highVolatility } from "./scenarios/highVolatility.ts";
import { latencySpikes } from "./scenarios/latencySpikes.ts";
import { lowLiquidity } from "./scenarios/lowLiquidity.ts";
import type { StressScenario } from "./types.ts";

/** Every stress scenario's name, in suite order. */
export const STRESS_SCENARIO_NAMES = ["high-volatility", "low-liquidity", "high-latency", "latency-spikes", "feed-gaps", "flash-crash"] as const;
export type StressScenarioName = (typeof STRESS_SCENARIO_NAMES)[number];

/** The registry: one scenario per name (a Record over the name union: a missing or extra entry does not compile), with default parameters. */
export const STRESS_SCENARIOS: Readonly<Record<StressScenarioName, StressScenario>> = {
  "high-volatility": highVolatility(),
  "low-liquidity": lowLiquidity(),
  "high-latency": highLatency(),
  "latency-spikes": latencySpikes(),
  "feed-gaps": feedGaps(),
  "flash-crash": flashCrash(),
};

/** True when `name` is a stress scenario. */
export function isStressScenario(name: string): name is StressScenarioName {
  return Object.hasOwn(STRESS_SCENARIOS, name);
}

/** The scenarios named in `only` (comma-separated list or array), in suite order; all of them when empty. */
export function selectScenarios(only?: string | readonly string[]): StressScenario[] {
  const names = (typeof only === "string" ? only.split(",") : (only ?? [])).map((s) => s.trim()).filter(Boolean);
  for (const n of names) {
    if (!isStressScenario(n)) throw new MmlabError(`stress scenario "${n}": unknown; choose from ${STRESS_SCENARIO_NAMES.join(", ")}`);
  }
  return STRESS_SCENARIO_NAMES.filter((n) => names.length === 0 || names.includes(n)).map((n) => STRESS_SCENARIOS[n]);
}
