/** Seconds in 365 days: a crypto market trades 24/7, so a year is every second of it. */
export const SECONDS_PER_YEAR_24_7 = 365 * 86_400;

/** Sharpe and Sortino ratios of PnL increments; null when not computable (too few samples, zero deviation). */
export interface RiskRatios {
  sharpe: number | null;
  sortino: number | null;
  sharpeAnnualised: number | null;
  sortinoAnnualised: number | null;
}

/**
 * Online statistics of PnL increments (one per sampling interval), for Sharpe and Sortino.
 * Sharpe = mean / sample standard deviation (n − 1 denominator).
 * Sortino = mean / downside deviation, downside deviation = sqrt(Σ min(x, 0)² / n) (target 0, all n periods).
 * Both need at least 2 increments; a zero deviation gives null (the ratio would be infinite or 0/0).
 */
export class IncrementStats {
  private n = 0;
  private mean = 0;
  /** Σ (x − mean)², updated with Welford's method (stable, one pass, order-deterministic). */
  private m2 = 0;
  private downsideSq = 0;

  /** Adds one increment (quote currency per interval). */
  push(x: number): void {
    this.n++;
    const delta = x - this.mean;
    this.mean += delta / this.n;
    this.m2 += delta * (x - this.mean);
    if (x < 0) this.downsideSq += x * x;
  }

  /** Number of increments seen. */
  get count(): number {
    return this.n;
  }

  /** Per-interval ratios, and annualised ones (× sqrt(periodsPerYear)). */
  ratios(periodsPerYear: number): RiskRatios {
    const n = this.n;
    const std = n >= 2 ? Math.sqrt(this.m2 / (n - 1)) : 0;
    const downside = n >= 2 ? Math.sqrt(this.downsideSq / n) : 0;
    const sharpe = std > 0 ? this.mean / std : null;
    const sortino = downside > 0 ? this.mean / downside : null;
    const annual = Math.sqrt(periodsPerYear);
    return {
      sharpe,
      sortino,
      sharpeAnnualised: sharpe === null ? null : sharpe * annual,
      sortinoAnnualised: sortino === null ? null : sortino * annual,
    };
  }
}

/** Sharpe/Sortino of a series of increments (see IncrementStats for the definitions). */
export function riskRatios(increments: ArrayLike<number>, periodsPerYear: number): RiskRatios {
  const stats = new IncrementStats();
  for (let i = 0; i < increments.length; i++) stats.push(increments[i]);
  return stats.ratios(periodsPerYear);
}

/** Running maximum drawdown of an equity curve: largest peak-to-later-trough fall, ≥ 0. */
export class DrawdownTracker {
  private peak: number;
  private maxDd = 0;

  /** `initialEquity`: the curve's starting point (0 for PnL starting flat), which counts as a peak. */
  constructor(initialEquity = 0) {
    this.peak = initialEquity;
  }

  /** Adds the next point of the curve. */
  observe(equity: number): void {
    if (equity > this.peak) this.peak = equity;
    else if (this.peak - equity > this.maxDd) this.maxDd = this.peak - equity;
  }

  /** Largest drawdown so far (same unit as the curve, positive number; 0 if the curve never fell). */
  get maxDrawdown(): number {
    return this.maxDd;
  }
}

/** Maximum drawdown of a whole equity curve that starts at `initialEquity`. */
export function maxDrawdown(equity: ArrayLike<number>, initialEquity = 0): number {
  const dd = new DrawdownTracker(initialEquity);
  for (let i = 0; i < equity.length; i++) dd.observe(equity[i]);
  return dd.maxDrawdown;
}
