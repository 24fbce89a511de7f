import type { SyntheticParamsInput } from "./params.ts";

/** Named synthetic markets for `--scenario`: each a set of overrides of the default BTC-USDT day. */
export const SYNTHETIC_SCENARIOS = {
  default: {},
  "high-vol": { sigmaQuotePerSqrtS: 3, tradeRatePerS: 3.3 },
  "low-liquidity": { limitRatePerS: 3, limitSizeMedian: 0.008, quoteSizeMedian: 1, cancelRatePerLevelS: 0.45 },
  jumpy: { jumpsPerHour: 12, jumpStdQuote: 40 },
} as const satisfies Record<string, SyntheticParamsInput>;

export type SyntheticScenarioName = keyof typeof SYNTHETIC_SCENARIOS;

/** True when `name` is a known scenario. */
export function isSyntheticScenario(name: string): name is SyntheticScenarioName {
  return Object.hasOwn(SYNTHETIC_SCENARIOS, name);
}
