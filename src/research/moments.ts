/**
 * Count, mean and sample variance of several independent series ("cells") at once, by Welford's
 * update (no cancellation when the mean is large against the spread: markouts of thousands of
 * ticks). One typed array per moment, so adding a value allocates nothing.
 */
export class Moments {
  readonly n: Float64Array;
  readonly mean: Float64Array;
  private readonly m2: Float64Array;

  constructor(cells: number) {
    this.n = new Float64Array(cells);
    this.mean = new Float64Array(cells);
    this.m2 = new Float64Array(cells);
  }

  /** Adds one value to a cell (a NaN is left out). */
  add(cell: number, x: number): void {
    if (Number.isNaN(x)) return;
    const n = ++this.n[cell];
    const d = x - this.mean[cell];
    this.mean[cell] += d / n;
    this.m2[cell] += d * (x - this.mean[cell]);
  }

  /** Standard error of a cell's mean, √(s² / n) with the sample variance s² (n − 1); NaN below 2 values. */
  standardError(cell: number): number {
    const n = this.n[cell];
    return n < 2 ? NaN : Math.sqrt(this.m2[cell] / (n - 1) / n);
  }

  /** A cell as { n, mean, se } (mean NaN when empty). */
  summary(cell: number): MeanEstimate {
    const n = this.n[cell];
    return { n, mean: n > 0 ? this.mean[cell] : NaN, se: this.standardError(cell) };
  }
}

/** A mean with its sample size and standard error (same unit as the mean). */
export interface MeanEstimate {
  n: number;
  mean: number;
  se: number;
}
