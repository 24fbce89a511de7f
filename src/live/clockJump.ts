import type { CaptureMessage } from "../data/importers/binance/captureLine.ts";

/** Default threshold of a clock jump, ms: far above network jitter, far below the 8 s jump that moved session time. */
export const CLOCK_JUMP_MS = 2000;

/** Timed messages in a row that must show a jump before it counts as one (a jump persists; an outlier does not). */
export const CONFIRM_MESSAGES = 3;

/**
 * Watches the exchange's clock against the local one on a live feed. The offset of a timed message
 * (local receive time − its exchange time: depth diff E, trade T) is the clocks' difference plus
 * the network's delay, which is never negative: on an open connection, an offset below the
 * smallest one seen so far by more than `thresholdMs` is not a fast message but a jump of the
 * exchange's clock (or of ours, back): a clock event, not time passing. Late messages and the
 * burst after them only raise offsets, and a clock that drifts moves them a little at a time.
 * Left alone, the session's clock correction (the running minimum of local − exchange time,
 * data/importers/binance/clockCorrection.ts) would follow the jump and move session time forward
 * by it at once, silently. Instead the session clock stays on the local clock: every later
 * message's exchange times are taken back by the jumps so far, the jump is logged in one line and
 * counted (FeedHealth.clockJumps).
 *
 * A jump is a jump once CONFIRM_MESSAGES timed messages in a row show it (about the same size):
 * one message with a far-off time (a corrupt frame) is not. Until then the suspect messages are
 * taken back by it too, so that neither moves session time; a normal message drops the suspicion.
 *
 * A jump back of the exchange's clock cannot be told from late messages: it is left to the clock
 * correction, which never moves session time back (exch_ts are held until they catch up).
 * A (re)connect restarts the comparison: what passed while no data flowed is not a jump.
 */
export class ClockJumps {
  /** Jumps detected so far. */
  count = 0;
  /** ms taken off the exchange times of every message (the sum of the jumps). */
  adjustMs = 0;
  /** The smallest offset (local − exchange ms, after the jumps so far) on this connection; null after a (re)connect. */
  private minOffsetMs: number | null = null;
  /** A jump seen on the last `messages` timed messages, not yet confirmed. */
  private suspect: { jumpMs: number; messages: number } | null = null;

  constructor(
    private readonly thresholdMs: number,
    private readonly log: (line: string) => void,
  ) {}

  /** `m` with its exchange times (E, T) taken back by the jumps so far, after checking it for a new one. */
  apply(m: CaptureMessage): CaptureMessage {
    const exchMs = m.type === "diff" ? m.data.E : m.type === "trade" ? m.data.T : undefined;
    const takenBackMs = typeof exchMs === "number" && Number.isSafeInteger(exchMs) ? this.observe(m, exchMs) : this.adjustMs;
    if (takenBackMs === 0) return m;
    const data = { ...m.data };
    if (typeof data.E === "number") data.E -= takenBackMs;
    if (typeof data.T === "number") data.T -= takenBackMs;
    return { ...m, data };
  }

  /** A connection opened or closed: the next timed message starts a new comparison. */
  reset(): void {
    this.minOffsetMs = null;
    this.suspect = null;
  }

  /** Checks a timed message; returns the ms to take off its exchange times. */
  private observe(m: CaptureMessage, exchMs: number): number {
    // ms since the epoch fit a double exactly; the local ns are rounded to µs first
    const offsetMs = Number(m.localNs / 1000n) / 1000 - (exchMs - this.adjustMs);
    const min = this.minOffsetMs;
    if (min === null || !(min - offsetMs > this.thresholdMs)) {
      this.suspect = null; // a normal message: what looked like a jump was one far-off time
      this.minOffsetMs = min === null ? offsetMs : Math.min(min, offsetMs);
      return this.adjustMs;
    }
    const jumpMs = Math.round(min - offsetMs);
    const suspect = this.suspect;
    if (suspect !== null && Math.abs(jumpMs - suspect.jumpMs) <= this.thresholdMs) suspect.messages++;
    else this.suspect = { jumpMs, messages: 1 };
    const seen = this.suspect!;
    if (seen.messages < CONFIRM_MESSAGES) return this.adjustMs + seen.jumpMs;
    this.suspect = null;
    this.confirm(m, exchMs, seen.jumpMs);
    return this.adjustMs;
  }

  /** A jump of `jumpMs` shown by CONFIRM_MESSAGES messages, the last `m`: taken out of every later time, logged, counted. */
  private confirm(m: CaptureMessage, exchMs: number, jumpMs: number): void {
    this.adjustMs += jumpMs;
    this.count++;
    const at = new Date(exchMs).toISOString();
    this.log(
      `exchange clock jump: event times ran ${(jumpMs / 1000).toFixed(3)} s ahead of the local clock ` +
        `(${m.stream || m.type} at exchange time ${at}); session time stays on the local clock: later exchange times are taken back ` +
        `${(this.adjustMs / 1000).toFixed(3)} s in all (clock jump ${this.count})`,
    );
  }
}
