import { expect, it } from "vitest";
import { readAllEvents } from "../../src/data/arrow/reader.ts";
import { EventKind } from "../../src/data/schema.ts";
import { ControlCode, SessionKind } from "../../src/data/sessionKinds.ts";
import { describeWithSharedData } from "../support/sharedData.ts";
import { runPaper, sleep, startPaper, type PaperRun } from "./paperHarness.ts";

/** The replay of the session file reproduces the live session: same KPIs, fills and timeseries. */
function expectSameAsReplay(run: PaperRun): void {
  expect(run.replay.resultsHash).toBe(run.result.resultsHash);
  expect(run.replay.kpis).toEqual(run.result.kpis);
  expect(run.replay.fills.orderId).toEqual(run.result.fills.orderId);
}

describeWithSharedData("paper trading on the replayed Binance spot capture", () => {
  it("keeps the book equal to bookTicker, quotes, gets paper fills, and its session file replays to the same results", async () => {
    const run = await runPaper({ wallMs: 8000 });
    const { feed, kpis } = run.result;
    expect(feed.gaps).toBe(0);
    expect(feed.bboChecked).toBeGreaterThan(100);
    expect(feed.bboMatched).toBe(feed.bboChecked);
    expect(feed.malformed).toBe(0);
    expect(kpis.ordersSubmitted).toBeGreaterThan(50);
    expect(kpis.fills).toBeGreaterThan(0);
    expect(run.result.openOrders).toBe(0); // the halt at the end cancelled everything
    expect(run.result.stepErrors).toEqual([]);
    expectSameAsReplay(run);
  }, 60_000);

  it("reconnects after the server drops the connection, resyncs, and replays to the same fills", async () => {
    const run = await runPaper({ wallMs: 8000, server: { dropConnectionAfterMessages: 3000 } });
    const { feed } = run.result;
    expect(run.server.stats.dropped).toBeGreaterThan(0);
    expect(feed.reconnects).toBeGreaterThanOrEqual(1);
    expect(feed.bboMatched).toBe(feed.bboChecked);
    expect(run.log.some((l) => l.includes("disconnected"))).toBe(true);
    expectSameAsReplay(run);
  }, 60_000);

  it("a skipped diff is a gap: the book is cleared, no order is placed until a fresh snapshot, then trading resumes", async () => {
    const run = await runPaper({ wallMs: 8000, server: { skipDiffAt: 300 } });
    const { feed } = run.result;
    expect(feed.gaps).toBe(1);
    expect(feed.resyncs).toBe(1);
    expect(feed.bboMatched).toBe(feed.bboChecked);
    // In the session file: between the gap's clears and the fresh snapshot (local time), no new order.
    const rows = await readAllEvents(run.result.sessionPath);
    const kinds = rows.kind;
    // both sides cleared, and no snapshot after them: the gap (a snapshot's clears come with its levels)
    const gapAt = [...kinds.keys()].findIndex((i) => kinds[i] === EventKind.DEPTH_CLEAR && kinds[i + 1] === EventKind.DEPTH_CLEAR && kinds[i + 2] !== EventKind.SNAPSHOT);
    expect(gapAt).toBeGreaterThan(0);
    const resyncAt = kinds.indexOf(EventKind.SNAPSHOT, gapAt);
    expect(resyncAt).toBeGreaterThan(gapAt);
    const gapNs = rows.localTs[gapAt];
    const resyncNs = rows.localTs[resyncAt];
    const newOrdersAt = (inWindow: (t: bigint) => boolean) => [...kinds.keys()].filter((i) => kinds[i] === SessionKind.ORDER_NEW && inWindow(rows.localTs[i])).length;
    expect(newOrdersAt((t) => t > gapNs && t <= resyncNs)).toBe(0);
    expect(newOrdersAt((t) => t > resyncNs)).toBeGreaterThan(0);
    expectSameAsReplay(run);
  }, 60_000);

  it("slow round trips (> 300 ms) pause quoting through the latency guard, which resumes when they recover", async () => {
    const run = await runPaper({
      wallMs: 10_000,
      server: { pongDelay: { fromMessage: 2000, toMessage: 8000, delayMs: 700 } },
      set: ["risk.latency_guard.window_seconds=5"],
    });
    const kinds = run.result.guardEvents.map((g) => g.kind);
    expect(kinds).toContain("pause");
    expect(kinds.lastIndexOf("resume")).toBeGreaterThan(kinds.indexOf("pause"));
    expect(run.result.kpis.latencyP99Ms).toBeGreaterThan(300);
    expectSameAsReplay(run);
  }, 60_000);

  it("a malformed message is logged and counted, and nothing else changes", async () => {
    const run = await runPaper({ wallMs: 6000, server: { malformedAt: 1500 } });
    expect(run.result.feed.malformed).toBe(1);
    expect(run.log.some((l) => l.includes("malformed"))).toBe(true);
    expect(run.result.feed.bboMatched).toBe(run.result.feed.bboChecked);
    expectSameAsReplay(run);
  }, 60_000);

  it("a hot reload takes effect at the next step, is recorded, and replays", async () => {
    const run = await runPaper({
      wallMs: 6000,
      during: { atMs: 3000, action: (s) => s.reloadConfig({ ...s.currentConfig(), gamma: 0.05 }) },
    });
    expect(run.result.configReloads).toBe(1);
    expect(run.log.some((l) => l.includes("config reloaded"))).toBe(true);
    const rows = await readAllEvents(run.result.sessionPath);
    const controls = [...rows.kind.keys()].filter((i) => rows.kind[i] === SessionKind.CONTROL).map((i) => [rows.side[i], rows.qty[i]]);
    expect(controls).toEqual([[ControlCode.CONFIG, 1], [ControlCode.HALT, 0]]);
    expectSameAsReplay(run);
  }, 60_000);

  it("a reload before the first step is the config the session runs (and records, so the replay agrees)", async () => {
    const running = await startPaper({});
    // before any market data: the session's first config is replaced, not added
    running.session.reloadConfig({ ...running.session.currentConfig(), orders: { ...running.session.currentConfig().orders, size: 0.02 } });
    await sleep(4000);
    const run = await running.finish();
    expect(run.log).toContain("config reloaded (before the first step)");
    expect(run.result.configReloads).toBe(0);
    // the orders have the reloaded size (the inventory guard only ever shrinks one)
    const rows = await readAllEvents(run.result.sessionPath);
    const sizes = [...rows.kind.keys()].filter((i) => rows.kind[i] === SessionKind.ORDER_NEW).map((i) => rows.qty[i]);
    expect(sizes.length).toBeGreaterThan(0);
    expect(Math.max(...sizes)).toBeCloseTo(0.02, 12);
    expectSameAsReplay(run);
  }, 60_000);

  it("V1.5 trades on paper as in a backtest: its session replays to the same results", async () => {
    // touch on and no fee floor: it quotes at the touch on this capture, so it is filled within seconds
    const run = await runPaper({ wallMs: 8000, set: ["quoter=v1_5", "strategy.params.fee_floor=false", "orders.requote_threshold_ticks=1"] });
    expect(run.result.stepErrors).toEqual([]);
    expect(run.result.kpis.ordersSubmitted).toBeGreaterThan(0);
    expect(run.replay.strategy.name).toBe("v1_5");
    expectSameAsReplay(run);
  }, 60_000);

  it("online re-calibration runs on the live rows as in a backtest, and replays to the same fits", async () => {
    const run = await runPaper({ wallMs: 8000, set: ["calibration.online.enabled=true", "calibration.online.window_seconds=30", "calibration.online.every_seconds=10", "calibration.online.min_r2=0"] });
    const fits = run.result.onlineCalibration ?? [];
    expect(fits.length).toBeGreaterThan(3);
    expect(run.replay.onlineCalibration).toEqual(fits);
    expectSameAsReplay(run);
  }, 60_000);
});
