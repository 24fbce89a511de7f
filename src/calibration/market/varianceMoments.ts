import type { MarketOrderSink } from "../../research/marketOrders.ts";
import { MidChangeStats, VolatilityEstimator } from "../../estimators/volatilityEstimator.ts";
import { BlockSums, jackknife } from "./blockSums.ts";
import type { ImpactResidual } from "./impactResidual.ts";

/** Realised variance at one horizon (ticks²/s) of the mid and of the residual mid, with jackknife standard errors. */
export interface HorizonVariance {
  horizonS: number;
  changes: number;
  midTicks2PerS: number;
  midSe: number;
  residualTicks2PerS: number;
  residualSe: number;
}

/** A VolatilityEstimator target that adds each sampled change into a BlockSums row instead. */
class BlockTarget extends MidChangeStats {
  offset = 0;
  constructor(
    private readonly sums: BlockSums,
    private readonly k: number,
  ) {
    super();
  }
  override add(d: number, count = 1): void {
    this.sums.add(this.offset, this.k, count);
    this.sums.add(this.offset, this.k + 1, d * d);
  }
}

/**
 * Realised variance Σ Δ²/(n·h) of non-overlapping changes at each horizon h (the calibration's
 * VolatilityEstimator, sampling the settled mid on a grid) of the mid and of the residual mid
 * (mid − C of an ImpactResidual), summed per minute of data for jackknife errors.
 */
export class VarianceMoments implements MarketOrderSink {
  private readonly mid: VolatilityEstimator[];
  private readonly residual: VolatilityEstimator[];
  private readonly targets: BlockTarget[];
  readonly sums: BlockSums;

  constructor(
    readonly horizonsS: readonly number[],
    private readonly impact?: ImpactResidual,
    blockNs = 60e9,
  ) {
    this.sums = new BlockSums(4 * horizonsS.length, blockNs);
    // Ticks in, ticks out: a tick size of 1.
    this.mid = horizonsS.map((h) => new VolatilityEstimator(h * 1e9, 1));
    this.residual = horizonsS.map((h) => new VolatilityEstimator(h * 1e9, 1));
    this.targets = [];
    horizonsS.forEach((_, k) => {
      const m = new BlockTarget(this.sums, 4 * k);
      const r = new BlockTarget(this.sums, 4 * k + 2);
      this.mid[k].target = m;
      this.residual[k].target = r;
      this.targets.push(m, r);
    });
  }

  onMarketOrder(): void {}

  onMid(tNs: number, untilNs: number, midTicks: number): void {
    const offset = this.sums.row(tNs);
    for (const t of this.targets) t.offset = offset;
    const residual = this.impact ? midTicks - this.impact.at(tNs) : midTicks;
    for (let k = 0; k < this.mid.length; k++) {
      this.mid[k].onAdvance(tNs, untilNs, midTicks);
      this.residual[k].onAdvance(tNs, untilNs, residual);
    }
  }

  /** From sums laid out as `this.sums`: per horizon the mid's and the residual's variance, ticks²/s. */
  statistic(s: Float64Array, offset = 0): number[] {
    return this.horizonsS.flatMap((h, k) => [s[offset + 4 * k + 1] / (s[offset + 4 * k] * h), s[offset + 4 * k + 3] / (s[offset + 4 * k + 2] * h)]);
  }

  /** The variances at each horizon. */
  result(): HorizonVariance[] {
    const h = this.horizonsS;
    const { value, se } = jackknife([this.sums], (s) => this.statistic(s));
    const totals = this.sums.totals();
    return h.map((horizonS, k) => ({
      horizonS,
      changes: totals[4 * k],
      midTicks2PerS: value[2 * k],
      midSe: se[2 * k],
      residualTicks2PerS: value[2 * k + 1],
      residualSe: se[2 * k + 1],
    }));
  }
}
