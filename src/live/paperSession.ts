import { redactSecrets } from "../config/redact.ts";
import type { MmConfig } from "../config/schema.ts";
import { MmlabError } from "../core/errors.ts";
import type { Rng } from "../core/rng.ts";
import { SIZE_GRID_KEY } from "../data/arrow/metadata.ts";
import { openEventWriter, type EventWriter } from "../data/arrow/writer.ts";
import type { BookSyncRule } from "../data/importers/binance/bookSync.ts";
import { SCHEMA_VERSION, type DatasetMeta } from "../data/schema.ts";
import { ControlCode } from "../data/sessionKinds.ts";
import { removeSessionConfigs, SESSION_METADATA_KEY, writeSessionConfigs, type SessionMetadata } from "../data/session.ts";
import { collectResults, type RunResults } from "../assembly/results.ts";
import { feedOnlineCalibration } from "../assembly/onlineFeed.ts";
import { assembleSimulation, type Simulation } from "../assembly/simulation.ts";
import { strategyParams, type ResolvedStrategy } from "../strategy/load.ts";
import { builtinStrategy } from "../strategy/registry.ts";
import { checkEngineConfig } from "../engine/configCheck.ts";
import { RoundTripLog } from "../data/roundTripLog.ts";
import { liveSnapshot, type SnapshotMemo } from "./liveSnapshot.ts";
import type { FeedSink, MarketFeed } from "./marketFeed.ts";
import { MarketStream } from "./marketStream.ts";
import { PaperVenue } from "./paperVenue.ts";
import type { SessionRows } from "./sessionRows.ts";
import { SessionStream } from "./sessionStream.ts";
import type { FeedHealth, LiveSnapshot } from "./snapshot.ts";
import { writeFault } from "./writeFault.ts";


/** The grid of the live feed's sizes: the venue's quantity precision (8 decimals). */
const FEED_SIZE_GRID = "0.00000001";
/**
 * A paper-trading session: live market data through the backtest's own simulator, engine, quoter,
 * risk and KPI code, with simulated fills.
 *
 *   feed (WebSocket + REST) ─▶ MarketStream (book sync, clock) ─┐
 *   wall-clock timer (heartbeats, every heartbeatMs) ───────────┴▶ SessionStream ─▶ session file
 *                                                                              └─▶ Simulator
 *   Simulator: exchange side (PaperVenue → entry latency → SimExchange: queue and fill models)
 *              strategy side (TradingEngine: steps every loop interval of session time)
 *
 * Time is the session's: ns since the first message, on the corrected local clock. Steps happen
 * when the stream's rows pass their time, so the session file replays (`mmlab backtest --data`)
 * to the same orders and fills: same rows, same simulator.
 *
 * The session file is written in place, a batch per heartbeat, synced to the disk every
 * `syncEveryMs`: killed or out of disk space, the session leaves a file that replays up to its last
 * batch (data/session.ts). A write that fails stops the recording and the simulation with it
 * (`onFault`; `stop` then rejects with the one-line error): the live run never goes past its file.
 */
export interface PaperSessionOptions {
  config: MmConfig;
  /** The strategy (strategy/load.ts resolveStrategy); default: the config's built-in `quoter`. */
  strategy?: ResolvedStrategy;
  rng: Rng;
  /** Builds the market-data feed that delivers to `sink`. */
  feed: (sink: FeedSink) => MarketFeed;
  rule: BookSyncRule;
  /** Written into the session file, e.g. "binance spot BTCUSDT wss://…". */
  feedDescription: string;
  /** The session file (.arrow) to write. */
  sessionPath: string;
  /** Wall clock, epoch ns. */
  nowNs: () => bigint;
  /** Heartbeat period, ms (default a quarter of the loop interval). */
  heartbeatMs?: number;
  /** How far the exchange side may run behind local time when no data arrives, ms (default 1000). */
  exchangeLagMs?: number;
  /** Time between two syncs of the session file to the disk, ms of wall time (default 1000). */
  syncEveryMs?: number;
  /** Threshold of an exchange clock jump, ms (default 2000: live/clockJump.ts). */
  clockJumpMs?: number;
  /** The first market data arrived: called before the session file is created (e.g. to create its folder). */
  onRecording?: () => void;
  /** The session file could not be written: recording and trading stopped; `stop()` rejects with this error. */
  onFault?: (error: MmlabError) => void;
  log: (line: string) => void;
}

