import type { Argv } from "yargs";
import { STRATEGY_OPTION, withStrategy } from "../strategyOption.ts";
import { loadConfigFile, parseConfig } from "../../config/load.ts";
import type { MmConfig } from "../../config/schema.ts";
import { ConfigWatcher, type ReloadOutcome } from "../../config/watch.ts";
import { ConfigError, MmlabError } from "../../core/errors.ts";
import { rootRng } from "../../core/rng.ts";
import { wallClockNs } from "../../live/wallClock.ts";
import { NS_PER_MS, parseDurationNs } from "../../core/time.ts";
import { formatKpiTable } from "../../kpi/format.ts";
import { BinanceFeed } from "../../live/binance/binanceFeed.ts";
import { BINANCE_ENDPOINTS, type BinanceMarket } from "../../live/binance/endpoints.ts";
import { loadInstrumentFile } from "../../data/instruments/instrumentFile.ts";
import type { InstrumentList } from "../../data/instruments/instrumentList.ts";
import { explicitFilters } from "../../live/configFilters.ts";
import { paperInstrument, type PaperInstrument } from "../../live/paperSymbol.ts";
import { startDashboard, type Dashboard } from "../../live/dashboard/server.ts";
import { NoMarketDataError, PaperSession, type PaperResult } from "../../live/paperSession.ts";
import { SessionFolder } from "../../live/sessionFolder.ts";
import { SIGNAL_EXIT_CODES, StopRequests, type StopSignal } from "./paperStop.ts";
import { resolveStrategy } from "../../strategy/load.ts";
import { formatStatusLine } from "../../live/statusLine.ts";
import { RunFolder } from "../../runfolder/runFolder.ts";
import { assetNames } from "../../report/context.ts";

export interface PaperArgs {
  market: BinanceMarket;
  symbol?: string;
  instruments?: string;
  wsUrl?: string;
  restUrl?: string;
  config?: string;
  set: string[];
  strategy?: string;
  seed: string;
  duration?: string;
  json: boolean;
  dashboard: boolean;
  dashboardPort: number;
  out?: string;
  force: boolean;
  status?: boolean;
  latency: "feed" | "config";
}

/** Declares the `paper` options. */
export function paperOptions(y: Argv): Argv<PaperArgs> {
  return y
    .example("$0 paper --symbol ETHUSDT --duration 15m --dashboard", "15 minutes of paper trading on live Binance data, with a dashboard")
    .option("market", { choices: ["spot", "usdm"] as const, default: "spot" as const, describe: "Binance market: spot, or usdm (USD-M futures)" })
    .option("symbol", { type: "string", describe: "symbol (default: the config's symbol.name, BTCUSDT)" })
    .option("instruments", {
      type: "string",
      describe: "Binance exchangeInfo JSON giving the symbol's tick and lot (default: the built-in table for --market; the config's symbol.tick_size/lot_size when set)",
    })
    .option("ws-url", { type: "string", describe: "WebSocket base URL (default: Binance's public market-data endpoint for --market)" })
    .option("rest-url", { type: "string", describe: "REST base URL for depth snapshots (default: Binance's for --market)" })
    .option("config", { type: "string", describe: "JSON config file; edits to it are hot-reloaded while the session runs" })
    .option("set", { type: "string", array: true, default: [] as string[], describe: "override a config field: --set gamma=0.3 (repeatable)" })
    .option("strategy", STRATEGY_OPTION)
    .option("seed", { type: "string", default: "1", describe: "seed of the stochastic models (queue, latency, reconnect jitter)" })
    .option("duration", { type: "string", describe: "stop cleanly after this wall time: 90s, 15m, 8h (default: until Ctrl-C)" })
    .option("json", { type: "boolean", default: false, describe: "print, at the end, one JSON object: the final KPIs and the feed's health" })
    .option("dashboard", { type: "boolean", default: false, describe: "serve a live dashboard on 127.0.0.1" })
    .option("dashboard-port", { type: "number", default: 0, describe: "dashboard port (0: any free port)" })
    .option("out", { type: "string", describe: "session folder (default: runs/paper-NNN): session.arrow, kpis.json, feed.json, paper.log" })
    .option("force", { type: "boolean", default: false, describe: "replace an existing --out folder" })
    .option("status", { type: "boolean", describe: "a status line on stderr every second (default: when stderr is a terminal)" })
    .option("latency", {
      choices: ["feed", "config"] as const,
      default: "feed" as const,
      describe: "paper order latency: half the measured round trip of the market-data connection per leg (feed), or the config's sim.latency model",
    }) as unknown as Argv<PaperArgs>;
}

