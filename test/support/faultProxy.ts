import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { performance } from "node:perf_hooks";
import type { Duplex } from "node:stream";
import { WebSocket, WebSocketServer, type RawData } from "ws";

/**
 * A fault-injecting proxy on 127.0.0.1 between a paper session (its `--ws-url`/`--rest-url`, or
 * BinanceFeed's `wsUrl`/`restUrl`) and a Binance stand-in (test/support/replayServer.ts): it
 * forwards WebSocket frames and REST requests unchanged, except for the faults it is told to
 * inject. One fault per option; any combination may be given.
 *
 * Forwarding:
 * - WebSocket: a client's upgrade to `<path>?<query>` opens `<target.wsUrl><path>?<query>`
 *   upstream first; the client's handshake completes only once the upstream one has, so nothing
 *   the upstream sends is lost. Text frames stay text, binary stay binary. The client's pings go
 *   upstream and the upstream's pongs come back, so measured round trips are the whole path's.
 *   When one side closes or fails, the other is dropped (no close handshake, as a network
 *   failure looks).
 * - REST: any request is forwarded to `<target.restUrl><path>?<query>`; status, body and
 *   content-type come back.
 *
 * Positions: `…atFrame` counts the data frames the proxy received from upstream, over all
 * connections, from 1 (frames held or dropped by a fault count too); a fault "at frame n" acts
 * before frame n is forwarded. `dropDiffAt` and `corruptDiffAt` count depth diffs
 * (`"e":"depthUpdate"`) the same way. REST positions count requests from 1. With `armed: false`
 * nothing is injected until `arm()`, and every position counts from then: a test arms the faults
 * once the client is in the state it wants to disturb (say, quoting), however long that took.
 */
export interface FaultProxyOptions {
  /** Where to forward: the stand-in's `ws://…` and `http://…` base URLs. */
  target: { wsUrl: string; restUrl: string };
  /** false: forward everything untouched until `arm()` is called; positions count from then (default true: from the start). */
  armed?: boolean;
  /**
   * Stall: from frame `atFrame`, data frames from upstream are held for `ms` of wall time. Only
   * market data stalls: pings and pongs still pass, as when an exchange's stream publisher
   * stalls while its WebSocket front end stays up (the connection looks alive; only the data's
   * silence tells). Then, by `backlog`:
   * - "release" (default): the held frames are sent at once, in order, as a stalled TCP
   *   connection delivers its backlog when it recovers: nothing is lost, everything is late.
   * - "drop": the held frames are discarded (a publisher that skipped ahead): the depth stream
   *   has a sequence gap.
   */
  stall?: { atFrame: number; ms: number; backlog?: "release" | "drop" };
  /** The n-th depth diff from upstream is not forwarded: a sequence gap for the client. */
  dropDiffAt?: number;
  /**
   * The n-th depth diff from upstream (or the first after it with a level) is forwarded corrupt:
   * valid JSON with its update ids intact, but the price of its first level (bids, else asks) is
   * not a number. A message that continues the sequence and cannot be applied: the book misses
   * an update.
   */
  corruptDiffAt?: number;
  /**
   * Before frame `atFrame`, these frames are sent to every open client (default
   * MALFORMED_FRAMES: one of each kind a feed must survive). A Buffer is sent as a binary frame.
   */
  malformed?: { atFrame: number; frames?: readonly (string | Buffer)[] };
  /** REST requests number `fromRequest` (default 1) to `fromRequest + count − 1` are answered HTTP `status` (default 503) without reaching the target. */
  restErrors?: { count: number; fromRequest?: number; status?: number };
  /** REST requests from `fromRequest` (default 1), `count` of them (default all), are forwarded at once but answered `ms` later: the body is as old as the request. */
  restDelay?: { ms: number; fromRequest?: number; count?: number };
  /**
   * Clock skew: from frame `atFrame` on, the exchange's event times in frames — `E` (event time)
   * and `T` (trade time) of each payload, bare or in a combined-stream envelope — are `ms`
   * later (negative: earlier). Other fields and other frames are untouched.
   */
  clockSkew?: { atFrame: number; ms: number };
  /**
   * Restart: at frame `atFrame` every connection is dropped (WebSocket clients and their
   * upstreams, REST requests in flight, idle keep-alive sockets), then for `downMs` every new
   * connection is reset as soon as it is accepted (a client sees its connect fail, as with a
   * refused one; the port stays bound, so nobody else can take it), then connections are
   * accepted again — once at least one was refused: on a busy machine a client's first attempt
   * may come after `downMs`, and the fault is a refused connection. The target keeps playing meanwhile: a new connection continues at its
   * current position.
   */
  restart?: { atFrame: number; downMs: number };
}

