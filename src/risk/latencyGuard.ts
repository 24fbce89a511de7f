import { NS_PER_MS } from "../core/time.ts";

/** A pause or resume of quoting, for the run log. */
export interface GuardEvent {
  tNs: number;
  kind: "pause" | "resume";
  p99Ms: number;
}

/**
 * Latency guard (README: The V1 strategy): the P99 of the latest `window` order-ack latencies that are no
 * older than `windowNs`. P99 above `pauseAboveMs` pauses quoting; it resumes once P99 is below
 * `resumeBelowMs` (hysteresis). Samples age out, so a pause that stops all traffic ends after at
 * most `windowNs` and the next acks decide again.
 */
export class LatencyGuard {
  private readonly latencies: Float64Array;
  private readonly times: Float64Array;
  private readonly scratch: Float64Array;
  private next = 0;
  private filled = 0;
  private paused = false;
  private lastP99Ms = NaN;
  /** The state can only change when an ack arrives or the oldest sample ages out. */
  private stale = true;
  private nextExpiryNs = Infinity;
  /**
   * Acks arrive in time order, so the samples in the window are always the newest `kept` of the
   * ring, and `sorted[0, kept)` holds their latencies in order: an ack inserts one (and drops the
   * one it overwrites, if kept), an aged-out sample is dropped. The P99 is then one read instead
   * of a copy and a sort of the whole window at every ack and every expiry. Should acks or
   * updates ever go back in time, `ordered` turns false and `update` recomputes as `p99Ms` does.
   */
  private readonly sorted: Float64Array;
  private kept = 0;
  private ordered = true;
  private lastAckNs = -Infinity;
  private lastUpdateNs = -Infinity;

  constructor(
    window: number,
    private readonly windowNs: number,
    private readonly pauseAboveMs: number,
    private readonly resumeBelowMs: number,
    private readonly enabled = true,
    /** Where pauses and resumes are logged (kept across a rebuilt guard). */
    readonly events: GuardEvent[] = [],
  ) {
    this.latencies = new Float64Array(window);
    this.times = new Float64Array(window);
    this.scratch = new Float64Array(window);
    this.sorted = new Float64Array(window);
  }

  /** Records the submit→ack latency of one order acknowledged at `tNs`. */
  onAck(tNs: number, latencyNs: number): void {
    if (!(tNs >= this.lastAckNs) || Number.isNaN(latencyNs)) this.ordered = false;
    this.lastAckNs = tNs;
    if (this.ordered) {
      // The slot about to be overwritten is the oldest sample; it leaves the window if still in it.
      if (this.kept === this.latencies.length) {
        removeSorted(this.sorted, this.kept, this.latencies[this.next]);
        this.kept--;
      }
      insertSorted(this.sorted, this.kept, latencyNs);
      this.kept++;
    }
    this.latencies[this.next] = latencyNs;
    this.times[this.next] = tNs;
    this.next = (this.next + 1) % this.latencies.length;
    if (this.filled < this.latencies.length) this.filled++;
    this.stale = true;
  }

  /** Re-evaluates the state at `tNs`; returns true while quoting is paused. */
  update(tNs: number): boolean {
    if (!this.enabled) return false;
    if (tNs < this.lastUpdateNs) this.ordered = false;
    this.lastUpdateNs = tNs;
    if (this.ordered) {
      if (this.stale || tNs >= this.nextExpiryNs) {
        this.lastP99Ms = this.keptP99Ms(tNs);
        this.stale = false;
      }
    } else if (this.stale || tNs >= this.nextExpiryNs) {
      this.lastP99Ms = this.p99Ms(tNs);
      this.stale = false;
    }
    const p99Ms = this.lastP99Ms;
    if (!this.paused && p99Ms > this.pauseAboveMs) {
      this.paused = true;
      this.events.push({ tNs, kind: "pause", p99Ms });
    } else if (this.paused && !(p99Ms >= this.resumeBelowMs)) {
      this.paused = false;
      this.events.push({ tNs, kind: "resume", p99Ms });
    }
    return this.paused;
  }

  /** True while quoting is paused. */
  isPaused(): boolean {
    return this.paused;
  }

  /** Nearest-rank P99 (ms) of the samples still in the window at `tNs`; NaN when there are none. */
  p99Ms(tNs: number): number {
    let n = 0;
    const oldest = tNs - this.windowNs;
    let earliestKept = Infinity;
    for (let i = 0; i < this.filled; i++) {
      const t = this.times[i];
      if (t >= oldest) {
        this.scratch[n++] = this.latencies[i];
        if (t < earliestKept) earliestKept = t;
      }
    }
    this.nextExpiryNs = earliestKept + this.windowNs;
    if (n === 0) return NaN;
    const sorted = this.scratch.subarray(0, n).sort();
    return sorted[Math.ceil(0.99 * n) - 1] / NS_PER_MS;
  }

  /** p99Ms(tNs) from the kept samples (acks and updates in time order): ages out the oldest first. */
  private keptP99Ms(tNs: number): number {
    const size = this.latencies.length;
    const oldest = tNs - this.windowNs;
    let first = (this.next - this.kept + size) % size;
    while (this.kept > 0 && this.times[first] < oldest) {
      removeSorted(this.sorted, this.kept, this.latencies[first]);
      this.kept--;
      first = first + 1 === size ? 0 : first + 1;
    }
    const n = this.kept;
    if (n === 0) {
      this.nextExpiryNs = Infinity;
      return NaN;
    }
    this.nextExpiryNs = this.times[first] + this.windowNs;
    return this.sorted[Math.ceil(0.99 * n) - 1] / NS_PER_MS;
  }
}

/** Inserts `x` into the sorted `a[0, n)` (after equal values). */
function insertSorted(a: Float64Array, n: number, x: number): void {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  a.copyWithin(lo + 1, lo, n);
  a[lo] = x;
}

/** Removes one value equal to `x` from the sorted `a[0, n)` (it is there). */
function removeSorted(a: Float64Array, n: number, x: number): void {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  a.copyWithin(lo, lo + 1, n);
}
