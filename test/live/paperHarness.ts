import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseConfig } from "../../src/config/load.ts";
import type { MmConfig } from "../../src/config/schema.ts";
import { rootRng } from "../../src/core/rng.ts";
import { wallClockNs } from "../../src/live/wallClock.ts";
import { BinanceFeed, type BinanceFeedOptions } from "../../src/live/binance/binanceFeed.ts";
import { PaperSession, type PaperResult, type PaperSessionOptions } from "../../src/live/paperSession.ts";
import { runBacktest, type BacktestResult } from "../../src/runner/backtest.ts";
import { fileData } from "../../src/data/sources/fileData.ts";
import { startReplayServer, type ReplayServerOptions, type ReplayServer } from "../support/replayServer.ts";

/** A paper session against a replay server of the Binance capture, and the session file's replay. */
export interface PaperRun {
  result: PaperResult;
  replay: BacktestResult;
  server: ReplayServer;
  log: string[];
  session: PaperSession;
}

export interface PaperRunOptions {
  server?: ReplayServerOptions;
  /** Wall time the session runs, ms. */
  wallMs: number;
  /** Config overrides (--set syntax); latency defaults to the measured round trips, as `mmlab paper` does. */
  set?: string[];
  feed?: Partial<BinanceFeedOptions>;
  seed?: string;
  /** Called while the session runs, after `atMs` of wall time. */
  during?: { atMs: number; action: (session: PaperSession) => void };
  /** More session options (onFault, …). */
  session?: Partial<PaperSessionOptions>;
}

/** A paper session running against a replay server; `finish` stops it and replays its file. */
export interface RunningPaper {
  session: PaperSession;
  server: ReplayServer;
  log: string[];
  finish(): Promise<PaperRun>;
}

/** Starts a paper session on a replayed capture (the server at 25× the capture's pace unless told). */
export async function startPaper(o: Omit<PaperRunOptions, "wallMs" | "during">): Promise<RunningPaper & { dir: string }> {
  const server = await startReplayServer({ speed: 25, ...o.server });
  const dir = mkdtempSync(join(tmpdir(), "mmlab-paper-"));
  const config: MmConfig = parseConfig({}, ["sim.latency.kind=measured", ...(o.set ?? [])]);
  const log: string[] = [];
  const nowNs = wallClockNs();
  const seed = o.seed ?? "1";
  const rng = rootRng(seed);
  const session = new PaperSession({
    config,
    rng,
    rule: "spot",
    feedDescription: "replay",
    sessionPath: join(dir, "session.arrow"),
    nowNs,
    log: (line) => log.push(line),
    feed: (sink) =>
      new BinanceFeed({ market: "spot", symbol: "BTCUSDT", nowNs, rng: rng.fork("feed"), sink, wsUrl: server.wsUrl, restUrl: server.restUrl, pingIntervalMs: 200, staleAfterMs: 3000, backoff: { initialMs: 50, maxMs: 500, factor: 2 }, minSnapshotIntervalMs: 50, closeGraceMs: 100, ...o.feed }),
    ...o.session,
  });
  session.start();
  const finish = async (): Promise<PaperRun> => {
    try {
      const result = await session.stop();
      const data = await fileData(result.sessionPath);
      const replayed = await data.session!();
      const replay = await runBacktest({ config: replayed.configs[0], data, rng: rootRng(seed) });
      return { result, replay, server, log, session };
    } finally {
      await server.close();
    }
  };
  return { session, server, log, finish, dir };
}

/** Runs one paper session on a replayed capture for `wallMs` and replays its file offline. */
export async function runPaper(o: PaperRunOptions): Promise<PaperRun> {
  const running = await startPaper(o);
  if (o.during !== undefined) {
    await sleep(o.during.atMs);
    o.during.action(running.session);
    await sleep(o.wallMs - o.during.atMs);
  } else {
    await sleep(o.wallMs);
  }
  return running.finish();
}

/** Waits `ms` of wall time. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
