import type { MmConfigInput } from "../config/schema.ts";
import type { MarketCalibration } from "./marketCalibration.ts";

/** The config keys a calibration sets, and the figures it could not set (with why). */
export interface CalibratedConfig {
  /** Only config keys (src/config/schema.ts), in the config's units: `mmlab backtest --config` reads it as is. */
  config: MmConfigInput;
  omitted: string[];
}

/**
 * The calibrated figures as config keys. The units already agree with the config's:
 *   k                        1/quote    (δ in quote currency)          ← λ(δ) fit, both sides
 *   A                        1/s        (per side, at δ = 0; GLFT)     ← λ(δ) fit, both sides
 *   volatility.base_sigma    quote/√s   (fixed σ_base of the regime)   ← realised σ at the loop cadence
 * A figure that the schema would reject (not finite, ≤ 0) is left out and named in `omitted`;
 * k and A go together (one fit).
 */
export function calibratedConfig(c: MarketCalibration): CalibratedConfig {
  const config: MmConfigInput = {};
  const omitted: string[] = [];
  const { A, k } = c.fit.intensity;
  if (k > 0 && k < Infinity && A > 0 && A < Infinity) {
    config.k = k;
    config.A = A;
  } else omitted.push(`k and A: the λ(δ) fit gave k = ${k}, A = ${A} (the config needs both > 0)`);
  const sigma = c.fit.sigma;
  if (sigma > 0 && sigma < Infinity) config.volatility = { base_sigma: sigma };
  else omitted.push(`volatility.base_sigma: σ = ${sigma} (the config needs > 0; 0 means the long EWMA)`);
  return { config, omitted };
}
