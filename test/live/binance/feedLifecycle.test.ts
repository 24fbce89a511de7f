import { createServer, type AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocketServer } from "ws";
import { ConfigError } from "../../../src/core/errors.ts";
import { Rng } from "../../../src/core/rng.ts";
import { BinanceFeed, type BinanceFeedOptions } from "../../../src/live/binance/binanceFeed.ts";
import type { FeedSink } from "../../../src/live/marketFeed.ts";
import { testClock, until } from "./feedHarness.ts";

/** A sink that records everything; `overrides` replace callbacks. */
function recordingSink(overrides: Partial<FeedSink> = {}): FeedSink & { seen: string[] } {
  const seen: string[] = [];
  return {
    seen,
    onMessage: (m) => seen.push(`message ${m.type}`),
    onMalformed: (detail) => seen.push(`malformed ${detail}`),
    onConnected: (reconnect) => seen.push(`connected ${reconnect}`),
    onDisconnected: (reason) => seen.push(`disconnected ${reason}`),
    onRoundTrip: () => {},
    log: (message) => seen.push(`log ${message}`),
    ...overrides,
  };
}

function options(overrides: Partial<BinanceFeedOptions>): BinanceFeedOptions {
  return {
    market: "spot",
    symbol: "BTCUSDT",
    nowNs: testClock(),
    rng: new Rng("lifecycle"),
    sink: recordingSink(),
    backoff: { initialMs: 20, maxMs: 100, factor: 2 },
    pingIntervalMs: 50,
    staleAfterMs: 2000,
    snapshotTimeoutMs: 500,
    ...overrides,
  };
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", () => resolve()));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

describe("BinanceFeed options", () => {
  it("fills in the live endpoints and defaults (nothing connects before start)", () => {
    expect(() => new BinanceFeed(options({}))).not.toThrow();
    expect(() => new BinanceFeed(options({ market: "usdm", snapshotLimit: 500 }))).not.toThrow();
  });

  it.each([
    [{ symbol: "BTC/USDT" }, /symbol/],
    [{ wsUrl: "https://example.invalid" }, /wsUrl/],
    [{ restUrl: "not a url" }, /restUrl/],
    [{ staleAfterMs: 0 }, /staleAfterMs/],
    [{ pingIntervalMs: NaN }, /pingIntervalMs/],
    [{ market: "usdm" as const, snapshotLimit: 5000 }, /snapshotLimit/],
    [{ backoff: { initialMs: 10, maxMs: 1, factor: 2 } }, /backoff\.maxMs/],
    [{ routes: [{ name: "a", path: "", streams: ["trade"] }] }, /exactly one connection must carry the depth stream/],
    [{ market: "coinm" as never }, /market/],
  ])("rejects %j with a ConfigError", (bad, field) => {
    expect(() => new BinanceFeed(options(bad as Partial<BinanceFeedOptions>))).toThrow(ConfigError);
    expect(() => new BinanceFeed(options(bad as Partial<BinanceFeedOptions>))).toThrow(field);
  });
});

describe("BinanceFeed lifecycle on 127.0.0.1", () => {
  let wss: WebSocketServer | undefined;
  let feed: BinanceFeed | undefined;

  afterEach(async () => {
    await feed?.stop();
    await new Promise<void>((resolve) => (wss ? wss.close(() => resolve()) : resolve()));
    feed = undefined;
    wss = undefined;
  });

  it("keeps retrying a server that refuses connections, and stops at once", async () => {
    const port = await freePort();
    const sink = recordingSink();
    feed = new BinanceFeed(options({ wsUrl: `ws://127.0.0.1:${port}`, restUrl: `http://127.0.0.1:${port}`, sink }));
    feed.requestSnapshot(); // before start: ignored
    feed.start();
    await until(() => sink.seen.filter((s) => s.startsWith("log market data: could not connect")).length >= 3, 3000, "three refused attempts");
    expect(sink.seen.some((s) => /^log market data: reconnecting in \d+ ms \(attempt 3\)$/.test(s))).toBe(true);
    expect(feed.stats).toMatchObject({ connected: false, reconnects: 0, messages: 0 });
    expect(sink.seen.filter((s) => s.startsWith("connected") || s.startsWith("disconnected"))).toEqual([]);
    await feed.stop();
    expect(() => feed?.start()).toThrow(/stopped/);
  });

  it("reports binary frames and messages the sink rejects as malformed; a throwing callback does not break the connection", async () => {
    wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
    await new Promise<void>((resolve) => wss?.once("listening", () => resolve()));
    const port = (wss.address() as AddressInfo).port;
    let serverPingAnswered = false;
    wss.on("connection", (ws) => {
      ws.on("pong", (data) => (serverPingAnswered = data.toString() === "are you there"));
      ws.ping("are you there");
      ws.send(Buffer.from([1, 2, 3]), { binary: true });
      ws.send('{"stream":"btcusdt@trade","data":{"e":"trade","E":1,"T":1,"p":"1","q":"1","m":true}}');
      ws.send('{"stream":"btcusdt@bookTicker","data":{"u":1,"b":"1","B":"1","a":"2","A":"1"}}');
    });
    const restPort = await freePort();
    const sink = recordingSink({
      onMessage(m) {
        if (m.type === "trade") throw new Error("bad trade");
        sink.seen.push(`message ${m.type}`);
      },
      onConnected() {
        throw new Error("session not ready");
      },
    });
    feed = new BinanceFeed(options({ wsUrl: `ws://127.0.0.1:${port}`, restUrl: `http://127.0.0.1:${restPort}`, sink }));
    feed.start();
    await until(() => feed?.stats.messages === 3, 3000, "three frames");
    expect(feed.stats.malformed).toBe(2);
    expect(sink.seen).toEqual(
      expect.arrayContaining([
        "malformed binary frame of 3 bytes (expected JSON text)",
        "malformed rejected by the consumer: bad trade",
        "message bookTicker",
        "log sink.onConnected threw: session not ready",
      ]),
    );
    expect(feed.stats.connected).toBe(true);
    await until(() => !Number.isNaN(feed?.stats.rttMs ?? NaN), 2000, "a round trip");
    await until(() => serverPingAnswered, 2000, "the server's ping to be answered");
  });
});
