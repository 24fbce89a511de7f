import type { SyntheticParamsInput } from "./params.ts";

/** Named synthetic markets for `--scenario`: each a set of overrides of the default BTC-USDT day. */
export const SYNTHETIC_SCENARIOS = {
  default: {},
  "high-vol": { sigmaQuotePerSqrtS: 3, tradeRatePerS: 4.5 },
  "low-liquidity": { limitRatePerS: 6, limitSizeMedian: 0.03, cancelRatePerLevelS: 0.45 },
  jumpy: { jumpsPerHour: 12, jumpStdQuote: 40 },
} as const satisfies Record<string, SyntheticParamsInput>;

export type SyntheticScenarioName = keyof typeof SYNTHETIC_SCENARIOS;

/** True when `name` is a known scenario. */
export function isSyntheticScenario(name: string): name is SyntheticScenarioName {
  return Object.hasOwn(SYNTHETIC_SCENARIOS, name);
}
