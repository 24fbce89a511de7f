import type { CaptureMessage } from "../data/importers/binance/captureLine.ts";

/**
 * A live market-data connection, as the paper session sees it: it delivers raw exchange
 * messages stamped with their local receive time, fetches depth snapshots on request, and
 * reports its own health. Book synchronisation is NOT its job: the session feeds the messages
 * to the same converter the file importer uses (one implementation of the exchange's rules).
 */
export interface MarketFeed {
  /** Opens the connection (and keeps it open: reconnects with backoff until `stop`). */
  start(): void;
  /**
   * Fetches a fresh REST depth snapshot; it arrives through `onMessage` as a "snapshot" message.
   * Called after a gap; the feed also fetches one by itself after every (re)connect.
   */
  requestSnapshot(): void;
  /** Closes the connection and cancels timers; resolves when everything is closed. */
  stop(): Promise<void>;
  /** Counters since start. */
  readonly stats: FeedStats;
}

export interface FeedStats {
  /** Messages received on the WebSocket plus snapshots fetched (malformed ones included). */
  messages: number;
  /** Frames that could not be parsed, or that the sink's onMessage rejected by throwing. */
  malformed: number;
  snapshots: number;
  /** Failed snapshot fetch attempts (each is retried). */
  snapshotErrors: number;
  /** Times a connection opened again after having been open (every link of the feed counted). */
  reconnects: number;
  /** True while every connection of the feed is open. */
  connected: boolean;
  /** Last ping → pong round trip, ms (NaN before the first). */
  rttMs: number;
}

/**
 * One WebSocket connection of a feed. Binance spot serves every stream on one; USD-M futures need
 * two (depth and bookTicker on "/public", aggTrade on "/market").
 */
export interface FeedLink {
  name: string;
  /** This connection carries the depth diffs (its loss invalidates the book; the others' does not). */
  carriesDepth: boolean;
}

/**
 * Where a feed delivers. Every callback runs synchronously in the feed's I/O callbacks; an
 * exception thrown by one is caught by the feed (it must not tear down the connection) and
 * reported: from onMessage as a malformed message, from the others through `log`.
 */
export interface FeedSink {
  /** A parsed message (diff, trade, bookTicker or REST snapshot), `localNs` = receive time (epoch ns). */
  onMessage(message: CaptureMessage): void;
  /** A message that could not be parsed (or that onMessage rejected by throwing); counted, never fatal. */
  onMalformed(detail: string, raw: string): void;
  /** A WebSocket is open (first connect or a reconnect). */
  onConnected(reconnect: boolean, link: FeedLink): void;
  /**
   * A WebSocket closed or went stale. When `link.carriesDepth`, the local book can no longer be
   * trusted until a new snapshot (the feed fetches one when that link is open again).
   */
  onDisconnected(reason: string, link: FeedLink): void;
  /** A round trip (ping → pong) of the connection was measured at local time `localNs` (epoch ns). */
  onRoundTrip(rttNs: number, localNs: bigint): void;
  /** A line for the session log (connects, backoff waits, snapshot fetches). */
  log(message: string): void;
}
