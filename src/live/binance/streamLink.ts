import WebSocket, { type RawData } from "ws";
import type { Rng } from "../../core/rng.ts";
import { Backoff, type BackoffOptions } from "./backoff.ts";
import { RoundTripTracker } from "./roundTrip.ts";

/** What a link reports; every call runs synchronously inside the link's I/O callbacks. */
export interface LinkEvents {
  /** The socket opened (`reconnect`: it had been open before). */
  opened(reconnect: boolean): void;
  /** A text frame arrived at `localNs` (epoch ns). */
  text(text: string, localNs: bigint): void;
  /** A binary frame of `bytes` arrived (Binance's JSON streams send none). */
  binary(bytes: number, localNs: bigint): void;
  /** An open socket closed or went stale; a reconnect follows unless the link is stopping. */
  closed(reason: string): void;
  /** A ping → pong round trip measured at `localNs`. */
  roundTrip(rttNs: number, localNs: bigint): void;
  log(message: string): void;
}

export interface StreamLinkOptions {
  /** Label for logs. */
  name: string;
  url: string;
  /** Wall clock, epoch ns: the only time source the link reads. */
  nowNs: () => bigint;
  /** Jitter of the reconnect waits. */
  rng: Rng;
  backoff: BackoffOptions;
  /** A connection that stayed open this long resets the backoff to its first, shortest wait. */
  stableAfterMs: number;
  pingIntervalMs: number;
  /** No frame for this long → the connection is treated as lost (closed and reopened). */
  staleAfterMs: number;
  /** How long `stop` waits for the server's close frame before dropping the socket. */
  closeGraceMs: number;
  events: LinkEvents;
}

const NS_PER_MS = 1_000_000;

/**
 * One WebSocket connection that stays open: reconnects with backoff and full jitter, pings every
 * `pingIntervalMs` and reports round trips, and treats a connection that delivered no frame for
 * `staleAfterMs` as lost (a half-open TCP connection never closes by itself). Only data frames
 * count as signs of life: a server that answers pings but sends no market data is stale too.
 * It sends nothing but pings (and the close handshake).
 */
export class StreamLink {
  /** Times the socket opened again after having been open. */
  reconnects = 0;
  private ws: WebSocket | null = null;
  private running = false;
  private stopped = false;
  private everOpened = false;
  private openedAtNs: bigint | null = null;
  private lastFrameNs = 0n;
  /** `closed` was already reported for the current socket (stale, or server shutdown). */
  private lostReported = false;
  private pingTimer: NodeJS.Timeout | null = null;
  private staleTimer: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private readonly backoff: Backoff;
  private readonly rtt = new RoundTripTracker();
  private readonly staleAfterNs: bigint;
  private readonly stableAfterNs: bigint;

  constructor(private readonly o: StreamLinkOptions) {
    this.backoff = new Backoff(o.backoff, o.rng);
    this.staleAfterNs = BigInt(Math.round(o.staleAfterMs * NS_PER_MS));
    this.stableAfterNs = BigInt(Math.round(o.stableAfterMs * NS_PER_MS));
  }

  /** True while the socket is open and not known to be stale. */
  get isOpen(): boolean {
    return this.ws !== null && this.ws.readyState === WebSocket.OPEN && !this.lostReported;
  }

  /** Opens the connection (once). */
  start(): void {
    if (this.stopped) throw new Error(`${this.o.name}: a stopped link cannot start again`);
    if (this.running) return;
    this.running = true;
    this.connect();
  }

  /** Closes the socket and cancels every timer; resolves once the socket is closed. */
  stop(): Promise<void> {
    this.running = false;
    this.stopped = true;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.stopConnectionTimers();
    const ws = this.ws;
    if (ws === null) return Promise.resolve();
    return new Promise((resolve) => {
      ws.once("close", () => resolve());
      if (ws.readyState === WebSocket.OPEN) {
        ws.close(1000, "client stop");
        // a server that never answers the close frame must not hold the caller for ws's 30 s default
        const grace = setTimeout(() => ws.terminate(), this.o.closeGraceMs);
        ws.once("close", () => clearTimeout(grace));
      } else {
        ws.terminate();
      }
    });
  }

