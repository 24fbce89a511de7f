import { ConfigError } from "../../core/errors.ts";
import type { Rng } from "../../core/rng.ts";
import type { CaptureMessage } from "../../data/importers/binance/captureLine.ts";
import type { FeedLink, FeedSink, FeedStats, MarketFeed } from "../marketFeed.ts";
import { checkBackoffOptions, type BackoffOptions } from "./backoff.ts";
import {
  BINANCE_ENDPOINTS,
  carriesDepth,
  combinedStreamUrl,
  defaultRoutes,
  depthSnapshotUrl,
  type BinanceMarket,
  type StreamRoute,
} from "./endpoints.ts";
import { parseFrame } from "./frame.ts";
import { SnapshotFetcher } from "./snapshotFetcher.ts";
import { StreamLink } from "./streamLink.ts";

export interface BinanceFeedOptions {
  market: BinanceMarket;
  /** "BTCUSDT" (any case). */
  symbol: string;
  /** Wall clock, epoch ns: the only time source the feed reads (receive stamps, stale checks, RTTs). */
  nowNs: () => bigint;
  /** Randomness for the backoff jitter; each connection and the snapshot fetcher fork their own stream. */
  rng: Rng;
  sink: FeedSink;
  /** Default: BINANCE_ENDPOINTS[market].wsUrl. */
  wsUrl?: string;
  /** Default: BINANCE_ENDPOINTS[market].restUrl. */
  restUrl?: string;
  /** Depth diff stream name without the symbol (default "depth@100ms"). */
  depthStream?: string;
  /** The connections and their streams (default: defaultRoutes(market, depthStream)); exactly one carries depth. */
  routes?: StreamRoute[];
  /** Reconnect and snapshot-retry waits (default 500 ms doubling up to 30 s, full jitter). */
  backoff?: BackoffOptions;
  /** A connection open this long resets the reconnect backoff (default 30 000 ms). */
  stableAfterMs?: number;
  /** Ping period of every connection (default 10 000 ms; Binance allows 5 incoming frames a second on spot). */
  pingIntervalMs?: number;
  /** No message for this long on a connection → it is closed and reopened (default 10 000 ms). */
  staleAfterMs?: number;
  /** Depth levels per side in a REST snapshot (default 1000). */
  snapshotLimit?: number;
  /** Minimum time between two snapshot fetches (default 1000 ms; a 1000-level spot snapshot weighs 50 of 6000 a minute). */
  minSnapshotIntervalMs?: number;
  /** A snapshot fetch taking longer is aborted and retried (default 10 000 ms). */
  snapshotTimeoutMs?: number;
  /** `stop` waits this long for the server's close frame before dropping a socket (default 1000 ms). */
  closeGraceMs?: number;
}

/** The defaults of the optional settings. */
export const FEED_DEFAULTS = {
  depthStream: "depth@100ms",
  backoff: { initialMs: 500, maxMs: 30_000, factor: 2 } as BackoffOptions,
  stableAfterMs: 30_000,
  pingIntervalMs: 10_000,
  staleAfterMs: 10_000,
  snapshotLimit: 1000,
  minSnapshotIntervalMs: 1000,
  snapshotTimeoutMs: 10_000,
  closeGraceMs: 1000,
} as const;

/**
 * Binance public market data for one symbol: the combined streams of `routes` (depth diffs,
 * trades, bookTicker) on WebSockets that reconnect by themselves, plus REST depth snapshots —
 * one after every (re)connect of the depth connection and one per `requestSnapshot()`. Every
 * frame goes to the sink as the capture importer would read it, stamped with `nowNs()` at receipt;
 * book synchronisation is the sink's business. No API key: it sends only pings.
 */
export class BinanceFeed implements MarketFeed {
  readonly stats: FeedStats = { messages: 0, malformed: 0, snapshots: 0, snapshotErrors: 0, reconnects: 0, connected: false, rttMs: NaN };
  private readonly links: StreamLink[] = [];
  private readonly snapshots: SnapshotFetcher;
  private readonly sink: FeedSink;
  private started = false;
  private stopping: Promise<void> | null = null;