/** Frames that must not break a feed: truncated JSON, JSON that is not an object, a binary frame, and a depth diff without its update ids. */
export const MALFORMED_FRAMES: readonly (string | Buffer)[] = [
  '{"stream":"btcusdt@depth@100ms","data":{"e":"depthUp',
  "[1,2,3]",
  Buffer.from([0xde, 0xad, 0xbe, 0xef]),
  '{"stream":"btcusdt@depth@100ms","data":{"e":"depthUpdate","s":"BTCUSDT","b":[],"a":[]}}',
];

/** What the proxy did so far (wall times: performance.now() ms). */
export interface FaultProxyStats {
  /** Data frames received from upstream, and depth diffs among them (from the start, armed or not). */
  framesIn: number;
  diffsIn: number;
  /** framesIn when the faults were armed (0 when armed from the start; NaN while not armed). */
  armedAtFrame: number;
  /** Frames sent to clients (released and injected ones included). */
  framesOut: number;
  /** Depth diffs dropped by dropDiffAt, corrupted by corruptDiffAt. */
  droppedDiffs: number;
  corruptedDiffs: number;
  /** Malformed frames sent (per client). */
  injected: number;
  /** Frames held by a stall, then released or discarded. */
  held: number;
  released: number;
  discarded: number;
  stallStartedMs: number;
  stallEndedMs: number;
  /** framesIn when the stall ended (NaN before). */
  stallEndedFrame: number;
  /** Frames whose event times were rewritten by clockSkew, when the skew began, and the first rewritten event time (epoch ms, as sent). */
  skewed: number;
  skewStartedMs: number;
  skewFirstEventMs: number;
  /** Restarts done; connections reset while down; when the last restart began and ended. */
  restarts: number;
  refused: number;
  restartStartedMs: number;
  restartEndedMs: number;
  /** framesIn when connections were accepted again (NaN before). */
  restartEndedFrame: number;
  /** WebSocket clients connected (handshake completed), and open now. */
  connections: number;
  openConnections: number;
  restRequests: number;
  restFailed: number;
  restDelayed: number;
  pings: number;
  pongs: number;
}

export interface FaultProxy {
  /** `ws://127.0.0.1:<port>`: give it to the feed as its WebSocket base URL. */
  wsUrl: string;
  /** `http://127.0.0.1:<port>`: the feed's REST base URL. */
  restUrl: string;
  readonly stats: FaultProxyStats;
  /** Every fault as it happened (wall ms since the proxy started, what): for failure messages. */
  readonly events: readonly string[];
  /** Arms the faults (with `armed: false`): positions count from the next frame, diff and REST request. */
  arm(): void;
  /** Drops every connection and closes the listening socket. */
  close(): Promise<void>;
}

/** One client connection and its upstream. */
interface Link {
  /** The client's TCP socket until its handshake completes (then `client`). */
  socket: Duplex;
  client: WebSocket | null;
  upstream: WebSocket;
  /** Frames received before the client's handshake completed. */
  early: [RawData, boolean][];
  closed: boolean;
}

/** Starts a fault proxy in front of `options.target` on a free 127.0.0.1 port. */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const proxy = new FaultProxyServer(options);
  return proxy.listen();
}

class FaultProxyServer {
  readonly stats: FaultProxyStats = {
    framesIn: 0, diffsIn: 0, armedAtFrame: NaN, framesOut: 0, droppedDiffs: 0, corruptedDiffs: 0, injected: 0,
    held: 0, released: 0, discarded: 0, stallStartedMs: NaN, stallEndedMs: NaN, stallEndedFrame: NaN,
    skewed: 0, skewStartedMs: NaN, skewFirstEventMs: NaN,
    restarts: 0, refused: 0, restartStartedMs: NaN, restartEndedMs: NaN, restartEndedFrame: NaN,
    connections: 0, openConnections: 0,
    restRequests: 0, restFailed: 0, restDelayed: 0, pings: 0, pongs: 0,
  };
  readonly events: string[] = [];
  private readonly links = new Set<Link>();
  private readonly sockets = new Set<Socket>();
  private readonly aborts = new Set<AbortController>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly wss = new WebSocketServer({ noServer: true, autoPong: false, perMessageDeflate: false });
  private readonly http = createServer((req, res) => void this.onRest(req, res));
  private readonly startMs = performance.now();
  /** Held frames while a stall lasts (null: not stalled). */
  private stallQueue: [Link, RawData | string, boolean][] | null = null;
  private down = false;
  /** A restart whose down time is over but that has refused no connection yet: up after the next refusal. */
  private upAfterRefusal = false;
  private closed = false;
  /** Counts at the arming: positions are relative to them (null: not armed). */
  private base: { frames: number; diffs: number; rest: number } | null = null;

