import { createReadStream } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { createInterface } from "node:readline";
import { createGunzip } from "node:zlib";
import { WebSocket, WebSocketServer } from "ws";
import { sample } from "./sharedData.ts";

/**
 * A stand-in for Binance's public market data on 127.0.0.1, for tests: it plays a recorded raw
 * capture (`<local_receive_time_ns> <raw JSON>` lines, gzip) as combined-stream WebSocket frames
 * and serves REST depth snapshots of the book as it stands at that moment.
 *
 * - WebSocket: any path ending in `/stream` (so `/public/stream`, `/market/stream` too), with
 *   `?streams=a/b/c`; each client receives the recorded frames of the streams it asked for,
 *   byte for byte as they were captured.
 * - REST: `GET /api/v3/depth?symbol=…&limit=…` → the CURRENT book: the capture's snapshot with
 *   every diff played so far applied (skipped diffs included), top `limit` levels per side as
 *   decimal strings, `lastUpdateId` = the `u` of the last diff played. A client can (re)sync at
 *   any moment, as with the live exchange.
 * - One schedule for all clients, started by the first WebSocket connection: playback begins at
 *   the first diff after the capture's snapshot (u > lastUpdateId) and keeps the capture's pace,
 *   `speed` times faster. A client that reconnects continues at the current position. It does not
 *   loop: `done` resolves at the end of the window.
 * - Message positions (`…At`, `…AfterMessages`) count played capture messages from 1.
 */
export interface ReplayServerOptions {
  /** Capture files played as one stream (default: the two Binance spot BTCUSDT samples). */
  files?: string[];
  /** Playback speed relative to the capture's pace (default 1). */
  speed?: number;
  /** Capture seconds (from the first playable diff) applied to the book silently before playback starts (default 0). */
  startAtSeconds?: number;
  /** Capture seconds to play (default: to the end of the files). */
  maxSeconds?: number;
  /** After the n-th message, every connected client socket is dropped (once; no close handshake, like a network failure). */
  dropConnectionAfterMessages?: number;
  /** The n-th depth diff is applied to the server's book but not sent: clients see a sequence gap. */
  skipDiffAt?: number;
  /** Pings received while the play position is in [fromMessage, toMessage] are answered after delayMs; others at once. */
  pongDelay?: { fromMessage: number; toMessage: number; delayMs: number };
  /** A garbage text frame `{"stream":` is sent before the n-th message. */
  malformedAt?: number;
  /** Before the n-th message, playback stops for `ms` of wall time (nothing is sent: clients go stale). */
  stallAt?: { message: number; ms: number };
  /** The first n depth requests are answered HTTP 503. */
  restErrors?: number;
  /**
   * Playback begins when the first REST depth snapshot is served, not at the first WebSocket
   * connection: a feed then syncs at the first diff and sees every one after it, however long its
   * snapshot request took (a test that counts checks then does not depend on the machine's speed).
   */
  startOnSnapshot?: boolean;
}

export interface ReplayStats {
  /** Capture messages played so far (sent or skipped). */
  position: number;
  diffsPlayed: number;
  /** Frames sent, over all clients (garbage frames included). */
  framesSent: number;
  /** WebSocket connections accepted, and how many are open now. */
  connections: number;
  openConnections: number;
  /** Client sockets dropped by dropConnectionAfterMessages. */
  dropped: number;
  restRequests: number;
  /** Snapshots served (HTTP 200). */
  snapshotsServed: number;
  pings: number;
  /** The server book's update id: the u of the last diff played (the snapshot's before that). */
  lastUpdateId: number;
  finished: boolean;
}

export interface ReplayServer {
  /** `ws://127.0.0.1:<port>` (feeds append `/stream?streams=…`). */
  wsUrl: string;
  /** `http://127.0.0.1:<port>`. */
  restUrl: string;
  readonly stats: ReplayStats;
  /** Resolves when playback has played its last message (or the server was closed). */
  done: Promise<void>;
  /** Stops playback, drops every client and closes the listening socket. */
  close(): Promise<void>;
}

/** The Binance spot BTCUSDT capture, in playing order. */
export const SPOT_CAPTURE_FILES = [sample("binance-spot-btcusdt/btcusdt_20240808.gz"), sample("binance-spot-btcusdt/btcusdt_20240809.gz")];

type Level = [string, string];

