import { afterEach, expect, it } from "vitest";
import WebSocket from "ws";
import { describeWithSharedData } from "../../support/sharedData.ts";
import { startReplayServer, type ReplayServer } from "../../support/replayServer.ts";

// the capture's REST snapshot line
const CAPTURE_SNAPSHOT_ID = 50093239218;

describeWithSharedData("replay server", () => {
  let server: ReplayServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("serves the capture's snapshot as the book before playback, sorted, with Binance's decimal strings", async () => {
    server = await startReplayServer({ maxSeconds: 5 });
    const res = await fetch(`${server.restUrl}/api/v3/depth?symbol=btcusdt&limit=1000`);
    expect(res.status).toBe(200);
    const book = (await res.json()) as { lastUpdateId: number; bids: [string, string][]; asks: [string, string][] };
    expect(book.lastUpdateId).toBe(CAPTURE_SNAPSHOT_ID);
    expect(book.bids).toHaveLength(1000);
    expect(book.asks).toHaveLength(1000);
    expect(book.bids[0]).toEqual(["61837.63000000", "3.78826000"]);
    const bidPrices = book.bids.map(([p]) => Number(p));
    const askPrices = book.asks.map(([p]) => Number(p));
    expect(bidPrices.every((p, i) => i === 0 || p < bidPrices[i - 1])).toBe(true);
    expect(askPrices.every((p, i) => i === 0 || p > askPrices[i - 1])).toBe(true);
    expect(bidPrices[0]).toBeLessThan(askPrices[0]);
    const top5 = (await (await fetch(`${server.restUrl}/api/v3/depth?symbol=BTCUSDT&limit=5`)).json()) as { bids: unknown[] };
    expect(top5.bids).toHaveLength(5);
  });

  it("answers bad requests as Binance would, and refuses WebSocket paths other than …/stream", async () => {
    server = await startReplayServer({ maxSeconds: 5 });
    expect((await fetch(`${server.restUrl}/api/v3/depth?symbol=ETHUSDT`)).status).toBe(400);
    expect((await fetch(`${server.restUrl}/api/v3/depth?symbol=BTCUSDT&limit=0`)).status).toBe(400);
    expect((await fetch(`${server.restUrl}/api/v3/ticker`)).status).toBe(404);
    const refused = await new Promise<boolean>((resolve) => {
      const ws = new WebSocket(`${server?.wsUrl}/ws/btcusdt@trade`);
      ws.on("error", () => resolve(true));
      ws.on("open", () => resolve(false));
    });
    expect(refused).toBe(true);
  });

  it("plays from the first diff after the snapshot, only the streams asked for, and advances its book", async () => {
    server = await startReplayServer({ speed: 50, maxSeconds: 20 });
    const frames: { stream: string; data: { e?: string; U?: number; u?: number } }[] = [];
    const ws = new WebSocket(`${server.wsUrl}/stream?streams=btcusdt@depth@100ms/btcusdt@trade`);
    ws.on("message", (d) => frames.push(JSON.parse(d.toString())));
    await server.done;
    await new Promise((resolve) => setTimeout(resolve, 100));
    ws.close();
    const diffs = frames.filter((f) => f.stream === "btcusdt@depth@100ms");
    expect(new Set(frames.map((f) => f.stream))).toEqual(new Set(["btcusdt@depth@100ms", "btcusdt@trade"]));
    expect(diffs[0].data.U).toBeLessThanOrEqual(CAPTURE_SNAPSHOT_ID + 1);
    expect(diffs[0].data.u).toBeGreaterThanOrEqual(CAPTURE_SNAPSHOT_ID + 1);
    expect(diffs.every((f, i) => i === 0 || f.data.U === (diffs[i - 1].data.u as number) + 1)).toBe(true);
    expect(server.stats.diffsPlayed).toBe(diffs.length);
    const book = (await (await fetch(`${server.restUrl}/api/v3/depth?symbol=BTCUSDT&limit=10`)).json()) as { lastUpdateId: number };
    expect(book.lastUpdateId).toBe(diffs[diffs.length - 1].data.u);
    expect(server.stats.finished).toBe(true);
  });
});