  constructor(private readonly o: FaultProxyOptions) {
    if (o.armed !== false) this.arm();
    for (const [name, at] of [["stall.atFrame", o.stall?.atFrame], ["dropDiffAt", o.dropDiffAt], ["corruptDiffAt", o.corruptDiffAt], ["malformed.atFrame", o.malformed?.atFrame], ["clockSkew.atFrame", o.clockSkew?.atFrame], ["restart.atFrame", o.restart?.atFrame]] as const) {
      if (at !== undefined && !(Number.isInteger(at) && at >= 1)) throw new RangeError(`faultProxy: ${name} must be a positive integer, got ${at}`);
    }
  }

  async listen(): Promise<FaultProxy> {
    this.http.on("connection", (socket: Socket) => {
      if (this.down || this.closed) {
        this.stats.refused++;
        socket.destroy();
        if (this.upAfterRefusal) this.up();
        return;
      }
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
    this.http.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => this.onUpgrade(req, socket, head));
    await new Promise<void>((resolve, reject) => {
      this.http.once("error", reject);
      this.http.listen(0, "127.0.0.1", () => resolve());
    });
    const port = (this.http.address() as AddressInfo).port;
    let closing: Promise<void> | null = null;
    return {
      wsUrl: `ws://127.0.0.1:${port}`,
      restUrl: `http://127.0.0.1:${port}`,
      stats: this.stats,
      events: this.events,
      arm: () => this.arm(),
      close: () => (closing ??= this.close()),
    };
  }

  // ── WebSocket ──────────────────────────────────────────────────────────────

  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (this.down || this.closed) {
      socket.destroy();
      return;
    }
    const upstream = new WebSocket(trimSlash(this.o.target.wsUrl) + (req.url ?? "/"), { perMessageDeflate: false });
    const link: Link = { socket, client: null, upstream, early: [], closed: false };
    this.links.add(link);
    // a client that gives up before its handshake completed
    socket.on("error", () => this.drop(link));
    socket.once("close", () => {
      if (link.client === null) this.drop(link);
    });
    upstream.on("error", () => this.drop(link));
    upstream.on("close", () => this.drop(link));
    upstream.on("message", (data, isBinary) => {
      if (link.client === null) link.early.push([data, isBinary]);
      else this.onFrame(link, data, isBinary);
    });
    upstream.on("pong", (data) => {
      if (link.client?.readyState !== WebSocket.OPEN) return;
      this.stats.pongs++;
      link.client.pong(data);
    });
    upstream.on("open", () => {
      if (link.closed) return;
      this.wss.handleUpgrade(req, socket, head, (client) => {
        if (link.closed) {
          client.terminate();
          return;
        }
        link.client = client;
        this.stats.connections++;
        this.stats.openConnections++;
        client.on("error", () => this.drop(link));
        client.on("close", () => this.drop(link));
        client.on("ping", (data) => {
          if (upstream.readyState !== WebSocket.OPEN) return;
          this.stats.pings++;
          upstream.ping(data);
        });
        const early = link.early;
        link.early = [];
        for (const [data, isBinary] of early) this.onFrame(link, data, isBinary);
      });
    });
  }

  private arm(): void {
    if (this.base !== null) return;
    this.base = { frames: this.stats.framesIn, diffs: this.stats.diffsIn, rest: this.stats.restRequests };
    this.stats.armedAtFrame = this.stats.framesIn;
    if (this.stats.framesIn > 0) this.note(`faults armed at frame ${this.stats.framesIn}`);
  }

