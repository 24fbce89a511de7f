/**
 * Keeps exch_ts non-decreasing across interleaved streams: a message whose exchange time is
 * before the previous row's gets the previous row's time. Counts what it changed for the report.
 */
export class ExchClamp {
  private lastNs: bigint | null = null;
  private rows = 0;
  private messages = 0;
  private maxShiftNs = 0n;

  /** The exchange time (ns) to write for a message of `rows` rows (0 rows: nothing is written). */
  apply(ns: bigint, rows: number): bigint {
    if (rows === 0) return ns;
    const last = this.lastNs;
    if (last !== null && ns < last) {
      this.rows += rows;
      this.messages++;
      if (last - ns > this.maxShiftNs) this.maxShiftNs = last - ns;
      return last;
    }
    this.lastNs = ns;
    return ns;
  }

  /** The last exch_ts written, or `fallback` before any. */
  lastOr(fallback: bigint): bigint {
    return this.lastNs ?? fallback;
  }

  /** A note for the report when rows were clamped, else null. */
  note(): string | null {
    if (this.rows === 0) return null;
    const ms = (Number(this.maxShiftNs) / 1e6).toFixed(1);
    return (
      `exch_ts made non-decreasing: ${this.rows} rows (${this.messages} messages) clamped to the previous row's exch_ts ` +
      `(trade and depth streams interleave; largest shift ${ms} ms)`
    );
  }
}