/** One capture line, as the server needs it. */
interface Recorded {
  localNs: bigint;
  /** The raw JSON, sent as is. */
  text: string;
  stream: string;
  kind: "snapshot" | "diff" | "other";
  /** Diffs: last update id and levels; the snapshot: its lastUpdateId and levels. */
  u: number;
  bids: Level[];
  asks: Level[];
}

/** Starts a replay server on 127.0.0.1 (a free port). */
export async function startReplayServer(options: ReplayServerOptions = {}): Promise<ReplayServer> {
  const speed = options.speed ?? 1;
  if (!(speed > 0)) throw new RangeError(`speed must be positive, got ${speed}`);
  const startAtSeconds = options.startAtSeconds ?? 0;
  const windowSeconds = startAtSeconds + (options.maxSeconds ?? Infinity);
  const capture = await loadCapture(options.files ?? SPOT_CAPTURE_FILES, windowSeconds);
  const plan = planPlayback(capture, startAtSeconds, windowSeconds);
  const book = new ReplayBook(plan.snapshot);
  for (const r of plan.silent) book.apply(r);
  return listen(new Playback(capture, plan, book, speed, options));
}

/** What to play: the snapshot, the diffs applied before playback, and the played range [from, to). */
interface PlaybackPlan {
  snapshot: Recorded;
  silent: Recorded[];
  from: number;
  to: number;
  symbol: string;
}

function planPlayback(capture: Recorded[], startAtSeconds: number, windowSeconds: number): PlaybackPlan {
  const snapshot = capture.find((r) => r.kind === "snapshot");
  if (snapshot === undefined) throw new Error("replay server: the capture has no REST depth snapshot line");
  const first = capture.findIndex((r) => r.kind === "diff" && r.u > snapshot.u);
  if (first < 0) throw new Error("replay server: no depth diff after the capture's snapshot");
  const originNs = capture[first].localNs;
  const startNs = originNs + BigInt(Math.round(startAtSeconds * 1e9));
  const silent: Recorded[] = [];
  let from = first;
  while (from < capture.length && capture[from].localNs < startNs) {
    if (capture[from].kind === "diff") silent.push(capture[from]);
    from++;
  }
  let to = from;
  const endNs = Number.isFinite(windowSeconds) ? originNs + BigInt(Math.round(windowSeconds * 1e9)) : null;
  while (to < capture.length && (endNs === null || capture[to].localNs <= endNs)) to++;
  const symbol = symbolOf(capture);
  return { snapshot, silent, from, to, symbol };
}

/** The shared schedule, the clients, the fault injection and the HTTP/WebSocket handlers. */
class Playback {
  readonly stats: ReplayStats;
  readonly done: Promise<void>;
  private finishDone!: () => void;
  private readonly clients = new Map<WebSocket, Set<string>>();
  private readonly pongTimers = new Set<NodeJS.Timeout>();
  private timer: NodeJS.Timeout | null = null;
  private next: number;
  private originMs = 0;
  private started = false;
  private closed = false;
  private stalled = false;
  private restErrorsSent = 0;

  constructor(
    private readonly capture: Recorded[],
    private readonly plan: PlaybackPlan,
    private readonly book: ReplayBook,
    private readonly speed: number,
    private readonly o: ReplayServerOptions,
  ) {
    this.next = plan.from;
    this.stats = {
      position: 0,
      diffsPlayed: 0,
      framesSent: 0,
      connections: 0,
      openConnections: 0,
      dropped: 0,
      restRequests: 0,
      snapshotsServed: 0,
      pings: 0,
      lastUpdateId: book.lastUpdateId,
      finished: false,
    };
    this.done = new Promise((resolve) => (this.finishDone = resolve));
  }

  /** A WebSocket client connected, asking for the streams in its URL. */
  onClient(ws: WebSocket, req: IncomingMessage): void {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const streams = new Set((url.searchParams.get("streams") ?? "").split("/").filter((s) => s !== ""));
    this.clients.set(ws, streams);
    this.stats.connections++;
    this.stats.openConnections++;
    ws.on("ping", (data) => this.onPing(ws, data));
    ws.on("error", () => {});
    ws.on("close", () => {
      if (this.clients.delete(ws)) this.stats.openConnections--;
    });
    if (!this.started && this.o.startOnSnapshot !== true) this.startPlaying();
  }

