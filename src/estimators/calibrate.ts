import { ConfigError } from "../core/errors.ts";
import { NS_PER_MS } from "../core/time.ts";
import type { EventBatch } from "../data/schema.ts";
import { CalibrationFeed, type CalibrationSink, type FeedClock } from "./calibrationFeed.ts";
import type { DepthGrid } from "./depthGrid.ts";
import { IntensityEstimator, type IntensityResult } from "./intensityEstimator.ts";
import { VolatilityEstimator } from "./volatilityEstimator.ts";

/** How to calibrate: the λ(δ) grid, the fit threshold, σ's sampling period and the clock. */
export interface CalibrationOptions {
  tickSize: number;
  /** Distances from the mid, ticks (default: 0, 1, …, 29 ticks). */
  grid?: DepthGrid;
  /** Rows with fewer orders (both sides) are left out of the fit (default 10). */
  minCount?: number;
  /** Sampling period of the mid for σ, ms (default 100, the loop cadence). */
  sigmaIntervalMs?: number;
  /** Timestamps to use (default "exch"). */
  clock?: FeedClock;
}

/** A, k (with R² and the λ(δ) table) and σ estimated from one stream of events. */
export interface CalibrationResult {
  intensity: IntensityResult;
  /** σ, quote currency per √s. */
  sigma: number;
  sigmaSamples: number;
  sigmaIntervalMs: number;
  marketOrders: number;
  skippedTrades: number;
}

/** The default λ(δ) grid: δ = 0, 1, …, 29 ticks from the mid. */
export const DEFAULT_GRID: DepthGrid = { offsetTicks: 0, stepTicks: 1, levels: 30 };

/** The estimators, wired to one feed (with `extraSinks` after them): feed it batches, then read `result()`. */
export class BatchCalibration {
  readonly feed: CalibrationFeed;
  readonly intensity: IntensityEstimator;
  readonly volatility: VolatilityEstimator;
  private finished = false;

  constructor(
    readonly options: CalibrationOptions,
    extraSinks: CalibrationSink[] = [],
  ) {
    if (!(options.tickSize > 0)) throw new ConfigError("symbol.tick_size", options.tickSize, "must be > 0");
    this.intensity = new IntensityEstimator(options.grid ?? DEFAULT_GRID, options.tickSize, options.minCount ?? 10);
    this.volatility = new VolatilityEstimator((options.sigmaIntervalMs ?? 100) * NS_PER_MS, options.tickSize);
    this.feed = new CalibrationFeed([this.intensity, this.volatility, ...extraSinks], options.clock ?? "exch");
  }

  /** Feeds one batch. */
  update(batch: EventBatch): void {
    this.feed.update(batch);
  }

  /** Ends the stream and returns the estimates. */
  result(): CalibrationResult {
    if (!this.finished) this.feed.finish();
    this.finished = true;
    return {
      intensity: this.intensity.result(),
      sigma: this.volatility.sigma(),
      sigmaSamples: this.volatility.stats.n,
      sigmaIntervalMs: this.volatility.intervalNs / NS_PER_MS,
      marketOrders: this.feed.marketOrders,
      skippedTrades: this.feed.skippedTrades,
    };
  }
}

/** Calibrates A, k and σ over a whole event stream (memory bounded by the book and the grid). */
export async function calibrate(batches: AsyncIterable<EventBatch> | Iterable<EventBatch>, options: CalibrationOptions): Promise<CalibrationResult> {
  const c = new BatchCalibration(options);
  for await (const batch of batches) c.update(batch);
  return c.result();
}
