import type { MmConfig } from "../config/schema.ts";
import type { EventBatch } from "../data/schema.ts";
import { Calibrator, type RollingFit } from "./rollingCalibrator.ts";

/** The `calibration.online` section of the config. */
export type OnlineCalibrationSettings = MmConfig["calibration"]["online"];

/** One re-fit as the engine saw it: when its window ended (s of the local clock), k (1/quote), A (1/s), R², points, and whether it was applied. */
export interface OnlineFitRecord {
  tS: number;
  k: number;
  A: number;
  r2: number;
  points: number;
  applied: boolean;
}

/**
 * Online re-calibration of λ(δ) = A·e^(−kδ) during a run: a rolling Calibrator on the strategy's
 * market data (local clock), re-fitted every `every_seconds` over the last `window_seconds`. The
 * data may be fed ahead of the engine (a whole batch at a time): a fit only comes into force at
 * the first step at or after the end of its window (`due`), so the quoter never uses data it has
 * not yet seen. A fit is applied when k and A are finite and > 0, R² ≥ `min_r2` and it has at
 * least `min_points` distances; otherwise the previous k and A stay.
 */
export class OnlineCalibration {
  /** The last applied fit (undefined until one is). */
  current: { k: number; A: number } | undefined;
  /** Every re-fit that came due, in time order. */
  readonly history: OnlineFitRecord[] = [];
  private readonly calibrator: Calibrator;
  private readonly pending: RollingFit[] = [];

  constructor(
    readonly settings: OnlineCalibrationSettings,
    tickSize: number,
  ) {
    const s = settings;
    this.calibrator = new Calibrator({
      tickSize,
      grid: { offsetTicks: s.offset_ticks, stepTicks: s.step_ticks, levels: s.levels },
      minCount: s.min_count,
      windowSeconds: s.window_seconds,
      refitSeconds: s.every_seconds,
      clock: "local",
      onFit: (f) => this.pending.push(f),
    });
  }

  /** Feeds a batch of the strategy's market data (engine form: relative ns, ticks). */
  update(batch: EventBatch): void {
    this.calibrator.update(batch);
  }

  /** The fit to apply at `tNs` (local clock, ns): the last good one among those whose window ended by then, or undefined. */
  due(tNs: number): { k: number; A: number } | undefined {
    let next: { k: number; A: number } | undefined;
    while (this.pending.length > 0 && this.pending[0].tNs <= tNs) {
      const f = this.pending.shift()!;
      const { k, A, r2, points } = f.intensity;
      const good = k > 0 && k < Infinity && A > 0 && A < Infinity && r2 >= this.settings.min_r2 && points >= this.settings.min_points;
      this.history.push({ tS: f.tNs / 1e9, k, A, r2, points, applied: good });
      if (good) next = { k, A };
    }
    if (next !== undefined) this.current = next;
    return next;
  }
}