  /** GET /api/v3/depth: the current book. */
  onRest(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (req.method !== "GET" || url.pathname !== "/api/v3/depth") return reply(res, 404, { code: -1, msg: "Not found." });
    this.stats.restRequests++;
    if (this.restErrorsSent < (this.o.restErrors ?? 0)) {
      this.restErrorsSent++;
      return reply(res, 503, { code: -1001, msg: "Internal error; unable to process your request. Please try your request again." });
    }
    if ((url.searchParams.get("symbol") ?? "").toUpperCase() !== this.plan.symbol) return reply(res, 400, { code: -1121, msg: "Invalid symbol." });
    const limit = Number(url.searchParams.get("limit") ?? "100");
    if (!Number.isInteger(limit) || limit < 1 || limit > 5000) return reply(res, 400, { code: -1100, msg: "Illegal characters found in parameter 'limit'." });
    this.stats.snapshotsServed++;
    reply(res, 200, this.book.top(limit));
    if (!this.started && this.o.startOnSnapshot === true) this.startPlaying();
  }

  /** Stops playback and drops every client. */
  close(): void {
    this.closed = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    for (const t of this.pongTimers) clearTimeout(t);
    this.pongTimers.clear();
    for (const ws of this.clients.keys()) ws.terminate();
    this.finishDone();
  }

  private startPlaying(): void {
    this.started = true;
    this.originMs = performance.now();
    this.tick();
  }

  /** Plays every message that is due, then sleeps until the next one. */
  private tick(): void {
    this.timer = null;
    if (this.closed) return;
    const { to } = this.plan;
    const baseNs = this.capture[this.plan.from]?.localNs ?? 0n;
    const elapsedMs = performance.now() - this.originMs;
    let dueMs = 0;
    while (this.next < to) {
      dueMs = Number(this.capture[this.next].localNs - baseNs) / 1e6 / this.speed;
      if (dueMs > elapsedMs) break;
      const stall = this.o.stallAt;
      if (stall !== undefined && !this.stalled && this.stats.position + 1 === stall.message) {
        this.stalled = true;
        this.originMs += stall.ms;
        this.timer = setTimeout(() => this.tick(), stall.ms);
        return;
      }
      this.play(this.capture[this.next++]);
    }
    if (this.next >= to) {
      this.stats.finished = true;
      this.finishDone();
      return;
    }
    this.timer = setTimeout(() => this.tick(), Math.max(0, dueMs - elapsedMs));
  }

  private play(r: Recorded): void {
    const position = ++this.stats.position;
    if (this.o.malformedAt === position) this.broadcast('{"stream":', null);
    let send = r.kind !== "snapshot";
    if (r.kind === "diff") {
      this.book.apply(r);
      this.stats.lastUpdateId = this.book.lastUpdateId;
      if (++this.stats.diffsPlayed === this.o.skipDiffAt) send = false;
    }
    if (send) this.broadcast(r.text, r.stream);
    if (this.o.dropConnectionAfterMessages === position) {
      for (const ws of this.clients.keys()) ws.terminate();
      this.stats.dropped += this.clients.size;
    }
  }

  /** Sends a frame to every open client that asked for `stream` (null: to all). */
  private broadcast(text: string, stream: string | null): void {
    for (const [ws, streams] of this.clients) {
      if (ws.readyState !== WebSocket.OPEN || (stream !== null && !streams.has(stream))) continue;
      ws.send(text);
      this.stats.framesSent++;
    }
  }

  private onPing(ws: WebSocket, data: Buffer): void {
    this.stats.pings++;
    const delay = this.o.pongDelay;
    const p = this.stats.position;
    const delayMs = delay !== undefined && p >= delay.fromMessage && p <= delay.toMessage ? delay.delayMs : 0;
    if (delayMs <= 0) return ws.pong(data);
    const t = setTimeout(() => {
      this.pongTimers.delete(t);
      if (ws.readyState === WebSocket.OPEN) ws.pong(data);
    }, delayMs);
    this.pongTimers.add(t);
  }
}

/** Binds the playback to an HTTP server with a WebSocket upgrade on 127.0.0.1. */
async function listen(playback: Playback): Promise<ReplayServer> {
  // autoPong off: pongs are answered by the playback, which may delay them
  const wss = new WebSocketServer({ noServer: true, autoPong: false, perMessageDeflate: false });
  const http = createServer((req, res) => playback.onRest(req, res));
  http.on("upgrade", (req, socket, head) => {
    const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
    if (!path.endsWith("/stream")) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => playback.onClient(ws, req));
  });
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  let closing: Promise<void> | null = null;
  return {
    wsUrl: `ws://127.0.0.1:${port}`,
    restUrl: `http://127.0.0.1:${port}`,
    stats: playback.stats,
    done: playback.done,
    close(): Promise<void> {
      closing ??= new Promise<void>((resolve) => {
        playback.close();
        wss.close();
        http.close(() => resolve());
        http.closeAllConnections();
      });
      return closing;
    },
  };
}

