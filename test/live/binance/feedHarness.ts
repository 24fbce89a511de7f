import { Rng } from "../../../src/core/rng.ts";
import { wallClockNs } from "../../../src/live/wallClock.ts";
import { CaptureConverter } from "../../../src/data/importers/binance/captureConverter.ts";
import type { CaptureMessage } from "../../../src/data/importers/binance/captureLine.ts";
import { emptyReport, type ImportReport } from "../../../src/data/importers/importer.ts";
import { BinanceFeed, type BinanceFeedOptions } from "../../../src/live/binance/binanceFeed.ts";
import type { FeedLink } from "../../../src/live/marketFeed.ts";
import type { ReplayServer } from "../../support/replayServer.ts";

/** What the sink saw, for assertions. */
export interface SinkLog {
  byType: Record<string, number>;
  connected: { reconnect: boolean; link: FeedLink }[];
  disconnected: { reason: string; link: FeedLink }[];
  malformed: { detail: string; raw: string }[];
  /** Round trips (ms) with the server's play position when they were measured. */
  roundTrips: { rttMs: number; position: number }[];
  /** bboChecked when the first reconnect opened and when the first gap was found (−1: not yet). */
  checkedAtReconnect: number;
  checkedAtGap: number;
  localNsDecreases: number;
  lines: string[];
}

/** A feed on a replay server, delivering into the file importer's converter (resync on gaps). */
export interface Harness {
  feed: BinanceFeed;
  report: ImportReport;
  log: SinkLog;
  /** The converter's bookTicker check so far. */
  bbo(): { checked: number; matched: number };
}

/** The wall clock the feed tests stamp messages with (the live code's own). */
export const testClock = wallClockNs;

/** Starts a feed on `server` with test-speed timings; `overrides` replace any option. */
export function startHarness(server: ReplayServer, overrides: Partial<BinanceFeedOptions> = {}): Harness {
  const report = emptyReport();
  // the settings binanceRaw.ts builds, with gaps resynced as a live session must
  const converter = new CaptureConverter({
    batchRows: 4096,
    tickSize: 0.01,
    rule: "spot",
    autoRule: true,
    onGap: "resync",
    initialMinLocalMinusExchNs: null,
    report,
    // as the paper session does: a gap asks the feed for a fresh snapshot
    onGapDetected: () => feed.requestSnapshot(),
  });
  const log: SinkLog = {
    byType: {},
    connected: [],
    disconnected: [],
    malformed: [],
    roundTrips: [],
    checkedAtReconnect: -1,
    checkedAtGap: -1,
    localNsDecreases: 0,
    lines: [],
  };
  const bbo = (): { checked: number; matched: number } => {
    converter.finish();
    return { checked: report.bboChecked ?? 0, matched: report.bboMatched ?? 0 };
  };
  let line = 0;
  let lastLocalNs = 0n;
  const feed: BinanceFeed = new BinanceFeed({
    market: "spot",
    symbol: "BTCUSDT",
    wsUrl: server.wsUrl,
    restUrl: server.restUrl,
    nowNs: testClock(),
    rng: new Rng("feed-test"),
    backoff: { initialMs: 50, maxMs: 400, factor: 2 },
    stableAfterMs: 1000,
    pingIntervalMs: 100,
    staleAfterMs: 2000,
    minSnapshotIntervalMs: 100,
    snapshotTimeoutMs: 2000,
    sink: {
      onMessage(m: CaptureMessage) {
        log.byType[m.type] = (log.byType[m.type] ?? 0) + 1;
        if (m.localNs < lastLocalNs) log.localNsDecreases++;
        lastLocalNs = m.localNs;
        converter.onMessage(m, "live", ++line);
        converter.ready.length = 0;
        if (report.gaps.length > 0 && log.checkedAtGap < 0) log.checkedAtGap = bbo().checked;
      },
      onMalformed(detail, raw) {
        log.malformed.push({ detail, raw });
      },
      onConnected(reconnect, link) {
        log.connected.push({ reconnect, link });
        if (reconnect && log.checkedAtReconnect < 0) log.checkedAtReconnect = bbo().checked;
      },
      onDisconnected(reason, link) {
        log.disconnected.push({ reason, link });
      },
      onRoundTrip(rttNs) {
        log.roundTrips.push({ rttMs: rttNs / 1e6, position: server.stats.position });
      },
      log(message) {
        log.lines.push(message);
      },
    },
    ...overrides,
  });
  feed.start();
  return { feed, report, log, bbo };
}

/** Resolves once `condition` holds; rejects after `timeoutMs` with `what`. */
export async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Waits for the end of playback and for every frame the server sent to have arrived. */
export async function drain(server: ReplayServer, h: Harness): Promise<void> {
  await server.done;
  await until(() => h.feed.stats.messages - h.feed.stats.snapshots >= server.stats.framesSent, 3000, "the last frames");
}