  /** Drops the current connection (reported as `reason`) and reconnects after the backoff wait. */
  private drop(reason: string): void {
    if (this.ws === null || this.lostReported || !this.running) return;
    this.lostReported = true;
    this.stopConnectionTimers();
    if (this.openedAtNs !== null) this.o.events.closed(reason);
    this.ws.terminate();
  }

  private connect(): void {
    this.retryTimer = null;
    if (!this.running) return;
    const ws = new WebSocket(this.o.url, { handshakeTimeout: this.o.staleAfterMs, perMessageDeflate: false, followRedirects: false });
    this.ws = ws;
    this.lostReported = false;
    this.openedAtNs = null;
    ws.on("open", () => {
      if (ws === this.ws) this.onOpen();
    });
    ws.on("message", (data, isBinary) => {
      if (ws === this.ws && !this.lostReported) this.onFrame(data, isBinary);
    });
    ws.on("pong", (data) => {
      if (ws === this.ws) this.onPong(data);
    });
    // always listened to: an unhandled 'error' event would throw
    ws.on("error", (e) => {
      if (ws === this.ws && this.running) this.o.events.log(`${this.o.name}: websocket error: ${e.message}`);
    });
    ws.on("close", (code, reason) => this.onClose(ws, code, reason.toString()));
  }

  private onOpen(): void {
    const now = this.o.nowNs();
    this.openedAtNs = now;
    this.lastFrameNs = now;
    this.rtt.reset();
    const reconnect = this.everOpened;
    this.everOpened = true;
    if (reconnect) this.reconnects++;
    this.pingTimer = setInterval(() => this.ping(), this.o.pingIntervalMs);
    this.staleTimer = setInterval(() => this.checkStale(), Math.max(10, Math.round(this.o.staleAfterMs / 4)));
    this.o.events.log(`${this.o.name}: connected${reconnect ? " again" : ""}`);
    this.o.events.opened(reconnect);
  }

  private onFrame(data: RawData, isBinary: boolean): void {
    const now = this.o.nowNs();
    this.lastFrameNs = now;
    const bytes = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
    if (isBinary) this.o.events.binary(bytes.length, now);
    else this.o.events.text(bytes.toString("utf8"), now);
  }

  private onPong(payload: Buffer): void {
    const now = this.o.nowNs();
    const rttNs = this.rtt.received(payload, now);
    if (rttNs !== null) this.o.events.roundTrip(rttNs, now);
  }

  private onClose(ws: WebSocket, code: number, reason: string): void {
    if (ws !== this.ws) return;
    this.ws = null;
    this.stopConnectionTimers();
    const opened = this.openedAtNs;
    if (!this.running) return;
    if (opened === null) this.o.events.log(`${this.o.name}: could not connect (code ${code})`);
    else if (!this.lostReported) this.o.events.closed(`closed by the server or the network (code ${code}${reason === "" ? "" : `: ${reason}`})`);
    if (opened !== null && this.o.nowNs() - opened >= this.stableAfterNs) this.backoff.reset();
    const delayMs = this.backoff.nextDelayMs();
    this.o.events.log(`${this.o.name}: reconnecting in ${Math.round(delayMs)} ms (attempt ${this.backoff.attempts})`);
    this.retryTimer = setTimeout(() => this.connect(), delayMs);
  }

  private ping(): void {
    const ws = this.ws;
    if (ws === null || ws.readyState !== WebSocket.OPEN) return;
    ws.ping(this.rtt.sent(this.o.nowNs()));
  }

  private checkStale(): void {
    const silentNs = this.o.nowNs() - this.lastFrameNs;
    if (silentNs >= this.staleAfterNs) this.drop(`stale: no message for ${Math.round(Number(silentNs) / NS_PER_MS)} ms`);
  }

  private stopConnectionTimers(): void {
    if (this.pingTimer !== null) clearInterval(this.pingTimer);
    if (this.staleTimer !== null) clearInterval(this.staleTimer);
    this.pingTimer = null;
    this.staleTimer = null;
  }
}
