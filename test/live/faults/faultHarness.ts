import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseConfig } from "../../../src/config/load.ts";
import type { MmConfig } from "../../../src/config/schema.ts";
import { rootRng } from "../../../src/core/rng.ts";
import { readAllEvents } from "../../../src/data/arrow/reader.ts";
import type { EventColumns } from "../../../src/data/schema.ts";
import { fileData } from "../../../src/data/sources/fileData.ts";
import { BinanceFeed, type BinanceFeedOptions } from "../../../src/live/binance/binanceFeed.ts";
import type { FeedStats } from "../../../src/live/marketFeed.ts";
import { PaperSession, type PaperResult } from "../../../src/live/paperSession.ts";
import type { FeedHealth } from "../../../src/live/snapshot.ts";
import { wallClockNs } from "../../../src/live/wallClock.ts";
import { runBacktest, type BacktestResult } from "../../../src/runner/backtest.ts";
import { startFaultProxy, type FaultProxy, type FaultProxyOptions } from "../../support/faultProxy.ts";
import { startReplayServer, type ReplayServer, type ReplayServerOptions } from "../../support/replayServer.ts";

/**
 * A paper session (in process, as `mmlab paper` runs one) on the replayed Binance capture, through
 * a fault proxy: replay server ─▶ fault proxy ─▶ BinanceFeed ─▶ PaperSession ─▶ session file,
 * then the session file replayed offline by a backtest.
 *
 * No step waits for a wall time: the faults are armed when the session is quoting (`armWhen`),
 * placed by positions in the data from then, and the session stops when `until` holds (a state
 * of the feed or the proxy, e.g. so many bookTicker checks after the resync). A slow machine
 * only makes a run take longer.
 */
export interface FaultRunOptions {
  /** The faults (FaultProxyOptions without the target). */
  faults: Omit<FaultProxyOptions, "target">;
  /** Replay server options (default: 25× the capture's pace, the first CAPTURE_SECONDS of it). */
  server?: ReplayServerOptions;
  /** Config overrides (--set syntax), after the scenario defaults (DEFAULT_SET). */
  set?: string[];
  /** Feed options over FEED_DEFAULTS below. */
  feed?: Partial<BinanceFeedOptions>;
  /**
   * When to arm the faults (polled; default: once the engine is quoting). Positions in `faults`
   * count from then, so every fault finds the session synced and trading, however slowly the
   * machine got it there.
   */
  armWhen?: (live: LiveView) => boolean;
  /** Stop once this holds (polled), e.g. afterBookChecks(…). */
  until: (live: LiveView) => boolean;
  /** Wall time allowed to reach the stop condition (default 60 s). */
  timeoutMs?: number;
  seed?: string;
}

/** What `until` may look at while the session runs. */
export interface LiveView {
  proxy: FaultProxy;
  session: PaperSession;
  health: HealthSample;
  feedStats: FeedStats;
}

/** A sample of the feed's health while the session ran (polled every POLL_MS), with the proxy's frame count then. */
export interface HealthSample extends FeedHealth {
  wallMs: number;
  framesIn: number;
}

export interface FaultRun {
  result: PaperResult;
  replay: BacktestResult;
  proxy: FaultProxy;
  server: ReplayServer;
  /** The BinanceFeed's own counters at the end (snapshots, snapshotErrors…). */
  feedStats: FeedStats;
  log: string[];
  health: HealthSample[];
  /** Every row of the session file. */
  rows: EventColumns;
  config: MmConfig;
  /** The engine's feed-health limit in force (config feed.max_silence_ms; the rule's default is 1000). */
  maxSilenceMs: number;
  loopIntervalMs: number;
}

/**
 * Config every fault scenario runs with:
 * - round trips measured, as `mmlab paper` runs (the replay uses the recorded ones);
 * - quotes replaced after 400 ms even on an unchanged book, so an engine that kept quoting on a
 *   silent feed would send new orders during the silence (with the default 60 s it would send
 *   none, and "no order on a stale book" could not fail);
 * - the latency guard off: at 25× the capture's pace a busy moment of the machine is a slow
 *   round trip, and a guard pause (30 s of session time) would hide what these tests look at.
 *   test/live/paperSession.test.ts tests the guard.
 */
export const DEFAULT_SET = ["sim.latency.kind=measured", "orders.max_age_ms=400", "risk.latency_guard.enabled=false"];

/** The feed's settings: the paper harness's quick reconnects and snapshots; the connection's own stale check at its 10 s default, longer than any stall here. */
const FEED_DEFAULTS: Partial<BinanceFeedOptions> = {
  pingIntervalMs: 200,
  staleAfterMs: 10_000,
  backoff: { initialMs: 50, maxMs: 500, factor: 2 },
  minSnapshotIntervalMs: 50,
  closeGraceMs: 100,
};

