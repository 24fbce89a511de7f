/**
 * Weighted quantiles of positive values in bounded memory: counts in bins of equal width on the
 * log scale (`binsPerDecade`, 200 by default: a value is known to ±0.6 %) between `min` and `max`;
 * values outside are kept in the first or last bin. For streams too long to keep every value
 * (depth changes, feed latencies of a day of data).
 */
export class LogHistogram {
  readonly counts: Float64Array;
  total = 0;
  private readonly logMin: number;
  private readonly perLog: number;

  constructor(
    readonly min: number,
    readonly max: number,
    readonly binsPerDecade = 200,
  ) {
    this.logMin = Math.log(min);
    this.perLog = binsPerDecade / Math.LN10;
    this.counts = new Float64Array(Math.ceil((Math.log(max) - this.logMin) * this.perLog) + 1);
  }

  /** Adds `x` (> 0; others are ignored) with weight `w`. */
  add(x: number, w = 1): void {
    if (!(x > 0) || !(w > 0)) return;
    this.counts[this.bin(x)] += w;
    this.total += w;
  }

  /** The bin of a value (clamped to the ends). */
  bin(x: number): number {
    const i = Math.floor((Math.log(x) - this.logMin) * this.perLog);
    return i < 0 ? 0 : i >= this.counts.length ? this.counts.length - 1 : i;
  }

  /** Total weight in the bins wholly below `x` (Infinity: all). */
  weightBelow(x: number): number {
    if (!(x < Infinity)) return this.total;
    let s = 0;
    for (let i = 0, end = this.bin(x); i < end; i++) s += this.counts[i];
    return s;
  }

  /** A new histogram of the same bins holding only the bins wholly below `x` (Infinity: a copy). */
  below(x: number): LogHistogram {
    const out = new LogHistogram(this.min, this.max, this.binsPerDecade);
    const end = x < Infinity ? this.bin(x) : this.counts.length;
    for (let i = 0; i < end; i++) out.counts[i] = this.counts[i];
    out.total = out.counts.reduce((a, b) => a + b, 0);
    return out;
  }

  /** Adds another histogram of the same bins into this one. */
  merge(other: LogHistogram): this {
    for (let i = 0; i < this.counts.length; i++) this.counts[i] += other.counts[i];
    this.total += other.total;
    return this;
  }

  /** The p-quantile (p in [0, 1]): the geometric centre of the bin where the cumulative weight reaches p·total; NaN when empty. */
  quantile(p: number): number {
    if (!(this.total > 0)) return NaN;
    const target = Math.min(1, Math.max(0, p)) * this.total;
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i];
      if (seen >= target && this.counts[i] > 0) return Math.exp(this.logMin + (i + 0.5) / this.perLog);
    }
    return this.max;
  }
}