/** The server's order book: price string → quantity string per side, as Binance sends them. */
class ReplayBook {
  lastUpdateId: number;
  private readonly bids = new Map<string, string>();
  private readonly asks = new Map<string, string>();

  constructor(snapshot: Recorded) {
    this.lastUpdateId = snapshot.u;
    for (const [p, q] of snapshot.bids) this.bids.set(p, q);
    for (const [p, q] of snapshot.asks) this.asks.set(p, q);
  }

  /** Applies a diff (absolute quantities; "0" deletes the level). */
  apply(diff: Recorded): void {
    setLevels(this.bids, diff.bids);
    setLevels(this.asks, diff.asks);
    this.lastUpdateId = diff.u;
  }

  /** A REST depth snapshot of the best `limit` levels per side. */
  top(limit: number): { lastUpdateId: number; bids: Level[]; asks: Level[] } {
    return { lastUpdateId: this.lastUpdateId, bids: best(this.bids, limit, -1), asks: best(this.asks, limit, 1) };
  }
}

function setLevels(side: Map<string, string>, levels: Level[]): void {
  for (const [p, q] of levels) {
    if (Number(q) === 0) side.delete(p);
    else side.set(p, q);
  }
}

/** The best `limit` levels of a side: ascending prices for `order` 1 (asks), descending for −1 (bids). */
function best(side: Map<string, string>, limit: number, order: 1 | -1): Level[] {
  const prices = [...side.keys()].sort((a, b) => order * (Number(a) - Number(b)));
  return prices.slice(0, limit).map((p) => [p, side.get(p) as string]);
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

function symbolOf(capture: Recorded[]): string {
  for (const r of capture) {
    const at = r.stream.indexOf("@");
    if (at > 0) return r.stream.slice(0, at).toUpperCase();
  }
  throw new Error("replay server: no stream name in the capture");
}

/** Parsed captures by file list and window: tests start many servers on the same data. */
const cache = new Map<string, Promise<Recorded[]>>();

/** The capture's lines up to `windowSeconds` (plus a margin) after its first line. */
function loadCapture(files: string[], windowSeconds: number): Promise<Recorded[]> {
  const key = `${files.join("\n")}\n${windowSeconds}`;
  let loaded = cache.get(key);
  if (loaded === undefined) {
    loaded = readCapture(files, windowSeconds);
    cache.set(key, loaded);
  }
  return loaded;
}

async function readCapture(files: string[], windowSeconds: number): Promise<Recorded[]> {
  const out: Recorded[] = [];
  // a margin for the lines before the first playable diff
  const limitNs = Number.isFinite(windowSeconds) ? BigInt(Math.round((windowSeconds + 10) * 1e9)) : null;
  let firstNs: bigint | null = null;
  for (const file of files) {
    const raw = createReadStream(file);
    const lines = createInterface({ input: raw.pipe(createGunzip()), crlfDelay: Infinity });
    try {
      for await (const line of lines) {
        const r = parseRecorded(line);
        if (r === null) continue;
        firstNs ??= r.localNs;
        if (limitNs !== null && r.localNs - firstNs > limitNs) return out;
        out.push(r);
      }
    } finally {
      lines.close();
      raw.destroy();
    }
  }
  return out;
}

function parseRecorded(line: string): Recorded | null {
  const space = line.indexOf(" ");
  if (space < 0) return null;
  const text = line.slice(space + 1);
  const json = JSON.parse(text) as { stream?: string; data?: Record<string, unknown>; lastUpdateId?: number; bids?: Level[]; asks?: Level[] };
  const localNs = BigInt(line.slice(0, space));
  if (json.lastUpdateId !== undefined) {
    return { localNs, text, stream: "", kind: "snapshot", u: json.lastUpdateId, bids: json.bids ?? [], asks: json.asks ?? [] };
  }
  const data = json.data ?? {};
  const stream = json.stream ?? "";
  if (data.e === "depthUpdate") return { localNs, text, stream, kind: "diff", u: data.u as number, bids: data.b as Level[], asks: data.a as Level[] };
  return { localNs, text, stream, kind: "other", u: 0, bids: [], asks: [] };
}
