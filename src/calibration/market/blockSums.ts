/**
 * Sums kept per block of data time (one row of `width` sums per block), so that any statistic
 * computed from the sums has a delete-one-block jackknife standard error: it accounts for the
 * correlation between nearby observations (overlapping response windows, clustered orders) that
 * an i.i.d. formula misses. Rows are added as blocks are reached; memory is width × blocks.
 */
export class BlockSums {
  private rows = new Float64Array(0);
  blocks = 0;

  constructor(
    readonly width: number,
    readonly blockNs: number,
  ) {}

  /** The row of the block holding `tNs` (created with zeros when new); add into it at an offset. */
  row(tNs: number): number {
    const b = Math.max(0, Math.floor(tNs / this.blockNs));
    if (b >= this.blocks) {
      const need = (b + 1) * this.width;
      if (need > this.rows.length) {
        const next = new Float64Array(Math.max(need, this.rows.length * 2));
        next.set(this.rows);
        this.rows = next;
      }
      this.blocks = b + 1;
    }
    return b * this.width;
  }

  /** Adds `x` to sum `k` of the row starting at `offset` (from `row`). */
  add(offset: number, k: number, x: number): void {
    this.rows[offset + k] += x;
  }

  /** The sums over every block. */
  totals(): Float64Array {
    const out = new Float64Array(this.width);
    for (let b = 0; b < this.blocks; b++) for (let k = 0; k < this.width; k++) out[k] += this.rows[b * this.width + k];
    return out;
  }

  /** The sums of block `b` (a view; zeros past the last block). */
  rowAt(b: number): Float64Array {
    return b < this.blocks ? this.rows.subarray(b * this.width, (b + 1) * this.width) : new Float64Array(this.width);
  }

  /** True when block `b` holds nothing. */
  isEmpty(b: number): boolean {
    const row = this.rowAt(b);
    for (let k = 0; k < row.length; k++) if (row[k] !== 0) return false;
    return true;
  }
}

/** A statistic of block sums, its delete-one-block jackknife standard errors and covariance. */
export interface JackknifeResult {
  value: number[];
  se: number[];
  covariance: number[][];
  /** Non-empty blocks used. */
  blocks: number;
}

/**
 * `statistic` of the totals of several BlockSums on the same block grid (their sums side by side),
 * with the delete-one-block jackknife covariance (B − 1)/B · Σ_b (θ₋b − θ̄)(θ₋b − θ̄)ᵀ over the B
 * blocks where any part has data, θ₋b the statistic without block b: it accounts for the
 * correlation between nearby observations (overlapping response windows, clustered orders) that
 * an i.i.d. formula misses, and between the statistics. NaN below 2 blocks.
 */
export function jackknife(parts: readonly BlockSums[], statistic: (sums: Float64Array) => number[]): JackknifeResult {
  const width = parts.reduce((w, p) => w + p.width, 0);
  const blocks = Math.max(0, ...parts.map((p) => p.blocks));
  const total = new Float64Array(width);
  let o = 0;
  for (const p of parts) {
    total.set(p.totals(), o);
    o += p.width;
  }
  const value = statistic(total);
  const loo: number[][] = [];
  const without = new Float64Array(width);
  for (let b = 0; b < blocks; b++) {
    if (parts.every((p) => p.isEmpty(b))) continue;
    let off = 0;
    for (const p of parts) {
      const row = p.rowAt(b);
      for (let k = 0; k < p.width; k++) without[off + k] = total[off + k] - row[k];
      off += p.width;
    }
    loo.push(statistic(without));
  }
  const B = loo.length;
  const n = value.length;
  const mean = new Array<number>(n).fill(0);
  for (const l of loo) for (let j = 0; j < n; j++) mean[j] += l[j] / B;
  const covariance = Array.from({ length: n }, () => new Array<number>(n).fill(B < 2 ? NaN : 0));
  if (B >= 2) {
    for (const l of loo) for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) covariance[j][k] += ((B - 1) / B) * (l[j] - mean[j]) * (l[k] - mean[k]);
  }
  return { value, se: covariance.map((row, j) => Math.sqrt(row[j])), covariance, blocks: B };
}
