/**
 * Run as its own process by stopExits.test.ts: starts a feed on the replay server and one on a
 * closed port, stops both, closes the server, prints "stopped" and then must exit by itself —
 * proof that nothing (timer, socket, fetch) is left holding the event loop.
 */
import { createServer, type AddressInfo } from "node:net";
import { Rng } from "../../../src/core/rng.ts";
import { BinanceFeed } from "../../../src/live/binance/binanceFeed.ts";
import type { FeedSink } from "../../../src/live/marketFeed.ts";
import { startReplayServer } from "../../support/replayServer.ts";
import { testClock } from "./feedHarness.ts";

const quiet: FeedSink = { onMessage() {}, onMalformed() {}, onConnected() {}, onDisconnected() {}, onRoundTrip() {}, log() {} };
const timings = { backoff: { initialMs: 50, maxMs: 200, factor: 2 }, pingIntervalMs: 50, staleAfterMs: 1000, snapshotTimeoutMs: 1000 };

const server = await startReplayServer({ speed: 40, maxSeconds: 30 });
const live = new BinanceFeed({ market: "spot", symbol: "BTCUSDT", wsUrl: server.wsUrl, restUrl: server.restUrl, nowNs: testClock(), rng: new Rng("a"), sink: quiet, ...timings });
const port = await closedPort();
const dead = new BinanceFeed({
  market: "spot",
  symbol: "BTCUSDT",
  wsUrl: `ws://127.0.0.1:${port}`,
  restUrl: `http://127.0.0.1:${port}`,
  nowNs: testClock(),
  rng: new Rng("b"),
  sink: quiet,
  ...timings,
});
live.start();
dead.start();
const deadline = Date.now() + 8000;
while (!(live.stats.snapshots >= 1 && live.stats.messages > 1000 && !Number.isNaN(live.stats.rttMs))) {
  if (Date.now() > deadline) throw new Error(`no data: ${JSON.stringify(live.stats)}`);
  await new Promise((resolve) => setTimeout(resolve, 20));
}
// the dead feed is now waiting to reconnect or retrying its snapshot: stop must cancel both
dead.requestSnapshot();
await Promise.all([live.stop(), dead.stop()]);
await server.close();
console.log(`stopped ${JSON.stringify({ live: live.stats, dead: dead.stats })}`);

/** A port nothing listens on (bound once, then released). */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", () => resolve()));
  const p = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return p;
}
