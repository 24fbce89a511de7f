/**
 * EWMA volatility of mid changes sampled at the loop cadence (README: The V1 strategy):
 *   v ← (1 − α)·v + α·Δmid²/Δt,  α = 2/(N + 1),  σ = √v
 * With Δmid in quote currency and Δt in seconds, σ is in quote currency per √second.
 * The first observation initialises v.
 */
export class EwmaVolatility {
  private readonly alpha: number;
  private variancePerS = 0;
  private observations = 0;

  constructor(readonly window: number) {
    this.alpha = 2 / (window + 1);
  }

  /** Adds one mid change `deltaMid` (quote currency) over `dtSeconds` (> 0). */
  update(deltaMid: number, dtSeconds: number): void {
    const x = (deltaMid * deltaMid) / dtSeconds;
    this.variancePerS = this.observations === 0 ? x : this.variancePerS + this.alpha * (x - this.variancePerS);
    this.observations++;
  }

  /** σ in quote currency per √second (0 before the first observation). */
  sigma(): number {
    return Math.sqrt(this.variancePerS);
  }

  /** Number of observations so far. */
  count(): number {
    return this.observations;
  }
}