  constructor(options: BinanceFeedOptions) {
    const o = resolveOptions(options);
    this.sink = options.sink;
    const routes = options.routes ?? defaultRoutes(o.market, o.depthStream);
    for (const route of routes) {
      const link: FeedLink = { name: route.name, carriesDepth: carriesDepth(route) };
      this.links.push(
        new StreamLink({
          name: route.name,
          url: combinedStreamUrl(o.wsUrl, route, o.symbol),
          nowNs: o.nowNs,
          rng: o.rng.fork(`ws:${route.name}`),
          backoff: o.backoff,
          stableAfterMs: o.stableAfterMs,
          pingIntervalMs: o.pingIntervalMs,
          staleAfterMs: o.staleAfterMs,
          closeGraceMs: o.closeGraceMs,
          events: {
            opened: (reconnect) => this.onOpened(link, reconnect),
            text: (text, localNs) => this.onText(text, localNs),
            binary: (bytes) => {
              this.stats.messages++;
              this.malformed(`binary frame of ${bytes} bytes (expected JSON text)`, "");
            },
            closed: (reason) => this.onClosed(link, reason),
            roundTrip: (rttNs, localNs) => this.onRoundTrip(rttNs, localNs),
            log: (message) => this.log(message),
          },
        }),
      );
    }
    this.snapshots = new SnapshotFetcher({
      url: depthSnapshotUrl(o.market, o.restUrl, o.symbol, o.snapshotLimit),
      nowNs: o.nowNs,
      rng: o.rng.fork("snapshot"),
      backoff: o.backoff,
      minIntervalMs: o.minSnapshotIntervalMs,
      timeoutMs: o.snapshotTimeoutMs,
      onSnapshot: (message) => this.onSnapshot(message),
      onError: () => this.stats.snapshotErrors++,
      log: (message) => this.log(message),
    });
  }

  /** Opens every connection; the depth connection's first open fetches the first snapshot. */
  start(): void {
    if (this.stopping !== null) throw new Error("BinanceFeed: a stopped feed cannot start again");
    if (this.started) return;
    this.started = true;
    for (const link of this.links) link.start();
  }

  /** Fetches a fresh depth snapshot (joins one already pending); ignored before start and after stop. */
  requestSnapshot(): void {
    if (!this.started || this.stopping !== null) return;
    this.snapshots.request();
  }

  /** Closes every connection, aborts a pending snapshot and cancels all timers; resolves when all is closed. */
  stop(): Promise<void> {
    if (this.stopping === null) {
      this.stopping = Promise.all([...this.links.map((l) => l.stop()), this.snapshots.stop()]).then(() => {
        this.stats.connected = false;
      });
    }
    return this.stopping;
  }

  private onOpened(link: FeedLink, reconnect: boolean): void {
    if (reconnect) this.stats.reconnects++;
    this.stats.connected = this.links.every((l) => l.isOpen);
    this.guard("onConnected", () => this.sink.onConnected(reconnect, link));
    // diffs are flowing again: the book needs a snapshot taken after they started
    if (link.carriesDepth) this.requestSnapshot();
  }

  private onClosed(link: FeedLink, reason: string): void {
    this.stats.connected = false;
    this.guard("onDisconnected", () => this.sink.onDisconnected(`${link.name}: ${reason}`, link));
  }

  private onText(text: string, localNs: bigint): void {
    this.stats.messages++;
    const parsed = parseFrame(text, localNs);
    if ("malformed" in parsed) this.malformed(parsed.malformed, text);
    else this.deliver(parsed.message, text);
  }

  private onSnapshot(message: CaptureMessage): void {
    this.stats.messages++;
    this.stats.snapshots++;
    this.log(`depth snapshot lastUpdateId=${message.data.lastUpdateId}`);
    this.deliver(message, "(REST depth snapshot)");
  }

  private deliver(message: CaptureMessage, raw: string): void {
    try {
      this.sink.onMessage(message);
    } catch (e) {
      this.stats.malformed++;
      this.guard("onMalformed", () => this.sink.onMalformed(`rejected by the consumer: ${errorText(e)}`, raw));
    }
  }

  private malformed(detail: string, raw: string): void {
    this.stats.malformed++;
    this.guard("onMalformed", () => this.sink.onMalformed(detail, raw));
  }

  private onRoundTrip(rttNs: number, localNs: bigint): void {
    this.stats.rttMs = rttNs / 1e6;
    this.guard("onRoundTrip", () => this.sink.onRoundTrip(rttNs, localNs));
  }