const POLL_MS = 20;

/**
 * Capture seconds the replay server loads and plays: the first file of the capture (346 s), half
 * the loading time of both. A scenario uses under 200 s of it whatever the machine's speed (the
 * stop condition is a position in the data).
 */
const CAPTURE_SECONDS = 320;

/** Runs one paper session through a fault proxy until the stop condition, stops it and replays its file. */
export async function runWithFaults(o: FaultRunOptions): Promise<FaultRun> {
  const server = await startReplayServer({ speed: 25, maxSeconds: CAPTURE_SECONDS, ...o.server });
  let proxy: FaultProxy | undefined;
  let session: PaperSession | undefined;
  try {
    proxy = await startFaultProxy({ target: { wsUrl: server.wsUrl, restUrl: server.restUrl }, ...o.faults, armed: false });
    const dir = mkdtempSync(join(tmpdir(), "mmlab-faults-"));
    const config: MmConfig = parseConfig({}, [...DEFAULT_SET, ...(o.set ?? [])]);
    const log: string[] = [];
    const nowNs = wallClockNs();
    const seed = o.seed ?? "1";
    const rng = rootRng(seed);
    let feed: BinanceFeed | undefined;
    const target = proxy;
    session = new PaperSession({
      config,
      rng,
      rule: "spot",
      feedDescription: "replay through a fault proxy",
      sessionPath: join(dir, "session.arrow"),
      nowNs,
      log: (line) => log.push(line),
      feed: (sink) => {
        feed = new BinanceFeed({ market: "spot", symbol: "BTCUSDT", nowNs, rng: rng.fork("feed"), sink, ...FEED_DEFAULTS, ...o.feed, wsUrl: target.wsUrl, restUrl: target.restUrl });
        return feed;
      },
    });
    const health: HealthSample[] = [];
    const started = Date.now();
    session.start();
    const timeoutMs = o.timeoutMs ?? 60_000;
    const armWhen = o.armWhen ?? (({ session: s }: LiveView) => s.snapshot().pauseReason === null);
    let armed = false;
    for (;;) {
      const h: HealthSample = { ...session.feedHealth(), wallMs: Date.now() - started, framesIn: proxy.stats.framesIn };
      health.push(h);
      const live: LiveView = { proxy, session, health: h, feedStats: feed!.stats };
      if (!armed && armWhen(live)) {
        proxy.arm();
        armed = true;
      }
      if (armed && o.until(live)) break;
      if (Date.now() - started > timeoutMs) {
        throw new Error(
          `the session did not reach its ${armed ? "stop condition" : "arming condition"} within ${timeoutMs} ms (frames from the server: ${proxy.stats.framesIn}, ` +
            `health ${JSON.stringify(h)})\nproxy: ${proxy.events.join("; ")}\nlog (last 20 lines):\n${log.slice(-20).join("\n")}`,
        );
      }
      await sleep(POLL_MS);
    }
    const stopping = session;
    session = undefined;
    const result = await stopping.stop();
    const data = await fileData(result.sessionPath);
    const replayed = await data.session!();
    const replay = await runBacktest({ config: replayed.configs[0], data, rng: rootRng(seed) });
    const rows = await readAllEvents(result.sessionPath);
    const feedConfig = (config as { feed?: { max_silence_ms?: number } }).feed;
    return {
      result, replay, proxy, server, feedStats: { ...feed!.stats }, log, health, rows, config,
      maxSilenceMs: feedConfig?.max_silence_ms ?? 1000,
      loopIntervalMs: config.loop.interval_ms,
    };
  } finally {
    // a failed run must not leave a session, a proxy or a server running
    if (session !== undefined) await session.stop().catch(() => undefined);
    await proxy?.close();
    await server.close();
  }
}

/**
 * Where the scenarios put their faults, counted from the arming (the engine quoting): 1000 frames
 * or 100 depth diffs are each about 10 s of the capture (0.4 s of wall time at 25×), so quotes
 * are resting and being replaced when the fault comes.
 */
export const FAULT_FRAME = 1000;
export const FAULT_DIFF = 100;

/** Bookticker checks a scenario waits for after a resync (about 12 s of the capture). */
export const CHECKS_AFTER_RESYNC = 20;

/**
 * A stop condition: the feed's health reached `state` with the book in sync, and since then
 * `checks` more bookTicker checks were made (so "the book agrees with the exchange afterwards" is
 * about a known amount of data, however fast the machine).
 */
export function afterBookChecks(state: (live: LiveView) => boolean, checks = CHECKS_AFTER_RESYNC): (live: LiveView) => boolean {
  let base: number | undefined;
  return (live) => {
    if (base === undefined && state(live) && !live.health.stale) base = live.health.bboChecked;
    return base !== undefined && live.health.bboChecked >= base + checks;
  };
}

/** Waits `ms` of wall time. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
