import type { CalibratedConfig } from "./calibrationConfig.ts";
import type { ExponentialFit } from "../estimators/logLinearFit.ts";
import type { MarketCalibration } from "./marketCalibration.ts";
import { rollingJson } from "./format.ts";

/** The units of every figure in calibration.json. */
export const CALIBRATION_UNITS = {
  A: "market orders per second and per side reaching δ = 0 (fills per second of a quote at the mid)",
  k: "1/quote currency (δ in quote currency)",
  lambda: "market orders per second (per side) reaching at least δ from the mid",
  delta: "ticks and quote currency from the mid in force before the market order",
  sigma: "quote currency per √second",
  ofiBeta: "mid ticks per base unit of order-flow imbalance",
  time: "seconds of the data's clock since its first event",
} as const;

const fitJson = (f: ExponentialFit) => ({ A: f.A, k: f.k, r2: f.r2, points: f.points });

/**
 * calibration.json: the fitted values with units, goodness of fit (R², points used), per-side
 * fits, the λ(δ) table, σ (at the loop cadence, by horizon, the engine's EWMA), the OFI impact,
 * the per-window fits, the warnings and `config` (config keys only, as calibration.config.json).
 */
export function calibrationJson(label: string, c: MarketCalibration, warnings: string[], calibrated: CalibratedConfig): Record<string, unknown> {
  const f = c.fit;
  const i = f.intensity;
  const o = c.ofi.overall;
  return {
    source: label,
    data: c.description,
    symbol: { name: c.meta.symbol, venue: c.meta.venue, tickSize: c.meta.tickSize, lotSize: c.meta.lotSize },
    durationS: c.durationS,
    events: c.events,
    secondsTwoSided: i.seconds,
    marketOrders: f.marketOrders,
    skippedTrades: f.skippedTrades,
    intensity: {
      model: "λ(δ) = A·e^(−k·δ), fitted as ln λ = ln A − k·δ by least squares over the rows with enough orders",
      ...fitJson(i),
      rows: i.table.length,
      ask: fitJson(i.ask),
      bid: fitJson(i.bid),
      buys: i.buys,
      sells: i.sells,
      belowGrid: i.belowGrid,
      table: i.table,
    },
    volatility: {
      sigma: f.sigma,
      sigmaIntervalMs: f.sigmaIntervalMs,
      sigmaSamples: f.sigmaSamples,
      realised: c.horizons,
      ewma: c.ewma,
    },
    ofi: { bucketS: c.ofi.bucketS, n: o.n, beta: o.beta, alpha: o.alpha, t: o.tBeta, tHc1: o.tBetaHc1, r2: o.r2, dropped: c.ofi.series.dropped },
    windows: { windowSeconds: c.windowSeconds, refitSeconds: c.refitSeconds, fits: c.windows.map(rollingJson) },
    warnings,
    units: CALIBRATION_UNITS,
    config: calibrated.config,
    configOmitted: calibrated.omitted,
  };
}
