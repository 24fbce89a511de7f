/**
 * Ping → pong round trips of one connection. Each ping carries its own sequence number as payload,
 * so a pong is matched to its ping even when pongs come back late or out of order; only the most
 * recent `maxOutstanding` unanswered pings are remembered.
 */
export class RoundTripTracker {
  private seq = 0;
  private readonly sentNs = new Map<string, bigint>();

  constructor(private readonly maxOutstanding = 16) {}

  /** A ping is being sent at `nowNs` (epoch ns): returns its payload. */
  sent(nowNs: bigint): Buffer {
    const key = String(++this.seq);
    this.sentNs.set(key, nowNs);
    if (this.sentNs.size > this.maxOutstanding) this.sentNs.delete(this.sentNs.keys().next().value as string);
    return Buffer.from(key, "ascii");
  }

  /** A pong with `payload` arrived at `nowNs`: the round trip in ns, or null when it answers no ping of ours. */
  received(payload: Buffer, nowNs: bigint): number | null {
    const key = payload.toString("ascii");
    const sent = this.sentNs.get(key);
    if (sent === undefined) return null;
    this.sentNs.delete(key);
    return Number(nowNs - sent);
  }

  /** Forgets unanswered pings (a new connection will not answer them). */
  reset(): void {
    this.sentNs.clear();
  }
}
