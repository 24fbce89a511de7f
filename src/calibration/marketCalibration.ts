import { NS_PER_S } from "../core/time.ts";
import { EventBatchPool } from "../data/batch.ts";
import type { DatasetMeta } from "../data/schema.ts";
import { BookFeed } from "../research/bookFeed.ts";
import { OfiBucketer } from "../research/ofiBuckets.ts";
import { ofiStudyResult, type OfiStudyResult } from "../research/ofiStudy.ts";
import type { MarketData } from "../data/sources/marketData.ts";
import { BatchCalibration, type CalibrationOptions, type CalibrationResult } from "../estimators/calibrate.ts";
import { EwmaSigmaSampler, type EwmaSigmaSummary } from "./ewmaSigmaSampler.ts";
import { Calibrator, type RollingFit } from "../estimators/rollingCalibrator.ts";
import { VolatilityEstimator } from "../estimators/volatilityEstimator.ts";

/** What to measure besides λ(δ): realised-σ horizons, the engine's EWMA settings, the OFI bucket, per-window fits, how much data. */
export interface MarketCalibrationOptions extends Omit<CalibrationOptions, "tickSize"> {
  /** Horizons of the realised σ, s (default 0.1, 1, 10, 60). */
  horizonsS?: number[];
  /** The engine's σ EWMA: windows (observations) and loop cadence, ms (default 100, 6000, 100: the default config). */
  ewma?: { window: number; baseWindow: number; intervalMs: number };
  /** Bucket of the OFI price-impact regression, ns (default 10 s). */
  ofiBucketNs?: number;
  /** Per-window fits: windows of `windowSeconds`, one every `refitSeconds` (default 300 s, non-overlapping); null = none. */
  windows?: { windowSeconds: number; refitSeconds: number } | null;
  /** Read only the first `durationNs` of data time (exchange clock; default: all of it). */
  durationNs?: number;
}

/** Realised σ at one horizon: √(Σ Δmid² / (n·h)) from non-overlapping changes of the settled mid, quote per √s. */
export interface HorizonSigma {
  horizonS: number;
  sigmaQuotePerSqrtS: number;
  changes: number;
}

/** Everything `mmlab calibrate` measures on one market, before it is judged (warnings) and turned into a config. */
export interface MarketCalibration {
  meta: DatasetMeta;
  description: Record<string, unknown>;
  /** Data time read (exchange clock), s, and events read. */
  durationS: number;
  events: number;
  /** λ(δ) = A·e^(−kδ) both sides and per side, σ at the loop cadence. */
  fit: CalibrationResult;
  horizons: HorizonSigma[];
  ewma: EwmaSigmaSummary;
  /** OFI → Δmid regression (overall and per window of the per-window fits). */
  ofi: OfiStudyResult;
  /** Fits over windows of `windowSeconds` of the feed's clock, every `refitSeconds` (empty when off). */
  windowSeconds: number;
  refitSeconds: number;
  windows: RollingFit[];
}

export const DEFAULT_HORIZONS_S = [0.1, 1, 10, 60];
export const DEFAULT_CALIBRATION_WINDOW_S = 300;
const DEFAULT_EWMA = { window: 100, baseWindow: 6000, intervalMs: 100 };

/**
 * Calibrates a market in one streaming pass: the fill intensity λ(δ) and σ (calibrate.ts), the
 * realised σ at each horizon, the engine's EWMA σ replayed on the loop grid, the OFI price impact
 * (research/ofiStudy.ts, 10 s buckets) and the same λ(δ)/σ fit per window (rollingCalibrator.ts).
 */
export async function calibrateMarket(data: MarketData, options: MarketCalibrationOptions = {}): Promise<MarketCalibration> {
  const tick = data.meta.tickSize;
  const base = { ...options, tickSize: tick };
  const horizonsS = options.horizonsS ?? DEFAULT_HORIZONS_S;
  const horizons = horizonsS.map((h) => new VolatilityEstimator(h * NS_PER_S, tick));
  const e = options.ewma ?? DEFAULT_EWMA;
  const ewma = new EwmaSigmaSampler(e.window, e.baseWindow, e.intervalMs, tick);
  const batch = new BatchCalibration(base, [...horizons, ewma]);
  const w = options.windows === undefined ? { windowSeconds: DEFAULT_CALIBRATION_WINDOW_S, refitSeconds: DEFAULT_CALIBRATION_WINDOW_S } : options.windows;
  const fits: RollingFit[] = [];
  const rolling = w === null ? undefined : new Calibrator({ ...base, ...w, onFit: (f) => fits.push(f) });
  const bucketer = new OfiBucketer(options.ofiBucketNs ?? 10 * NS_PER_S);
  const book = new BookFeed([bucketer]);

  const endNs = options.durationNs ?? Infinity;
  const local = options.clock === "local";
  let lastExchNs = NaN;
  let lastNs = NaN;
  const pool = new EventBatchPool(); // batches handed back once read: the source fills them again
  read: for await (const b of data.batches(pool)) {
    const ts = local ? b.localTsNs : b.exchTsNs;
    for (let i = 0; i < b.length; i++) {
      const exch = b.exchTsNs[i];
      if (exch >= endNs) break read;
      const [kind, side, price, qty] = [b.kind[i], b.side[i], b.priceTicks[i], b.qty[i]];
      batch.feed.onEvent(ts[i], exch, kind, side, price, qty);
      rolling?.onEvent(ts[i], exch, kind, side, price, qty);
      book.onEvent(exch, kind, side, price, qty);
      lastExchNs = exch;
      lastNs = ts[i];
    }
    pool.give(b);
  }
  // A cut at `durationNs` counts the time up to it; otherwise the data ends at its last event.
  const end = Number.isFinite(endNs) ? endNs : lastNs;
  if (!Number.isNaN(lastNs)) {
    batch.feed.finish(Math.max(end, lastNs));
    rolling?.advanceTo(Math.max(end, lastNs));
  }
  const ofiEnd = book.finish(Number.isFinite(endNs) ? endNs : lastExchNs);
  const windowSpec = { kind: "time" as const, ns: (w?.windowSeconds ?? DEFAULT_CALIBRATION_WINDOW_S) * NS_PER_S };
  return {
    meta: data.meta,
    description: data.description,
    durationS: ofiEnd / NS_PER_S,
    events: book.events,
    fit: batch.result(),
    horizons: horizons.map((v, i) => ({ horizonS: horizonsS[i], sigmaQuotePerSqrtS: v.sigma(), changes: v.stats.n })),
    ewma: ewma.summary(),
    ofi: ofiStudyResult(data, bucketer.series, windowSpec, ofiEnd / NS_PER_S, book.events),
    windowSeconds: w?.windowSeconds ?? NaN,
    refitSeconds: w?.refitSeconds ?? NaN,
    windows: fits,
  };
}

/** The EWMA settings of a config (volatility windows and the loop cadence). */
export function ewmaOfConfig(c: { volatility: { window: number; base_window: number }; loop: { interval_ms: number } }): MarketCalibrationOptions["ewma"] {
  return { window: c.volatility.window, baseWindow: c.volatility.base_window, intervalMs: c.loop.interval_ms };
}