/** `stop()` before any market data arrived: nothing was traded or recorded. */
export class NoMarketDataError extends MmlabError {
  override name = "NoMarketDataError";
  constructor() {
    super("paper: no market data arrived; nothing was traded and no session file was written");
  }
}

/** The end of a session: the run's results (as a backtest's) and the feed's health. */
export interface PaperResult extends RunResults {
  feed: FeedHealth;
  rows: number;
  configReloads: number;
  /** Orders not closed when the session ended (0 after a clean stop: the halt cancels them all). */
  openOrders: number;
  sessionPath: string;
}

export class PaperSession {
  private readonly market: MarketStream;
  private readonly feed: MarketFeed;
  private readonly roundTrips = new RoundTripLog();
  private readonly configs: MmConfig[];
  private timer: ReturnType<typeof setInterval> | undefined;
  private writer: EventWriter | undefined;
  private stream: SessionStream | undefined;
  private rows: SessionRows | undefined;
  private sim: Simulation | undefined;
  private run: Promise<void> | undefined;
  private runError: unknown;
  private stopping: Promise<PaperResult> | undefined;
  /** Why recording stopped early (a failed write), if it did. */
  private fault: MmlabError | undefined;
  private readonly memo: SnapshotMemo = { midTicks: NaN };
  private lastSyncNs = 0n;
  private syncing = false;
  private readonly heartbeatMs: number;
  private readonly exchangeLagNs: bigint;
  private readonly syncEveryNs: bigint;

  constructor(private readonly o: PaperSessionOptions) {
    this.configs = [o.config];
    this.heartbeatMs = o.heartbeatMs ?? Math.max(5, o.config.loop.interval_ms / 4);
    this.exchangeLagNs = BigInt(Math.round((o.exchangeLagMs ?? 1000) * 1e6));
    this.syncEveryNs = BigInt(Math.round((o.syncEveryMs ?? 1000) * 1e6));
    this.market = new MarketStream({
      rule: o.rule,
      tickSize: o.config.symbol.tick_size,
      batchRows: 4096,
      requestSnapshot: () => this.feed.requestSnapshot(),
      onStart: (originNs, rows) => this.begin(originNs, rows),
      onRoundTrip: (tNs, rttNs) => this.roundTrips.add(tNs, rttNs),
      log: o.log,
      nowNs: o.nowNs,
      clockJumpMs: o.clockJumpMs,
    });
    this.feed = o.feed(this.market);
  }

  /** True once the first market data arrived and the session file exists. */
  get recording(): boolean {
    return this.writer !== undefined;
  }

  /** Connects and starts the heartbeat timer; the engine starts with the first message. */
  start(): void {
    this.feed.start();
    this.timer = setInterval(() => this.tick(), this.heartbeatMs);
  }

  /** Hot reload: `config` takes effect at the next step, and the session file records when. */
  reloadConfig(config: MmConfig): void {
    const refused = this.reloadRefusal(config);
    if (refused !== undefined) {
      this.o.log(`config reload rejected, the config in force stays: ${refused}`);
      return;
    }
    if (this.rows === undefined) {
      this.configs[0] = config;
      this.o.log("config reloaded (before the first step)");
      return;
    }
    if (this.fault !== undefined || this.stopping !== undefined) {
      this.o.log("config reload ignored: the session is stopping");
      return;
    }
    this.configs.push(config);
    try {
      // On disk before the CONTROL row that names it: a file cut short still replays this reload.
      writeSessionConfigs(this.o.sessionPath, this.sessionMetadata());
    } catch (e) {
      this.configs.pop();
      this.fail(e);
      return;
    }
    this.rows.control(this.o.nowNs(), ControlCode.CONFIG, this.configs.length - 1);
    this.o.log(`config reloaded: takes effect at the next step (session config ${this.configs.length - 1})`);
  }

