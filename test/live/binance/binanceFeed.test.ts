import { afterEach, expect, it } from "vitest";
import { describeWithSharedData } from "../../support/sharedData.ts";
import { startReplayServer, type ReplayServer, type ReplayServerOptions } from "../../support/replayServer.ts";
import { drain, startHarness, until, type Harness } from "./feedHarness.ts";

// 40× the capture's pace: ~4 800 messages and ~60 bookTicker checks per second of wall time
const SPEED = 40;

describeWithSharedData("BinanceFeed against the replayed Binance spot capture", () => {
  let server: ReplayServer | undefined;
  let h: Harness | undefined;

  afterEach(async () => {
    await h?.feed.stop();
    await server?.close();
    h = undefined;
    server = undefined;
  });

  async function run(options: ReplayServerOptions, feedOverrides: Parameters<typeof startHarness>[1] = {}): Promise<{ server: ReplayServer; h: Harness }> {
    server = await startReplayServer({ speed: SPEED, ...options });
    h = startHarness(server, feedOverrides);
    return { server, h };
  }

  it("keeps the book in sync on a clean run: every frame arrives, every bookTicker check matches, no gap", async () => {
    // playback starts with the snapshot: every diff is applied, so the count of checks is the capture's
    const { server, h } = await run({ maxSeconds: 100, startOnSnapshot: true });
    await drain(server, h);
    const bbo = h.bbo();
    expect(bbo.checked).toBeGreaterThan(100);
    expect(bbo.matched).toBe(bbo.checked);
    expect(h.report.gaps).toEqual([]);
    expect(h.feed.stats).toMatchObject({ malformed: 0, reconnects: 0, snapshotErrors: 0, connected: true });
    expect(h.feed.stats.snapshots).toBeGreaterThanOrEqual(1);
    expect(h.feed.stats.messages).toBe(server.stats.framesSent + h.feed.stats.snapshots);
    expect(h.log.byType.diff).toBeGreaterThan(500);
    expect(h.log.byType.trade).toBeGreaterThan(500);
    expect(h.log.byType.bookTicker).toBeGreaterThan(5000);
    expect(h.log.localNsDecreases).toBe(0);
    expect(h.log.connected).toEqual([{ reconnect: false, link: { name: "market data", carriesDepth: true } }]);
    expect(h.feed.stats.rttMs).toBeGreaterThanOrEqual(0);
  });

  it("reconnects after the server drops the connection, fetches a new snapshot, and stays in sync", async () => {
    const { server, h } = await run({ maxSeconds: 120, dropConnectionAfterMessages: 3000 });
    await server.done;
    await until(() => h.feed.stats.connected, 2000, "the feed to be connected");
    expect(server.stats.dropped).toBe(1);
    expect(h.log.disconnected).toHaveLength(1);
    expect(h.log.disconnected[0].reason).toMatch(/closed by the server or the network \(code 1006/);
    expect(h.feed.stats.reconnects).toBeGreaterThanOrEqual(1);
    expect(h.log.connected.filter((c) => c.reconnect).length).toBe(h.feed.stats.reconnects);
    expect(h.feed.stats.snapshots).toBeGreaterThanOrEqual(2);
    const bbo = h.bbo();
    expect(h.log.checkedAtReconnect).toBeGreaterThanOrEqual(0);
    expect(bbo.checked - h.log.checkedAtReconnect).toBeGreaterThan(50);
    expect(bbo.matched).toBe(bbo.checked);
  });

  it("resyncs after a skipped diff: the gap is reported, a new snapshot is fetched, later checks match", async () => {
    const { server, h } = await run({ maxSeconds: 100, skipDiffAt: 150 });
    await drain(server, h);
    expect(h.report.gaps.length).toBeGreaterThanOrEqual(1);
    expect(h.report.gaps[0].detail).toMatch(/expected U=/);
    expect(h.feed.stats.snapshots).toBeGreaterThanOrEqual(2);
    const bbo = h.bbo();
    expect(bbo.checked - h.log.checkedAtGap).toBeGreaterThan(50);
    expect(bbo.matched).toBe(bbo.checked);
    expect(h.feed.stats.reconnects).toBe(0);
  });

  it("counts a garbage frame as malformed and goes on", async () => {
    const { server, h } = await run({ maxSeconds: 40, malformedAt: 400 });
    await drain(server, h);
    expect(h.feed.stats.malformed).toBe(1);
    expect(h.log.malformed).toHaveLength(1);
    expect(h.log.malformed[0].raw).toBe('{"stream":');
    expect(h.log.malformed[0].detail).toMatch(/invalid JSON/);
    expect(h.feed.stats.reconnects).toBe(0);
    expect(h.feed.stats.messages).toBe(server.stats.framesSent + h.feed.stats.snapshots);
    const bbo = h.bbo();
    expect(bbo.checked).toBeGreaterThan(20);
    expect(bbo.matched).toBe(bbo.checked);
  });

  it("measures the round trip: above the pong delay inside the window, back down after it", async () => {
    const delayMs = 300;
    const { server, h } = await run({ maxSeconds: 80, pongDelay: { fromMessage: 1500, toMessage: 4500, delayMs } }, { pingIntervalMs: 50 });
    await drain(server, h);
    const rtts = h.log.roundTrips;
    expect(Math.max(...rtts.map((r) => r.rttMs))).toBeGreaterThanOrEqual(delayMs);
    expect(rtts[rtts.length - 1].rttMs).toBeLessThan(delayMs);
    expect(h.feed.stats.rttMs).toBeLessThan(delayMs);
    expect(server.stats.pings).toBeGreaterThan(20);
  });

  it("treats a silent connection as stale: closes it, reconnects, and resyncs when data flows again", async () => {
    const { server, h } = await run({ maxSeconds: 60, stallAt: { message: 2000, ms: 1200 } }, { staleAfterMs: 300 });
    await server.done;
    await until(() => h.feed.stats.connected, 2000, "the feed to be connected");
    expect(h.log.disconnected.length).toBeGreaterThanOrEqual(1);
    expect(h.log.disconnected[0].reason).toMatch(/^market data: stale: no message for \d+ ms$/);
    expect(h.feed.stats.reconnects).toBeGreaterThanOrEqual(1);
    const bbo = h.bbo();
    expect(bbo.checked - h.log.checkedAtReconnect).toBeGreaterThan(20);
    expect(bbo.matched).toBe(bbo.checked);
  });

  it("retries failed snapshot requests with backoff", async () => {
    const { server, h } = await run({ maxSeconds: 40, restErrors: 2 });
    await drain(server, h);
    expect(h.feed.stats.snapshotErrors).toBe(2);
    expect(h.feed.stats.snapshots).toBe(1);
    expect(server.stats.restRequests).toBe(3);
    expect(h.log.lines.filter((l) => l.startsWith("depth snapshot failed (HTTP 503"))).toHaveLength(2);
    const bbo = h.bbo();
    expect(bbo.checked).toBeGreaterThan(20);
    expect(bbo.matched).toBe(bbo.checked);
  });

  it("syncs from the server's current book when playback starts mid-capture", async () => {
    const { server, h } = await run({ startAtSeconds: 200, maxSeconds: 40 });
    await drain(server, h);
    expect(h.report.gaps).toEqual([]);
    const bbo = h.bbo();
    expect(bbo.checked).toBeGreaterThan(20);
    expect(bbo.matched).toBe(bbo.checked);
  });

  it("reads trades and depth over two connections (USD-M style routes)", async () => {
    const routes = [
      { name: "public", path: "/public", streams: ["depth@100ms", "bookTicker"] },
      { name: "market", path: "/market", streams: ["trade"] },
    ];
    const { server, h } = await run({ maxSeconds: 40 }, { routes });
    await drain(server, h);
    expect(server.stats.connections).toBe(2);
    expect(h.log.connected.map((c) => c.link)).toEqual(
      expect.arrayContaining([
        { name: "public", carriesDepth: true },
        { name: "market", carriesDepth: false },
      ]),
    );
    expect(h.feed.stats.snapshots).toBe(1);
    expect(h.log.byType.trade).toBeGreaterThan(100);
    const bbo = h.bbo();
    expect(bbo.checked).toBeGreaterThan(20);
    expect(bbo.matched).toBe(bbo.checked);
  });
});
