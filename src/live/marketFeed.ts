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
  malformed: number;
  snapshots: number;
  reconnects: number;
  connected: boolean;
  /** Last ping → pong round trip, ms (NaN before the first). */
  rttMs: number;
}

/** Where a feed delivers. Every callback runs synchronously in the feed's I/O callbacks. */
export interface FeedSink {
  /** A parsed message (diff, trade, bookTicker or REST snapshot), `localNs` = receive time (epoch ns). */
  onMessage(message: CaptureMessage): void;
  /** A message that could not be parsed; counted and logged, never fatal. */
  onMalformed(detail: string, raw: string): void;
  /** The WebSocket is open (first connect or a reconnect). */
  onConnected(reconnect: boolean): void;
  /** The WebSocket closed or went stale; the local book can no longer be trusted until a new snapshot. */
  onDisconnected(reason: string): void;
  /** A round trip (ping → pong) of the connection was measured at local time `localNs` (epoch ns). */
  onRoundTrip(rttNs: number, localNs: bigint): void;
  /** A line for the session log (connects, backoff waits, snapshot fetches). */
  log(message: string): void;
}