  /** Why a reloaded config cannot take over (the strategy is fixed for the session; the engine must be able to build every part from it), or undefined. */
  private reloadRefusal(config: MmConfig): string | undefined {
    const module = this.o.config.strategy.module;
    if (config.strategy.module !== module) return `strategy.module cannot change during a session (${module ?? "the built-in quoter"} runs)`;
    // the feed's book and the session file are on the first config's tick and lot grid
    if (JSON.stringify(config.symbol) !== JSON.stringify(this.o.config.symbol)) return `symbol cannot change during a session (${this.o.config.symbol.name}, tick ${this.o.config.symbol.tick_size}, lot ${this.o.config.symbol.lot_size})`;
    const running = this.o.strategy?.definition ?? builtinStrategy(this.o.config);
    // The engine keeps its strategy on a reload: a new quoter would be named in the config but not run.
    if (running === builtinStrategy(this.o.config) && builtinStrategy(config) !== running) return `quoter cannot change during a session (${running.name} runs)`;
    // Built here first: the engine builds them at its next step, where a failure would come after "reloaded".
    return checkEngineConfig(config, running);
  }

  /** The config in force (the last one given). */
  currentConfig(): MmConfig {
    return this.configs[this.configs.length - 1];
  }

  /** What the session shows right now. */
  snapshot(): LiveSnapshot {
    return liveSnapshot(this.sim, this.currentConfig(), this.feedHealth(), this.market.stale, this.memo);
  }

  /** The feed's health so far. */
  feedHealth(): FeedHealth {
    const stats = this.feed.stats;
    const bbo = this.market.bbo;
    return {
      connected: stats.connected,
      messages: this.market.messages,
      malformed: this.market.malformed,
      gaps: this.market.report.gaps.length,
      resyncs: this.market.resyncs,
      reconnects: stats.reconnects,
      bboChecked: bbo.checked,
      bboMatched: bbo.matched,
      rttMs: stats.rttMs,
      stale: this.market.stale,
      clockJumps: this.market.clockJumps.count,
    };
  }

  /**
   * Ends the session: cancels every paper order (a HALT the engine takes at its next step), lets
   * the cancels complete, closes the feed, finishes the session file and returns the results.
   */
  stop(): Promise<PaperResult> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  private async shutdown(): Promise<PaperResult> {
    if (this.fault !== undefined) return this.failed();
    if (this.rows === undefined || this.stream === undefined || this.sim === undefined || this.writer === undefined) {
      clearInterval(this.timer);
      await this.feed.stop();
      if (this.fault !== undefined) return this.failed();
      throw new NoMarketDataError();
    }
    this.rows.control(this.o.nowNs(), ControlCode.HALT);
    // Two steps of session time for the engine to take the halt and send its cancels.
    await sleep(2 * this.o.config.loop.interval_ms + 2 * this.heartbeatMs);
    clearInterval(this.timer);
    this.tick();
    if (this.fault !== undefined) return this.failed();
    this.stream.end();
    await this.run;
    await this.feed.stop();
    this.writer.setMetadata(SESSION_METADATA_KEY, JSON.stringify(this.sessionMetadata()));
    if (this.runError !== undefined) {
      await this.writer.abandon(); // what was recorded stays readable
      throw this.runError;
    }
    try {
      await this.writer.close();
    } catch (e) {
      this.fail(e);
      return this.failed();
    }
    removeSessionConfigs(this.o.sessionPath); // the footer has every config now
    const results = collectResults(this.sim, this.o.config.symbol.tick_size);
    const openOrders = this.sim.engine.openOrders();
    this.o.log(openOrders === 0 ? "every paper order is closed" : `${openOrders} paper orders still open at the end (their cancels did not complete)`);
    return { ...results, feed: this.feedHealth(), rows: this.stream.rowsWritten, configReloads: this.configs.length - 1, openOrders, sessionPath: this.o.sessionPath };
  }

  /** Ends a session whose recording failed: the simulation finishes the rows on disk, the file stays as it is. */
  private async failed(): Promise<never> {
    clearInterval(this.timer);
    this.stream?.end();
    await this.run;
    await this.feed.stop();
    await this.writer?.abandon();
    throw this.fault;
  }

  /** A file of the session (e.g. its log) could not be written (`e`): recording stops as for the session file itself. */
  failRecording(e: unknown): void {
    this.fail(e);
  }