  /** One data frame from upstream: the frame-positioned faults, then forwarding (or holding). */
  private onFrame(link: Link, data: RawData, isBinary: boolean): void {
    ++this.stats.framesIn;
    const received = isBinary ? null : rawText(data);
    const isDiff = received !== null && received.includes('"e":"depthUpdate"');
    if (isDiff) this.stats.diffsIn++;
    if (this.base === null) {
      this.send(link, data, isBinary);
      return;
    }
    const n = this.stats.framesIn - this.base.frames;
    const o = this.o;
    if (o.restart !== undefined && n === o.restart.atFrame) {
      this.restart(o.restart.downMs);
      return; // the frame went down with its connection
    }
    if (o.malformed !== undefined && n === o.malformed.atFrame) this.inject(o.malformed.frames ?? MALFORMED_FRAMES);
    if (o.stall !== undefined && n === o.stall.atFrame) this.startStall(o.stall.ms, o.stall.backlog ?? "release");
    if (o.clockSkew !== undefined && n === o.clockSkew.atFrame) {
      this.stats.skewStartedMs = performance.now();
      this.note(`clock skew ${o.clockSkew.ms} ms from frame ${n}`);
    }
    let payload: RawData | string = data;
    if (received !== null) {
      let text = received;
      if (isDiff) {
        const diff = this.stats.diffsIn - this.base.diffs;
        if (diff === o.dropDiffAt) {
          this.stats.droppedDiffs++;
          this.note(`dropped depth diff ${diff} (frame ${n})`);
          return;
        }
        if (o.corruptDiffAt !== undefined && diff >= o.corruptDiffAt && this.stats.corruptedDiffs === 0) {
          const corrupt = corruptFirstLevel(text); // null: no level to corrupt, the next diff is
          if (corrupt !== null) {
            text = corrupt;
            this.stats.corruptedDiffs++;
            this.note(`corrupted depth diff ${diff} (frame ${n})`);
          }
        }
      }
      if (o.clockSkew !== undefined && n >= o.clockSkew.atFrame) text = this.skew(text, o.clockSkew.ms);
      payload = text;
    }
    if (this.stallQueue !== null) {
      this.stats.held++;
      this.stallQueue.push([link, payload, isBinary]);
      return;
    }
    this.send(link, payload, isBinary);
  }

  private send(link: Link, payload: RawData | string, isBinary: boolean): void {
    const client = link.client;
    if (link.closed || client === null || client.readyState !== WebSocket.OPEN) return;
    client.send(payload, { binary: isBinary });
    this.stats.framesOut++;
  }

  private inject(frames: readonly (string | Buffer)[]): void {
    for (const link of this.links) {
      for (const frame of frames) {
        if (link.client?.readyState !== WebSocket.OPEN) continue;
        link.client.send(frame, { binary: typeof frame !== "string" });
        this.stats.injected++;
        this.stats.framesOut++;
      }
    }
    this.note(`injected ${frames.length} malformed frames into ${this.links.size} connection(s)`);
  }

  private startStall(ms: number, backlog: "release" | "drop"): void {
    this.stallQueue = [];
    this.stats.stallStartedMs = performance.now();
    this.note(`stall for ${ms} ms (backlog: ${backlog})`);
    this.later(ms, () => {
      const queue = this.stallQueue ?? [];
      this.stallQueue = null;
      this.stats.stallEndedMs = performance.now();
      this.stats.stallEndedFrame = this.stats.framesIn;
      if (backlog === "drop") {
        this.stats.discarded += queue.length;
      } else {
        for (const [link, payload, isBinary] of queue) this.send(link, payload, isBinary);
        this.stats.released += queue.length;
      }
      this.note(`stall over: ${queue.length} frames ${backlog === "drop" ? "discarded" : "released"}`);
    });
  }

  /** `text` with its payload's E and T moved by `ms` (unchanged when it has neither or is not JSON). */
  private skew(text: string, ms: number): string {
    let json: { data?: Record<string, unknown> } & Record<string, unknown>;
    try {
      json = JSON.parse(text) as typeof json;
    } catch {
      return text;
    }
    if (json === null || typeof json !== "object") return text;
    const payload = json.data !== null && typeof json.data === "object" ? json.data : json;
    let changed = false;
    for (const field of ["E", "T"]) {
      const v = payload[field];
      if (typeof v === "number") {
        payload[field] = v + ms;
        if (!changed && Number.isNaN(this.stats.skewFirstEventMs)) this.stats.skewFirstEventMs = v + ms;
        changed = true;
      }
    }
    if (!changed) return text;
    this.stats.skewed++;
    return JSON.stringify(json);
  }

