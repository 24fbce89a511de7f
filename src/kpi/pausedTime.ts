import { NS_PER_S } from "../core/time.ts";

/**
 * Why quoting is paused at a step (the engine decides; the KPIs add up the time): the latency
 * guard, a stale feed (no book update for `feed.max_silence_ms`), no two-sided book, σ's EWMA
 * still warming up, or a HALT. Checked in this order: the first that holds is the cause.
 */
export const PAUSE_CAUSES = ["halted", "latency", "no book", "stale feed", "warming up"] as const;
export type PauseCause = (typeof PAUSE_CAUSES)[number];

/** Seconds paused per cause (keys: the causes in camelCase) and in total. */
export interface PausedSeconds {
  halted: number;
  latency: number;
  noBook: number;
  staleFeed: number;
  warmingUp: number;
  total: number;
}

const KEY: Readonly<Record<PauseCause, Exclude<keyof PausedSeconds, "total">>> = {
  halted: "halted",
  latency: "latency",
  "no book": "noBook",
  "stale feed": "staleFeed",
  "warming up": "warmingUp",
};

/**
 * Paused time by cause: the state a step reports holds until the next report, so each stretch
 * between two reports (and from the last one to the end) counts for the cause reported at its start.
 */
export class PausedTime {
  private readonly ns: Record<Exclude<keyof PausedSeconds, "total">, number> = { halted: 0, latency: 0, noBook: 0, staleFeed: 0, warmingUp: 0 };
  private cause: PauseCause | null = null;
  private sinceNs = NaN;

  /** The quoting state from `tNs` on: paused for `cause`, or quoting (null). Times must not go back. */
  report(tNs: number, cause: PauseCause | null): void {
    this.closeAt(tNs);
    this.cause = cause;
    this.sinceNs = tNs;
  }

  /** Seconds paused per cause up to `endNs` (the current state counted up to it). */
  seconds(endNs: number): PausedSeconds {
    const ns = { ...this.ns };
    if (this.cause !== null && endNs > this.sinceNs) ns[KEY[this.cause]] += endNs - this.sinceNs;
    const s = { halted: ns.halted / NS_PER_S, latency: ns.latency / NS_PER_S, noBook: ns.noBook / NS_PER_S, staleFeed: ns.staleFeed / NS_PER_S, warmingUp: ns.warmingUp / NS_PER_S };
    return { ...s, total: (ns.halted + ns.latency + ns.noBook + ns.staleFeed + ns.warmingUp) / NS_PER_S };
  }

  private closeAt(tNs: number): void {
    if (this.cause !== null && tNs > this.sinceNs) this.ns[KEY[this.cause]] += tNs - this.sinceNs;
  }
}
