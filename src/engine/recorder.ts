/** Columns of the run's timeseries, one row per record interval. */
export const TIMESERIES_COLUMNS = [
  "t_ns", "mid", "bid", "ask", "reservation", "q", "pnl", "sigma", "sigma_base", "ofi_z", "paused",
] as const;
export type TimeseriesColumn = (typeof TIMESERIES_COLUMNS)[number];

/** The `paused` column: why quoting is paused at the row (0: quoting, or σ still warming up; rows need a mid, so "no book" has none). */
export const PausedCode = {
  NONE: 0,
  /** The latency guard (order-ack P99 above its limit). */
  LATENCY: 1,
  /** The feed-health rule (no book update for feed.max_silence_ms). */
  STALE_FEED: 2,
  /** A session's HALT. */
  HALTED: 3,
} as const;

/** Growable float64 columns of the timeseries (doubling, so appends are amortised O(1)). */
export class TimeseriesRecorder {
  private capacity = 1024;
  private rows = 0;
  private columns: Record<TimeseriesColumn, Float64Array>;

  constructor() {
    this.columns = this.allocate(this.capacity);
  }

  /** Appends one row; values in TIMESERIES_COLUMNS order (prices in quote currency, NaN = none). */
  append(tNs: number, mid: number, bid: number, ask: number, reservation: number, q: number, pnl: number, sigma: number, sigmaBase: number, ofiZ: number, paused: number): void {
    if (this.rows === this.capacity) this.grow();
    const i = this.rows++;
    const c = this.columns;
    c.t_ns[i] = tNs;
    c.mid[i] = mid;
    c.bid[i] = bid;
    c.ask[i] = ask;
    c.reservation[i] = reservation;
    c.q[i] = q;
    c.pnl[i] = pnl;
    c.sigma[i] = sigma;
    c.sigma_base[i] = sigmaBase;
    c.ofi_z[i] = ofiZ;
    c.paused[i] = paused;
  }

  /** Number of rows recorded. */
  length(): number {
    return this.rows;
  }

  /** The recorded columns, trimmed to the row count (views, no copy). */
  toColumns(): Record<TimeseriesColumn, Float64Array> {
    const out = {} as Record<TimeseriesColumn, Float64Array>;
    for (const name of TIMESERIES_COLUMNS) out[name] = this.columns[name].subarray(0, this.rows);
    return out;
  }

  private allocate(capacity: number): Record<TimeseriesColumn, Float64Array> {
    const out = {} as Record<TimeseriesColumn, Float64Array>;
    for (const name of TIMESERIES_COLUMNS) out[name] = new Float64Array(capacity);
    return out;
  }

  private grow(): void {
    const next = this.allocate(this.capacity * 2);
    for (const name of TIMESERIES_COLUMNS) next[name].set(this.columns[name]);
    this.columns = next;
    this.capacity *= 2;
  }
}