/** How long a clean stop may take before the command gives up on it (the feed's close, the last steps). */
const STOP_TIMEOUT_MS = 20_000;

/**
 * Runs `mmlab paper`: live market data, the backtest's engine, simulated fills, a session file.
 * Never sends an order anywhere and needs no API key.
 *
 * Every input that can be refused is refused before anything starts, with one line and nothing
 * left behind (the dashboard's port included: it starts before the feed). From then on every
 * phase ends the same way: `--duration`, or the first SIGINT/SIGTERM, stops the session cleanly
 * (a session that recorded data finishes its file, exit 0; one that received none prints one line
 * and exits 130/143 on a signal, 1 on `--duration`); a second signal exits at once, leaving the
 * session file as recorded so far. The folder exists only once data arrived (live/sessionFolder.ts).
 */
export async function paperCommand(args: PaperArgs): Promise<number> {
  // The wall clock is read here, in the command, and passed to the session as its only clock.
  const nowNs = wallClockNs();
  const filters: FilterSources = {
    instruments: args.instruments === undefined ? undefined : loadInstrumentFile(args.instruments),
    atMs: Number(nowNs() / 1_000_000n),
  };
  const sets = withStrategy(args.set, args.strategy);
  const c = args.config ? loadConfigFile(args.config, sets) : parseConfig({}, sets);
  const { config, instrument } = withPaperSettings(c, args, filters);
  const strategy = await resolveStrategy(config); // a bad module or params: one line, before any folder exists
  const durationNs = args.duration !== undefined ? parseDurationNs(args.duration) : undefined;
  const outPath = args.out ?? RunFolder.nextFree("runs", "paper");
  let session: PaperSession | undefined;
  const folder = new SessionFolder(outPath, args.force, (e) => session?.failRecording(e));
  const quiet = args.json;
  const log = (line: string): void => {
    const text = `${new Date().toISOString()} ${line}`;
    folder.appendLog(text);
    if (!quiet || line.startsWith("error")) process.stderr.write(`${clearStatus()}${text}\n`);
  };
  const sessionFile = folder.file("session.arrow");
  // A second signal: out at once. Batches are written whole, synchronously: the file ends at one.
  const abort = (signal: StopSignal): never => {
    const left = session?.recording
      ? `${sessionFile} keeps what was recorded, up to its last complete batch (replay: mmlab backtest --data ${sessionFile})`
      : "nothing was recorded";
    folder.appendLog(`${new Date().toISOString()} interrupted again (${signal}): exiting at once`);
    process.stderr.write(`${clearStatus()}mmlab: interrupted again: exiting without finishing the session file (${signal}); ${left}\n`);
    process.exit(SIGNAL_EXIT_CODES[signal]);
  };
  const stops = new StopRequests({ durationMs: durationNs === undefined ? undefined : durationNs / NS_PER_MS, durationText: args.duration, onSecondSignal: abort });
  try {
    const rng = rootRng(args.seed);
    const market = args.market;
    const endpoints = BINANCE_ENDPOINTS[market];
    const wsUrl = args.wsUrl ?? endpoints.wsUrl;
    const restUrl = args.restUrl ?? endpoints.restUrl;
    const symbol = config.symbol.name;
    // Built before anything starts: a bad --ws-url or --rest-url is refused here.
    session = new PaperSession({
      config,
      strategy,
      rng,
      rule: market === "usdm" ? "usdm" : "spot",
      feedDescription: `binance ${market} ${symbol} ${wsUrl}`,
      sessionPath: sessionFile,
      nowNs,
      log,
      feed: (sink) => new BinanceFeed({ market, symbol, nowNs, rng: rng.fork("feed"), sink, wsUrl, restUrl }),
      onRecording: () => folder.create(),
      onFault: (error) => stops.fault(error),
    });
    log(`paper trading ${symbol} on binance ${market} (${wsUrl}); orders are simulated, nothing is sent to an exchange`);
    log(`instrument ${instrument.note}`);
    log(feesNote(config, market));
    log(`order latency: ${config.sim.latency.kind === "measured" ? "half the measured round trip of the market-data connection per leg" : `the config's ${config.sim.latency.kind} model`}; queue model ${config.sim.queue.kind}`);
    return await runSession(session, stops, folder, args, { sets, filters, log, config, outPath });
  } finally {
    stops.dispose();
  }
}

/** The fees the session charges; a warning when a spot schedule is charged on USD-M futures (the default schedule is spot's). */
function feesNote(config: MmConfig, market: "spot" | "usdm"): string {
  const { schedule, maker_bps, taker_bps } = config.fees;
  const rates = `fees: ${schedule} (maker ${maker_bps} bp, taker ${taker_bps} bp)`;
  if (market !== "usdm" || !schedule.startsWith("binance-spot-")) return rates;
  return `warning: ${rates} is Binance spot's schedule, not USD-M futures': use --set fees.schedule=binance-usdm-vip0 (or your own rates: fees.maker_bps, fees.taker_bps)`;
}

/** What runSession needs from the command besides the session. */
interface SessionContext {
  sets: string[];
  filters: FilterSources;
  log: (line: string) => void;
  config: MmConfig;
  outPath: string;
}

/** Starts the dashboard, the session, the config watcher and the status line; stops them all on the first stop request; prints the result. */
async function runSession(session: PaperSession, stops: StopRequests, folder: SessionFolder, args: PaperArgs, ctx: SessionContext): Promise<number> {
  const { log, config, outPath } = ctx;
  let dashboard: Dashboard | undefined;
  let statusTimer: ReturnType<typeof setInterval> | undefined;
  let watcher: ConfigWatcher | undefined;
  let watchdog: ReturnType<typeof setTimeout> | undefined;
  const release = async (): Promise<void> => {
    clearInterval(statusTimer);
    watcher?.stop();
    clearTimeout(watchdog);
    await dashboard?.close();
  };

  let result: PaperResult;
  try {
    if (args.dashboard) {
      // Before the feed: a port that cannot be had ends the command with nothing started or written.
      dashboard = await startDashboard({ port: args.dashboardPort, snapshot: () => session.snapshot() });
      log(`dashboard: ${dashboard.url}`);
    }
    if (stops.requested === undefined) {
      session.start();
      if (args.config !== undefined) {
        watcher = new ConfigWatcher(args.config, ctx.sets, (loaded) => {
          const outcome = paperReload(loaded, args, ctx.filters, session.currentConfig());
          if (outcome.ok) session.reloadConfig(outcome.config);
          else log(`config reload rejected, the config in force stays: ${outcome.error}`);
        });
        watcher.start();
      }
      if (args.status ?? process.stderr.isTTY) {
        statusTimer = setInterval(() => process.stderr.write(`\r${formatStatusLine(session.snapshot())}`), 1000);
      }
    }
    const reason = await stops.reason;
    // A fault is the command's one error line: the log keeps it, stderr shows it once, at the end.
    if (reason.kind === "fault") folder.appendLog(`${new Date().toISOString()} error: ${reason.text}`);
    else log(`stopping: ${reason.text}`);
    clearInterval(statusTimer);
    watcher?.stop();
    watchdog = setTimeout(() => stopTimedOut(session), STOP_TIMEOUT_MS);
    watchdog.unref();
    result = await session.stop();
    if (reason.kind === "fault") throw reason.error;
  } catch (e) {
    await release();
    await session.stop().catch(() => undefined); // whatever failed, the feed and the timers stop
    const reason = stops.requested;
    if (e instanceof NoMarketDataError && reason?.kind === "signal") {
      process.stderr.write(`${clearStatus()}mmlab: ${reason.signal} before any market data arrived: stopped; nothing was recorded\n`);
      return SIGNAL_EXIT_CODES[reason.signal];
    }
    throw e;
  }
  await release();

  const summary = paperSummary(result);
  folder.writeJson("kpis.json", result.kpis);
  // Last: kpis.json and feed.json mark a finished session (runfolder/listRuns.ts).
  folder.writeJson("feed.json", { ...result.feed, rows: result.rows, configReloads: result.configReloads, resultsHash: result.resultsHash });
  if (args.json) {
    process.stdout.write(JSON.stringify({ ...summary, sessionFile: `${outPath}/session.arrow` }, null, 2) + "\n");
  } else {
    const f = result.feed;
    process.stderr.write(clearStatus());
    process.stdout.write(`${formatKpiTable(result.kpis, assetNames(config.symbol.name))}\n\n`);
    process.stdout.write(`feed: ${f.messages.toLocaleString("en-US")} messages, ${f.gaps} gaps, ${f.resyncs} resyncs, ${f.reconnects} reconnects, ${f.malformed} malformed${f.clockJumps > 0 ? `, ${f.clockJumps} exchange clock jumps` : ""}; `);
    process.stdout.write(`bookTicker ${f.bboMatched}/${f.bboChecked} matched; ${result.kpis.fills} paper fills\n`);
    process.stdout.write(`session folder: ${outPath} (replay: mmlab backtest --data ${outPath}/session.arrow; results hash ${result.resultsHash.slice(0, 16)})\n`);
  }
  return 0;
}

/** A clean stop that does not end: one line, and out (the session file ends at its last complete batch). */
function stopTimedOut(session: PaperSession): never {
  const left = session.recording ? "; the session file is left unfinished, readable up to its last complete batch" : "";
  process.stderr.write(`${clearStatus()}mmlab: paper: the session did not stop within ${STOP_TIMEOUT_MS / 1000} s; exiting${left}\n`);
  process.exit(1);
}

/** The `--json` object: the final KPIs (kpis.json's fields) and the feed's health. */
export function paperSummary(result: PaperResult): Record<string, unknown> {
  const f = result.feed;
  return {
    ...result.kpis,
    messages: f.messages,
    gaps: f.gaps,
    resyncs: f.resyncs,
    reconnects: f.reconnects,
    malformed: f.malformed,
    bboChecked: f.bboChecked,
    bboMatched: f.bboMatched,
    clockJumps: f.clockJumps,
    fills: result.kpis.fills,
    rows: result.rows,
    configReloads: result.configReloads,
    openOrders: result.openOrders,
    resultsHash: result.resultsHash,
  };
}

/** Where a session's tick and lot may come from besides the config: --instruments, and the table's entry valid now. */
interface FilterSources {
  instruments: InstrumentList | undefined;
  atMs: number;
}

/**
 * The command line's symbol and latency choice applied to a config (also to each hot reload), and
 * the symbol block of the market the session connects to: its venue, tick and lot (paperInstrument).
 */
function withPaperSettings(config: MmConfig, args: PaperArgs, filters: FilterSources): { config: MmConfig; instrument: PaperInstrument } {
  let c = config;
  if (args.symbol !== undefined) c = { ...c, symbol: { ...c.symbol, name: args.symbol.toUpperCase() } };
  if (args.latency === "feed" && c.sim.latency.kind !== "measured") c = { ...c, sim: { ...c.sim, latency: { kind: "measured", fallback_ms: 10 } } };
  if (!/^[A-Z0-9]+$/.test(c.symbol.name)) throw new MmlabError(`symbol "${c.symbol.name}": a Binance symbol is letters and digits, e.g. BTCUSDT`);
  const instrument = paperInstrument(c.symbol.name, args.market, explicitFilters(args.config, args.set), filters.instruments, filters.atMs);
  const symbol = { ...c.symbol, venue: instrument.venue, tick_size: instrument.tickSize, lot_size: instrument.lotSize };
  try {
    // Validated again: the market's lot may be coarser than the order size.
    return { config: parseConfig({ ...c, symbol }), instrument };
  } catch (e) {
    if (e instanceof ConfigError) throw e.within(instrument.note);
    throw e;
  }
}

/**
 * A hot reload with the command line's settings applied, or why it is rejected: also when those
 * settings fail, and when it changes the symbol block (the session's market, its tick and lot) or
 * what the simulator was built with (loop interval, latency and queue models, fees, the KPI rules required).
 */
function paperReload(loaded: ReloadOutcome, args: PaperArgs, filters: FilterSources, current: MmConfig): ReloadOutcome {
  if (!loaded.ok) return loaded;
  let config: MmConfig;
  try {
    config = withPaperSettings(loaded.config, args, filters).config;
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  for (const key of Object.keys(current.symbol) as (keyof MmConfig["symbol"])[]) {
    if (config.symbol[key] !== current.symbol[key]) {
      return { ok: false, error: `symbol.${key}: ${JSON.stringify(config.symbol[key])}, but the session's is ${JSON.stringify(current.symbol[key])}; the symbol cannot change while the session runs` };
    }
  }
  // The simulator, its models, the fee schedule and the KPI tracker (its required rules) are built once, at the start of the session.
  for (const key of FIXED_WHILE_RUNNING) {
    if (JSON.stringify(config[key]) !== JSON.stringify(current[key])) {
      return { ok: false, error: `${key}: ${JSON.stringify(config[key])} differs from the session's ${JSON.stringify(current[key])}; ${key} cannot change while the session runs (restart it)` };
    }
  }
  return { ok: true, config };
}

/** Config sections a hot reload may not change (besides the symbol). */
const FIXED_WHILE_RUNNING = ["loop", "sim", "fees", "kpi"] as const;

/** Erases the status line before other output, when one is shown. */
function clearStatus(): string {
  return process.stderr.isTTY ? "\r\x1b[2K" : "";
}
