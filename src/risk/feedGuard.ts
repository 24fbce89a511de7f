import { NS_PER_MS } from "../core/time.ts";

/** A pause or resume of quoting by the feed-health rule, for the run log. */
export interface FeedEvent {
  tNs: number;
  kind: "pause" | "resume";
  /** Time since the last book update when the state changed, ms. */
  silenceMs: number;
}

/**
 * Feed health (config `feed.max_silence_ms`): a book that has had no update for longer than the
 * limit is stale, so quoting pauses until the next update; each change of state is logged, as the
 * latency guard logs its own. A limit of 0 turns the rule off. A view that has never been shown a
 * book update (NaN) is not stale: it has no book, which the engine pauses on by itself.
 */
export class FeedGuard {
  private readonly maxSilenceNs: number;
  private stale = false;

  constructor(
    maxSilenceMs: number,
    private readonly events: FeedEvent[],
  ) {
    this.maxSilenceNs = maxSilenceMs * NS_PER_MS;
  }

  /** Re-evaluates the state at `tNs` given the time of the last book update; returns true while the book is stale. */
  update(tNs: number, lastBookNs: number): boolean {
    const silenceNs = tNs - lastBookNs;
    const stale = this.maxSilenceNs > 0 && silenceNs > this.maxSilenceNs;
    if (stale !== this.stale) {
      this.stale = stale;
      this.events.push({ tNs, kind: stale ? "pause" : "resume", silenceMs: silenceNs / NS_PER_MS });
    }
    return stale;
  }
}
