import { NS_PER_MS } from "../core/time.ts";

/** A pause or resume of quoting, for the run log. */
export interface GuardEvent {
  tNs: number;
  kind: "pause" | "resume";
  p99Ms: number;
}

/**
 * Latency guard (DESIGN 1.6): the P99 of the latest `window` order-ack latencies that are no
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
  }

  /** Records the submit→ack latency of one order acknowledged at `tNs`. */
  onAck(tNs: number, latencyNs: number): void {
    this.latencies[this.next] = latencyNs;
    this.times[this.next] = tNs;
    this.next = (this.next + 1) % this.latencies.length;
    if (this.filled < this.latencies.length) this.filled++;
    this.stale = true;
  }

  /** Re-evaluates the state at `tNs`; returns true while quoting is paused. */
  update(tNs: number): boolean {
    if (!this.enabled) return false;
    if (this.stale || tNs >= this.nextExpiryNs) {
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
}
