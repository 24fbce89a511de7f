import type { SyntheticParamsInput } from "../src/data/synthetic/params.ts";

/** The default synthetic market with every arrival rate scaled so it carries ~1,000 events/s, as BTC-USDT does. */
export const DENSE_MARKET: SyntheticParamsInput = {
  limitRatePerS: 14 * 14,
  cancelRatePerLevelS: 0.35 * 14,
  tradeRatePerS: 3 * 14,
  hawkesAlpha: 1.2 * 14,
  hawkesBetaPerS: 2 * 14,
  seasonality: 0,
};