  private log(message: string): void {
    try {
      this.sink.log(message);
    } catch {
      // nowhere left to report it; the connection matters more than the log line
    }
  }

  /** Runs a sink callback; an exception must not escape into the socket's event handlers. */
  private guard(name: string, call: () => void): void {
    try {
      call();
    } catch (e) {
      this.log(`sink.${name} threw: ${errorText(e)}`);
    }
  }
}

type ResolvedOptions = Required<Omit<BinanceFeedOptions, "routes" | "sink">>;

/** The options with defaults filled in; throws ConfigError naming the first invalid one. */
function resolveOptions(options: BinanceFeedOptions): ResolvedOptions {
  const market = options.market;
  const endpoints = BINANCE_ENDPOINTS[market];
  if (endpoints === undefined) throw new ConfigError("market", market, `must be one of ${Object.keys(BINANCE_ENDPOINTS).join(", ")}`);
  const o: ResolvedOptions = {
    market,
    symbol: options.symbol,
    nowNs: options.nowNs,
    rng: options.rng,
    wsUrl: options.wsUrl ?? endpoints.wsUrl,
    restUrl: options.restUrl ?? endpoints.restUrl,
    depthStream: options.depthStream ?? FEED_DEFAULTS.depthStream,
    backoff: options.backoff ?? FEED_DEFAULTS.backoff,
    stableAfterMs: options.stableAfterMs ?? FEED_DEFAULTS.stableAfterMs,
    pingIntervalMs: options.pingIntervalMs ?? FEED_DEFAULTS.pingIntervalMs,
    staleAfterMs: options.staleAfterMs ?? FEED_DEFAULTS.staleAfterMs,
    snapshotLimit: options.snapshotLimit ?? FEED_DEFAULTS.snapshotLimit,
    minSnapshotIntervalMs: options.minSnapshotIntervalMs ?? FEED_DEFAULTS.minSnapshotIntervalMs,
    snapshotTimeoutMs: options.snapshotTimeoutMs ?? FEED_DEFAULTS.snapshotTimeoutMs,
    closeGraceMs: options.closeGraceMs ?? FEED_DEFAULTS.closeGraceMs,
  };
  if (!/^[A-Za-z0-9]+$/.test(o.symbol)) throw new ConfigError("symbol", o.symbol, "must be letters and digits, e.g. BTCUSDT");
  for (const field of ["wsUrl", "restUrl"] as const) checkUrl(field, o[field], field === "wsUrl" ? ["ws:", "wss:"] : ["http:", "https:"]);
  checkBackoffOptions(o.backoff);
  for (const field of ["stableAfterMs", "pingIntervalMs", "staleAfterMs", "snapshotTimeoutMs", "closeGraceMs"] as const) {
    if (!(Number.isFinite(o[field]) && o[field] > 0)) throw new ConfigError(field, o[field], "must be a positive number of ms");
  }
  if (!(Number.isFinite(o.minSnapshotIntervalMs) && o.minSnapshotIntervalMs >= 0)) {
    throw new ConfigError("minSnapshotIntervalMs", o.minSnapshotIntervalMs, "must be a number of ms ≥ 0");
  }
  if (!endpoints.depthLimitOk(o.snapshotLimit)) throw new ConfigError("snapshotLimit", o.snapshotLimit, `must be ${endpoints.depthLimitRule} on ${market}`);
  checkRoutes(options.routes ?? defaultRoutes(market, o.depthStream));
  return o;
}

function checkUrl(field: string, value: string, protocols: string[]): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(field, value, "must be an absolute URL");
  }
  if (!protocols.includes(url.protocol)) throw new ConfigError(field, value, `must use ${protocols.join(" or ")}`);
}

function checkRoutes(routes: StreamRoute[]): void {
  if (routes.length === 0) throw new ConfigError("routes", routes, "must name at least one connection");
  const depth = routes.filter(carriesDepth).length;
  if (depth !== 1) throw new ConfigError("routes", routes.map((r) => r.streams), `exactly one connection must carry the depth stream, found ${depth}`);
  const names = new Set(routes.map((r) => r.name));
  if (names.size !== routes.length) throw new ConfigError("routes", [...routes.map((r) => r.name)], "connection names must differ");
  for (const r of routes) if (r.streams.length === 0) throw new ConfigError(`routes.${r.name}.streams`, r.streams, "must not be empty");
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