  private restart(downMs: number): void {
    this.down = true;
    this.stats.restarts++;
    this.stats.restartStartedMs = performance.now();
    this.note(`restart: every connection dropped, refusing new ones for ${downMs} ms`);
    this.dropAll();
    const refusedBefore = this.stats.refused;
    this.later(downMs, () => {
      if (this.stats.refused > refusedBefore) this.up();
      else this.upAfterRefusal = true; // no attempt yet: up after the first one is refused
    });
  }

  /** The end of a restart: connections are accepted again. */
  private up(): void {
    this.down = false;
    this.upAfterRefusal = false;
    this.stats.restartEndedMs = performance.now();
    this.stats.restartEndedFrame = this.stats.framesIn;
    this.note("restart over: accepting connections again");
  }

  /** Ends a link: both sockets dropped without a close handshake. */
  private drop(link: Link): void {
    if (link.closed) return;
    link.closed = true;
    this.links.delete(link);
    if (link.client !== null) this.stats.openConnections--;
    link.upstream.terminate();
    if (link.client !== null) link.client.terminate();
    else link.socket.destroy();
  }

  private dropAll(): void {
    for (const link of [...this.links]) this.drop(link);
    for (const a of this.aborts) a.abort();
    for (const s of this.sockets) s.destroy();
    this.stallQueue = this.stallQueue === null ? null : this.stallQueue.filter(([link]) => !link.closed);
  }

  // ── REST ───────────────────────────────────────────────────────────────────

  private async onRest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const n = ++this.stats.restRequests - (this.base?.rest ?? Infinity);
    const { restErrors, restDelay } = this.o;
    if (restErrors !== undefined && inRange(n, restErrors.fromRequest ?? 1, restErrors.count)) {
      this.stats.restFailed++;
      const status = restErrors.status ?? 503;
      this.note(`REST request ${n} answered HTTP ${status}`);
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify({ code: -1001, msg: "Internal error; unable to process your request. Please try your request again." }));
      return;
    }
    const abort = new AbortController();
    this.aborts.add(abort);
    try {
      const answer = await fetch(trimSlash(this.o.target.restUrl) + (req.url ?? "/"), { method: req.method, signal: abort.signal, headers: { accept: "application/json" } });
      const body = await answer.text();
      if (restDelay !== undefined && inRange(n, restDelay.fromRequest ?? 1, restDelay.count ?? Infinity)) {
        this.stats.restDelayed++;
        this.note(`REST request ${n} answered ${restDelay.ms} ms late`);
        await new Promise<void>((resolve) => {
          this.later(restDelay.ms, resolve);
          abort.signal.addEventListener("abort", () => resolve());
        });
      }
      if (abort.signal.aborted) throw new Error("dropped");
      res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json" });
      res.end(body);
    } catch {
      res.destroy();
    } finally {
      this.aborts.delete(abort);
    }
  }

  // ── housekeeping ───────────────────────────────────────────────────────────

  private later(ms: number, action: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.closed) action();
    }, ms);
    this.timers.add(t);
  }

  private note(what: string): void {
    this.events.push(`${Math.round(performance.now() - this.startMs)} ms: ${what}`);
  }

  private async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.stallQueue = null;
    this.dropAll();
    this.wss.close();
    await new Promise<void>((resolve) => {
      this.http.close(() => resolve());
      this.http.closeAllConnections();
    });
  }
}

/** A diff frame whose first level (bids, else asks) has the price "?" instead of a number; null when it has no level. */
function corruptFirstLevel(text: string): string | null {
  let json: { data?: { b?: unknown; a?: unknown }; b?: unknown; a?: unknown };
  try {
    json = JSON.parse(text) as typeof json;
  } catch {
    return null;
  }
  const d = json.data ?? json;
  const side = [d.b, d.a].find((levels): levels is unknown[][] => Array.isArray(levels) && levels.length > 0 && Array.isArray(levels[0]));
  if (side === undefined) return null;
  side[0][0] = "?";
  return JSON.stringify(json);
}

function inRange(n: number, from: number, count: number): boolean {
  return n >= from && n < from + count;
}

function rawText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString("utf8");
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  return Buffer.from(data).toString("utf8");
}

function trimSlash(url: string): string {
  return url.endsWith("/") ? url.slice(0, -1) : url;
}
