import { ConfigError } from "../core/errors.ts";
import { NS_PER_MS, NS_PER_S } from "../core/time.ts";
import type { EventBatch } from "../data/schema.ts";
import { CalibrationFeed, type CalibrationSink } from "./calibrationFeed.ts";
import { DEFAULT_GRID, type CalibrationOptions } from "./calibrate.ts";
import { validateDepthGrid } from "./depthGrid.ts";
import { intensityResult, type IntensityResult } from "./intensityEstimator.ts";
import { ReachHistogram } from "./reachHistogram.ts";
import { MidChangeStats, VolatilityEstimator } from "./volatilityEstimator.ts";

/** Rolling re-calibration: a window of `windowSeconds`, re-fitted every `refitSeconds`. */
export interface RollingCalibratorOptions extends CalibrationOptions {
  windowSeconds: number;
  /** Must divide windowSeconds: the window is a ring of windowSeconds/refitSeconds buckets. */
  refitSeconds: number;
  /** Called after every re-fit. */
  onFit?: (fit: RollingFit) => void;
}

/** One re-fit: A, k (λ table) and σ over the window ending at `tNs`. */
export interface RollingFit {
  tNs: number;
  intensity: IntensityResult;
  /** σ, quote per √s. */
  sigma: number;
}

interface Bucket {
  reach: ReachHistogram;
  changes: MidChangeStats;
  exposureNs: number;
}

/**
 * A Calibrator fed by events (as a quoter would be, during a run): it keeps the last
 * `windowSeconds` as a ring of `refitSeconds` buckets (a reach histogram and mid-change sums
 * each, so memory is bounded whatever the run length) and, at every bucket boundary once the
 * window is full, re-fits A, k and σ over the ring. Buckets are aligned on multiples of
 * `refitSeconds` of the feed's clock; `latest` holds the last fit.
 */
export class Calibrator implements CalibrationSink {
  latest: RollingFit | undefined;
  fits = 0;
  private readonly feed: CalibrationFeed;
  private readonly sampler: VolatilityEstimator;
  private readonly ring: Bucket[];
  private readonly refitNs: number;
  private readonly sumReach: ReachHistogram;
  private readonly sumChanges = new MidChangeStats();
  private current = 0;
  private closed = 0;
  private bucketEndNs = NaN;

  constructor(readonly options: RollingCalibratorOptions) {
    const { windowSeconds: w, refitSeconds: r } = options;
    if (!(r > 0 && r < Infinity)) throw new ConfigError("calibration.refit_seconds", r, "must be finite and > 0");
    if (!(w >= r && w < Infinity)) throw new ConfigError("calibration.window_seconds", w, `must be finite and ≥ calibration.refit_seconds (${r})`);
    const buckets = Math.round(w / r);
    if (Math.abs(buckets * r - w) > 1e-9 * w) throw new ConfigError("calibration.window_seconds", w, `must be a whole multiple of calibration.refit_seconds (${r})`);
    if (!(options.tickSize > 0)) throw new ConfigError("symbol.tick_size", options.tickSize, "must be > 0");
    const grid = validateDepthGrid(options.grid ?? DEFAULT_GRID);
    this.refitNs = r * NS_PER_S;
    this.ring = Array.from({ length: buckets }, () => ({ reach: new ReachHistogram(grid), changes: new MidChangeStats(), exposureNs: 0 }));
    this.sumReach = new ReachHistogram(grid);
    this.sampler = new VolatilityEstimator((options.sigmaIntervalMs ?? 100) * NS_PER_MS, options.tickSize);
    this.sampler.target = this.ring[0].changes;
    this.feed = new CalibrationFeed([this], options.clock ?? "exch");
  }

  /** Feeds every event of a batch. */
  update(batch: EventBatch): void {
    this.feed.update(batch);
  }

  /** Feeds one event: its time on the feed's clock and its exchange time, ns. */
  onEvent(tNs: number, exchNs: number, kind: number, side: number, priceTicks: number, qty: number): void {
    this.feed.onEvent(tNs, exchNs, kind, side, priceTicks, qty);
  }

  /** Moves time to `tNs` without an event (e.g. at a loop step), closing the buckets it passes; a market order in progress is counted. */
  advanceTo(tNs: number): void {
    this.feed.finish(tNs);
  }

  onAdvance(fromNs: number, toNs: number, midTicks: number): void {
    if (Number.isNaN(this.bucketEndNs)) this.bucketEndNs = (Math.floor(fromNs / this.refitNs) + 1) * this.refitNs;
    while (this.bucketEndNs <= toNs) {
      this.span(fromNs, this.bucketEndNs, midTicks);
      fromNs = this.bucketEndNs;
      this.closeBucket();
    }
    this.span(fromNs, toNs, midTicks);
  }

  onMarketOrder(_tNs: number, side: number, reachTicks: number): void {
    this.ring[this.current].reach.add(side, reachTicks);
  }

  private span(fromNs: number, toNs: number, midTicks: number): void {
    if (toNs <= fromNs) return;
    this.sampler.onAdvance(fromNs, toNs, midTicks);
    if (!Number.isNaN(midTicks)) this.ring[this.current].exposureNs += toNs - fromNs;
  }

  private closeBucket(): void {
    this.closed++;
    if (this.closed >= this.ring.length) this.refit(this.bucketEndNs);
    this.current = (this.current + 1) % this.ring.length;
    const next = this.ring[this.current];
    next.reach.clear();
    next.changes.clear();
    next.exposureNs = 0;
    this.sampler.target = next.changes;
    this.bucketEndNs += this.refitNs;
  }

  private refit(tNs: number): void {
    const reach = this.sumReach;
    const changes = this.sumChanges;
    reach.clear();
    changes.clear();
    let exposureNs = 0;
    for (const b of this.ring) {
      reach.merge(b.reach);
      changes.merge(b.changes);
      exposureNs += b.exposureNs;
    }
    const o = this.options;
    this.latest = {
      tNs,
      intensity: intensityResult(reach, exposureNs / NS_PER_S, o.tickSize, o.minCount ?? 10),
      sigma: changes.sigma(this.sampler.intervalNs, o.tickSize),
    };
    this.fits++;
    o.onFit?.(this.latest);
  }
}
