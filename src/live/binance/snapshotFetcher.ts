import type { Rng } from "../../core/rng.ts";
import type { CaptureMessage } from "../../data/importers/binance/captureLine.ts";
import { Backoff, type BackoffOptions } from "./backoff.ts";
import { parseFrame } from "./frame.ts";

export interface SnapshotFetcherOptions {
  /** The REST depth URL (endpoints.ts depthSnapshotUrl). */
  url: string;
  /** Wall clock, epoch ns: stamps each snapshot with its receive time. */
  nowNs: () => bigint;
  /** Jitter of the retry waits. */
  rng: Rng;
  backoff: BackoffOptions;
  /** At least this long between the starts of two fetches (the depth endpoint is heavy on the rate limit). */
  minIntervalMs: number;
  /** A fetch that takes longer is aborted and retried. */
  timeoutMs: number;
  /** A snapshot arrived (type "snapshot", `localNs` = when its body was fully received). */
  onSnapshot(message: CaptureMessage): void;
  /** One fetch attempt failed (a retry follows). */
  onError(detail: string): void;
  log(message: string): void;
  /** The fetch function (default: the global fetch). */
  fetch?: typeof fetch;
}

/** A failed attempt, with the wait the server asked for (HTTP 429/418 Retry-After), ms. */
class AttemptError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs = 0,
  ) {
    super(message);
  }
}

const NS_PER_MS = 1_000_000;

/**
 * Fetches REST depth snapshots on request. Requests made while one is pending (waiting, in flight
 * or retrying) join it; HTTP and network errors are retried with backoff and full jitter until a
 * snapshot arrives or `stop` is called.
 */
export class SnapshotFetcher {
  private pending = false;
  private stopped = false;
  private lastStartNs: bigint | null = null;
  private loopDone: Promise<void> = Promise.resolve();
  private abort: AbortController | null = null;
  private sleepTimer: NodeJS.Timeout | null = null;
  private wake: (() => void) | null = null;
  private readonly backoff: Backoff;
  private readonly fetchFn: typeof fetch;

  constructor(private readonly o: SnapshotFetcherOptions) {
    this.backoff = new Backoff(o.backoff, o.rng);
    this.fetchFn = o.fetch ?? fetch;
  }

  /** True while a snapshot is requested and not yet delivered. */
  get isPending(): boolean {
    return this.pending;
  }

  /** Asks for a snapshot; joins the pending one if there is one. */
  request(): void {
    if (this.stopped || this.pending) return;
    this.pending = true;
    this.loopDone = this.run().catch((e: unknown) => {
      this.pending = false;
      this.o.log(`depth snapshot: ${(e as Error).message ?? String(e)}`);
    });
  }

  /** Aborts the fetch in flight and cancels waits; resolves when nothing is left running. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.abort?.abort(new Error("stopped"));
    this.cancelSleep();
    await this.loopDone;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const spacingMs = this.spacingMs();
      if (spacingMs > 0) await this.sleep(spacingMs);
      if (this.stopped) return;
      this.lastStartNs = this.o.nowNs();
      let message: CaptureMessage;
      try {
        message = await this.fetchOnce();
      } catch (e) {
        if (this.stopped) return;
        const err = e instanceof AttemptError ? e : new AttemptError((e as Error).message ?? String(e));
        this.o.onError(err.message);
        const waitMs = Math.max(this.backoff.nextDelayMs(), err.retryAfterMs);
        this.o.log(`depth snapshot failed (${err.message}); retrying in ${Math.round(waitMs)} ms`);
        await this.sleep(waitMs);
        continue;
      }
      if (this.stopped) return;
      this.backoff.reset();
      // cleared before delivery: a gap found while applying this snapshot must be able to ask for the next
      this.pending = false;
      this.o.onSnapshot(message);
      return;
    }
  }

  private async fetchOnce(): Promise<CaptureMessage> {
    const abort = new AbortController();
    this.abort = abort;
    const timeout = setTimeout(() => abort.abort(new AttemptError(`no answer within ${this.o.timeoutMs} ms`)), this.o.timeoutMs);
    try {
      const response = await this.fetchFn(this.o.url, { signal: abort.signal, headers: { accept: "application/json" } });
      const body = await response.text();
      const localNs = this.o.nowNs();
      if (!response.ok) {
        throw new AttemptError(`HTTP ${response.status}: ${body.slice(0, 200)}`, retryAfterMs(response.headers.get("retry-after")));
      }
      const parsed = parseFrame(body, localNs);
      if ("malformed" in parsed) throw new AttemptError(`response: ${parsed.malformed}`);
      if (parsed.message.type !== "snapshot") throw new AttemptError("response is not a depth snapshot (no lastUpdateId)");
      return parsed.message;
    } catch (e) {
      // an abort surfaces as the abort reason or a DOMException: report the reason
      if (abort.signal.aborted && abort.signal.reason instanceof Error) throw abort.signal.reason;
      throw e;
    } finally {
      clearTimeout(timeout);
      this.abort = null;
    }
  }

  /** ms still to wait so that fetches start at least minIntervalMs apart. */
  private spacingMs(): number {
    if (this.lastStartNs === null) return 0;
    const sinceMs = Number(this.o.nowNs() - this.lastStartNs) / NS_PER_MS;
    return Math.max(0, this.o.minIntervalMs - sinceMs);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
      this.sleepTimer = setTimeout(() => this.cancelSleep(), ms);
    });
  }

  private cancelSleep(): void {
    if (this.sleepTimer !== null) clearTimeout(this.sleepTimer);
    this.sleepTimer = null;
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}

/** A Retry-After header (seconds) in ms; 0 when absent or not a number of seconds. */
function retryAfterMs(header: string | null): number {
  const seconds = header === null ? NaN : Number(header);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 0;
}
