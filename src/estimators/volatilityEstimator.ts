import { ConfigError } from "../core/errors.ts";
import { NS_PER_S } from "../core/time.ts";
import type { CalibrationSink } from "./calibrationFeed.ts";

/** Sums of sampled mid changes (ticks): mergeable, so a rolling window is a ring of them. */
export class MidChangeStats {
  n = 0;
  sum = 0;
  sumSq = 0;

  /** Adds `count` changes of which the first is `d` and the others 0 (the mid did not move). */
  add(d: number, count = 1): void {
    this.n += count;
    this.sum += d;
    this.sumSq += d * d;
  }

  /** Adds another set of sums. */
  merge(o: MidChangeStats): void {
    this.n += o.n;
    this.sum += o.sum;
    this.sumSq += o.sumSq;
  }

  /** Resets the sums. */
  clear(): void {
    this.n = this.sum = this.sumSq = 0;
  }

  /** σ = sqrt(Σ(Δmid)² / (n·Δt)), quote per √s (the engine's σ definition, no mean removed); NaN without changes. */
  sigma(intervalNs: number, tickSize: number): number {
    return this.n > 0 ? Math.sqrt(this.sumSq / (this.n * (intervalNs / NS_PER_S))) * tickSize : NaN;
  }
}

/**
 * σ from mid changes: the settled mid sampled every `intervalNs` (100 ms, the loop cadence, by
 * default), σ² = Σ(Δmid)²/(n·Δt) in quote²/s, so σ is in quote currency per √second. Changes
 * across a one-sided book are skipped. A sink of CalibrationFeed; memory O(1).
 */
export class VolatilityEstimator implements CalibrationSink {
  readonly stats = new MidChangeStats();
  /** Where each sampled change goes (the stats above, or a rolling window's current bucket). */
  target: MidChangeStats = this.stats;
  private nextNs = NaN;
  private lastSample = NaN;

  constructor(
    readonly intervalNs: number,
    readonly tickSize: number,
  ) {
    if (!(intervalNs > 0 && intervalNs < Infinity)) throw new ConfigError("calibration.sigma_interval_ms", intervalNs / 1e6, "must be finite and > 0 (sampling period of the mid, ms)");
  }

  /** Samples the grid times in [fromNs, toNs), over which the mid was `midTicks`. */
  onAdvance(fromNs: number, toNs: number, midTicks: number): void {
    if (Number.isNaN(this.nextNs)) {
      if (Number.isNaN(midTicks)) return;
      this.nextNs = fromNs; // the grid starts at the first two-sided mid
    }
    if (this.nextNs >= toNs) return;
    const count = Math.ceil((toNs - this.nextNs) / this.intervalNs);
    this.nextNs += count * this.intervalNs;
    if (Number.isNaN(midTicks)) {
      this.lastSample = NaN;
      return;
    }
    if (Number.isNaN(this.lastSample)) this.target.add(0, count - 1); // the first sample starts the series
    else this.target.add(midTicks - this.lastSample, count);
    this.lastSample = midTicks;
  }

  /** σ so far, quote per √s. */
  sigma(): number {
    return this.stats.sigma(this.intervalNs, this.tickSize);
  }
}