  /**
   * Recording failed (`e`: a write of the session file, its sidecar or its folder): no more rows
   * reach the file or the simulator. Reported once, through onFault.
   */
  private fail(e: unknown): void {
    if (this.fault !== undefined) return;
    const fault = writeFault(this.o.sessionPath, e, this.stream?.rowsWritten ?? 0);
    this.fault = fault;
    clearInterval(this.timer);
    this.stream?.end();
    this.o.onFault?.(fault);
  }

  /** The session's metadata as it stands: the feed and every config so far (secrets redacted). */
  private sessionMetadata(): SessionMetadata {
    return { version: 1, feed: this.o.feedDescription, configs: redactSecrets(this.configs) };
  }

  /** A heartbeat: time passes, and the rows received since the last one go to the file and the simulator. */
  private tick(): void {
    if (this.rows === undefined || this.stream === undefined || this.fault !== undefined) return;
    const now = this.o.nowNs();
    this.rows.heartbeat(now, this.exchangeLagNs);
    try {
      this.stream.push(this.market.take());
    } catch (e) {
      this.fail(e);
      return;
    }
    if (!this.syncing && now - this.lastSyncNs >= this.syncEveryNs) this.sync(now);
  }

  /** Forces the session file to the disk (a write error found only now fails the recording). */
  private sync(now: bigint): void {
    const writer = this.writer;
    if (writer === undefined) return;
    this.syncing = true;
    this.lastSyncNs = now;
    writer.sync().then(
      () => (this.syncing = false),
      (e: unknown) => {
        this.syncing = false;
        this.fail(e);
      },
    );
  }

  /** The first timed message fixed the origin: open the file and start the simulation. */
  private begin(originNs: bigint, rows: SessionRows): void {
    // Data racing a stop that found none: nothing is started any more.
    if (this.stopping !== undefined || this.fault !== undefined) return;
    try {
      this.o.onRecording?.();
      this.open(originNs, rows);
    } catch (e) {
      this.fail(e);
    }
  }

  /** Opens the session file (in place) and starts the simulation at `originNs`. */
  private open(originNs: bigint, rows: SessionRows): void {
    // the config of the first step: the given one, or one reloaded before it (what the file records and a replay runs)
    const c = this.configs[0];
    const strategy = this.o.strategy === undefined ? undefined : { definition: this.o.strategy.definition, params: strategyParams(this.o.strategy.definition, c) };
    const meta: DatasetMeta = { symbol: c.symbol.name, venue: c.symbol.venue, tickSize: c.symbol.tick_size, lotSize: c.symbol.lot_size, source: "paper", schemaVersion: SCHEMA_VERSION };
    const initial = this.sessionMetadata();
    // The feed's sizes are the venue's, not our orders': Binance sends 8 decimals, and resting levels
    // from before a lot was coarsened keep finer sizes than the order lot, so the session's size grid is 1e-8.
    const extra = new Map([[SESSION_METADATA_KEY, JSON.stringify(initial)], [SIZE_GRID_KEY, FEED_SIZE_GRID]]);
    this.writer = openEventWriter(this.o.sessionPath, meta, extra, { inPlace: true });
    this.lastSyncNs = this.o.nowNs();
    this.rows = rows;
    this.stream = new SessionStream(this.writer, originNs, c.symbol.tick_size);
    const sim = assembleSimulation({
      config: c,
      rng: this.o.rng,
      originNs,
      tickSize: c.symbol.tick_size,
      strategy,
      latencyContext: { roundTrips: this.roundTrips },
      wrapVenue: (venue, clock) => new PaperVenue(venue, rows, clock),
      onAnswer: (m) => rows.answer(m),
    });
    sim.engine.sessionConfigs = this.configs;
    this.sim = sim;
    // The same online re-calibration as a backtest's (when the config turns it on), fed the same rows.
    this.run = sim.simulator.run(sim.exchange, feedOnlineCalibration(sim.engine, this.stream)).catch((e: unknown) => {
      this.runError = e;
      this.o.log(`simulation stopped: ${e instanceof Error ? e.message : String(e)}`);
    });
    this.o.log(`session started; recording to ${this.o.sessionPath}`);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
