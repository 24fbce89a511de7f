/**
 * Round trips measured on a live connection (a paper session's market-data WebSocket: ping →
 * pong), in time order. A live session appends them as they are measured; a replay loads them
 * from the session file's ROUND_TRIP rows. Either way a query at time t sees exactly the samples
 * measured at or before t, so live and replay draw the same latencies.
 */
export class RoundTripLog {
  private readonly timesNs: number[] = [];
  private readonly roundTripsNs: number[] = [];

  /** Appends a sample measured at `tNs` (ns since the origin; never before the previous one). */
  add(tNs: number, roundTripNs: number): void {
    const n = this.timesNs.length;
    if (n > 0 && tNs < this.timesNs[n - 1]) throw new RangeError(`round trip at ${tNs} ns is before the previous one at ${this.timesNs[n - 1]} ns`);
    if (!(roundTripNs >= 0 && roundTripNs < Infinity)) throw new RangeError(`round trip ${roundTripNs} ns must be a finite number ≥ 0`);
    this.timesNs.push(tNs);
    this.roundTripsNs.push(roundTripNs);
  }

  /** Number of samples. */
  get length(): number {
    return this.timesNs.length;
  }

  /** The latest round trip measured at or before `tNs`, ns; NaN when none was. */
  latestAt(tNs: number): number {
    const times = this.timesNs;
    let lo = 0;
    let hi = times.length; // first index with time > tNs
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (times[mid] <= tNs) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? NaN : this.roundTripsNs[lo - 1];
  }
}
