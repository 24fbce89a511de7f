import { ConfigError } from "../core/errors.ts";
import { NS_PER_MS, NS_PER_S } from "../core/time.ts";
import { mean, sortedQuantile } from "../research/stats.ts";
import { EwmaVolatility } from "../signals/ewmaVolatility.ts";
import type { CalibrationSink } from "../estimators/calibrationFeed.ts";

/** What the engine's EWMA σ looked like over the data: last values and the spread of the short one, quote per √s. */
export interface EwmaSigmaSummary {
  /** EWMA windows (observations) and the loop cadence they are sampled at, ms. */
  window: number;
  baseWindow: number;
  intervalMs: number;
  /** σ (short EWMA) and σ_base (long EWMA) at the end of the data. */
  last: number;
  baseLast: number;
  /** Quantiles (nearest rank) and mean of the short EWMA σ, one sample per `recordMs` once warm. */
  p10: number;
  p50: number;
  p90: number;
  mean: number;
  samples: number;
  recordMs: number;
}

/**
 * The engine's σ measured on data, without running the engine: the settled mid sampled on the
 * loop grid (multiples of `intervalMs` of the feed's clock), each change Δmid over the time Δt
 * since the previous two-sided sample fed to two EWMAs, v ← (1 − α)·v + α·Δmid²/Δt with
 * α = 2/(N + 1) for N = `window` and N = `baseWindow` (signals/ewmaVolatility.ts, as the engine
 * does). σ is in quote currency per √second. Grid points with a one-sided book are skipped, as
 * the engine skips them. Records σ every `recordMs` once the short EWMA has `window` observations.
 */
export class EwmaSigmaSampler implements CalibrationSink {
  readonly short: EwmaVolatility;
  readonly base: EwmaVolatility;
  private readonly intervalNs: number;
  private readonly recordNs: number;
  private readonly recorded: number[] = [];
  private nextGridNs = NaN;
  private nextRecordNs = NaN;
  private lastMidTicks = NaN;
  private lastNs = NaN;

  constructor(
    readonly window: number,
    readonly baseWindow: number,
    readonly intervalMs: number,
    readonly tickSize: number,
    readonly recordMs = 1000,
  ) {
    if (!(intervalMs > 0 && intervalMs < Infinity)) throw new ConfigError("loop.interval_ms", intervalMs, "must be finite and > 0");
    if (!(recordMs > 0 && recordMs < Infinity)) throw new ConfigError("calibration.record_ms", recordMs, "must be finite and > 0");
    this.short = new EwmaVolatility(window);
    this.base = new EwmaVolatility(baseWindow);
    this.intervalNs = intervalMs * NS_PER_MS;
    this.recordNs = recordMs * NS_PER_MS;
  }

  /** Runs the loop grid points in [fromNs, toNs), over which the mid was `midTicks`. */
  onAdvance(fromNs: number, toNs: number, midTicks: number): void {
    if (Number.isNaN(this.nextGridNs)) this.nextGridNs = Math.ceil(fromNs / this.intervalNs) * this.intervalNs;
    for (; this.nextGridNs < toNs; this.nextGridNs += this.intervalNs) {
      if (this.nextGridNs < fromNs) continue;
      this.step(this.nextGridNs, midTicks);
    }
  }

  private step(tNs: number, midTicks: number): void {
    if (Number.isNaN(midTicks)) return;
    if (!Number.isNaN(this.lastMidTicks)) {
      const dtS = (tNs - this.lastNs) / NS_PER_S;
      const dMid = (midTicks - this.lastMidTicks) * this.tickSize;
      this.short.update(dMid, dtS);
      this.base.update(dMid, dtS);
    }
    this.lastMidTicks = midTicks;
    this.lastNs = tNs;
    if (this.short.count() < this.window) return;
    if (Number.isNaN(this.nextRecordNs) || tNs >= this.nextRecordNs) {
      this.recorded.push(this.short.sigma());
      this.nextRecordNs = (Number.isNaN(this.nextRecordNs) ? tNs : this.nextRecordNs) + this.recordNs;
    }
  }

  /** The summary so far (NaN figures before the short EWMA is warm). */
  summary(): EwmaSigmaSummary {
    const sorted = Float64Array.from(this.recorded).sort();
    const warm = this.short.count() >= this.window;
    return {
      window: this.window,
      baseWindow: this.baseWindow,
      intervalMs: this.intervalMs,
      last: warm ? this.short.sigma() : NaN,
      baseLast: this.base.count() > 0 ? this.base.sigma() : NaN,
      p10: sortedQuantile(sorted, 0.1),
      p50: sortedQuantile(sorted, 0.5),
      p90: sortedQuantile(sorted, 0.9),
      mean: sorted.length > 0 ? mean(sorted) : NaN,
      samples: sorted.length,
      recordMs: this.recordMs,
    };
  }
}
