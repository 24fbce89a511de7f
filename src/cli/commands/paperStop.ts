import type { MmlabError } from "../../core/errors.ts";

/** Signals that stop a paper session. */
export type StopSignal = "SIGINT" | "SIGTERM";

/** The shell's exit code of a process ended by a signal: 128 + the signal's number. */
export const SIGNAL_EXIT_CODES: Readonly<Record<StopSignal, number>> = { SIGINT: 130, SIGTERM: 143 };

/** The longest delay setTimeout takes as given, ms. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Why a paper session stops. */
export type StopReason =
  | { kind: "duration"; text: string }
  | { kind: "signal"; signal: StopSignal; text: string }
  | { kind: "fault"; error: MmlabError; text: string };

export interface StopOptions {
  /** Stop after this much wall time, ms (absent: until a signal). */
  durationMs?: number;
  /** `--duration` as typed, for the log. */
  durationText?: string;
  /** A signal after the stop was asked for: abort (called synchronously, in the signal's handler). */
  onSecondSignal: (signal: StopSignal) => void;
}

/**
 * What ends a paper session, watched from the start of the command so that every phase (startup,
 * waiting for the first message, a feed down and reconnecting, running) ends the same way:
 * `--duration` elapsing, SIGINT or SIGTERM, or a fault (the session file cannot be written). The
 * first settles `reason` (the session then stops cleanly); any signal after it aborts. Handlers
 * and the timer are removed by `dispose`.
 */
export class StopRequests {
  /** Settles with the first request. */
  readonly reason: Promise<StopReason>;
  /** The first request, once made. */
  requested: StopReason | undefined;
  private settle!: (reason: StopReason) => void;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly handlers: [StopSignal, () => void][];

  constructor(private readonly o: StopOptions) {
    this.reason = new Promise<StopReason>((resolve) => (this.settle = resolve));
    if (o.durationMs !== undefined) this.wait(performance.now() + o.durationMs);
    this.handlers = (["SIGINT", "SIGTERM"] as const).map((signal) => [signal, () => this.onSignal(signal)]);
    // `on`, not `once`: the second signal must reach the handler, not end the process by default
    for (const [signal, handler] of this.handlers) process.on(signal, handler);
  }

  /** Recording failed: stop, and end with `error`. */
  fault(error: MmlabError): void {
    this.request({ kind: "fault", error, text: error.message });
  }

  /** Removes the signal handlers and the duration timer. */
  dispose(): void {
    clearTimeout(this.timer);
    for (const [signal, handler] of this.handlers) process.off(signal, handler);
  }

  /** The duration ends at `endMs` (performance.now() ms, a monotonic clock): timers longer than setTimeout's limit (24.8 days) fire at once, so they are chained. */
  private wait(endMs: number): void {
    const leftMs = endMs - performance.now();
    if (leftMs <= 0) {
      this.request({ kind: "duration", text: `--duration ${this.o.durationText ?? ""} elapsed` });
      return;
    }
    this.timer = setTimeout(() => this.wait(endMs), Math.min(leftMs, MAX_TIMER_MS));
  }

  private onSignal(signal: StopSignal): void {
    if (this.requested !== undefined) {
      this.o.onSecondSignal(signal);
      return;
    }
    this.request({ kind: "signal", signal, text: `${signal}: cancelling paper orders and finishing the session (Ctrl-C again to abort)` });
  }

  private request(reason: StopReason): void {
    if (this.requested !== undefined) return;
    this.requested = reason;
    clearTimeout(this.timer);
    this.settle(reason);
  }
}
