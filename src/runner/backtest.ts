import type { MmConfig } from "../config/schema.ts";
import { hashJson, hashView, newHasher } from "../core/hash.ts";
import { EventBatchPool } from "../data/batch.ts";
import type { Rng } from "../core/rng.ts";
import type { TimeseriesColumn } from "../engine/recorder.ts";
import type { StepError, TradingEngine } from "../engine/tradingEngine.ts";
import type { KpiReport } from "../kpi/report.ts";
import type { GuardEvent } from "../risk/latencyGuard.ts";
import { RecordedLatency } from "../sim/latency/recorded.ts";
import type { CrossedBookStats } from "../sim/crossedBook.ts";
import type { SimulationProgress } from "../sim/simulator.ts";
import { checkConfigAgainstData } from "./dataAgreement.ts";
import type { MarketData } from "./marketData.ts";
import { assembleSimulation, type Simulation } from "./simulation.ts";
import { feedOnlineCalibration } from "./onlineFeed.ts";
import type { OnlineFitRecord } from "../calibration/onlineCalibration.ts";

/**
 * One backtest:
 *   market data → simulator (exchange side: book, queue, fills; strategy side: engine) → KPIs
 *   → results (KPI report, timeseries, fills, run log) and their hash.
 */
export interface BacktestOptions {
  config: MmConfig;
  data: MarketData;
  /** The run's random source; each model forks its own stream from it. */
  rng: Rng;
  /** Stop after this much data time (ns), if given. */
  durationNs?: number;
  onProgress?: (p: SimulationProgress) => void;
}

export interface BacktestResult {
  kpis: KpiReport;
  timeseries: Record<TimeseriesColumn, Float64Array>;
  fills: Record<string, Float64Array | Int8Array | Uint8Array>;
  guardEvents: GuardEvent[];
  stepErrors: StepError[];
  /** Why working orders were cancelled, by reason. */
  cancelReasons: Record<string, number>;
  events: number;
  steps: number;
  dataHash: string;
  /** SHA-256 of every other input file the run read (e.g. a recorded latency file), by config path. */
  inputHashes: Record<string, string>;
  /** SHA-256 over the KPI report, the fills and the timeseries. */
  resultsHash: string;
  /** The online re-calibration's fits (config calibration.online; empty when off). */
  onlineCalibration?: OnlineFitRecord[];
  /** Crossed books met and skipped (config sim.on_crossed "skip"; absent with "fail", which stops at the first). */
  crossedBook?: CrossedBookStats;
}

/** Runs one backtest to the end of the data (or `durationNs`). */
export async function runBacktest(options: BacktestOptions): Promise<BacktestResult> {
  const { config, data, rng } = options;
  checkConfigAgainstData(config, data.meta);
  const tickSize = data.meta.tickSize;
  const session = await data.session?.();
  const { clock, latency, kpi, engine, simulator, exchange } = assembleSimulation({
    config,
    rng,
    originNs: data.originNs,
    tickSize,
    latencyContext: { roundTrips: session?.roundTrips },
    dataSource: dataSourceName(data),
  });
  // A paper session's hot reloads replay at the same steps.
  if (session !== undefined) engine.sessionConfigs = session.configs;

  const pool = new EventBatchPool();
  await simulator.run(exchange, feedOnlineCalibration(engine, data.batches(pool)), options.durationNs ?? Infinity, options.onProgress, pool);

  return {
    ...collectResults({ clock, kpi, engine }, tickSize),
    events: simulator.eventsProcessed,
    dataHash: await data.hash(),
    inputHashes: latency instanceof RecordedLatency ? { "sim.latency.path": latency.sha256 } : {},
    ...(config.sim.on_crossed === "skip" ? { crossedBook: exchange.crossedBookStats() } : {}),
  };
}

/** How the exchange's errors name the data: its path, or its synthetic scenario. */
function dataSourceName(data: MarketData): string {
  const d = data.description;
  if (typeof d.path === "string") return d.path;
  return typeof d.scenario === "string" ? `synthetic scenario ${d.scenario}` : "the market data";
}

/** What a finished simulation produced (a backtest's or a paper session's), and the hash over it. */
export type RunResults = Omit<BacktestResult, "events" | "dataHash" | "inputHashes">;

/** Ends the KPIs at the clock's time and collects the results of a finished simulation. */
export function collectResults(sim: Pick<Simulation, "clock" | "kpi" | "engine">, tickSize: number): RunResults {
  const { clock, kpi, engine } = sim;
  const endNs = clock.nowNs();
  const mid = engine.market.midTicks();
  const kpis = kpi.finish(endNs, Number.isNaN(mid) ? lastMid(engine) : mid);
  const timeseries = engine.timeseries.toColumns();
  const fills = engine.fillLog.toColumns(tickSize);
  const resultsHash = hashJson({ kpis, fills: digestColumns(fills), timeseries: digestColumns(timeseries), guard: engine.guardEvents, errors: engine.stepErrors });
  return {
    kpis,
    timeseries,
    fills,
    guardEvents: engine.guardEvents,
    stepErrors: engine.stepErrors,
    cancelReasons: { ...engine.cancelReasons() },
    steps: engine.stepCount,
    resultsHash,
    onlineCalibration: engine.onlineCalibration?.history ?? [],
  };
}

function lastMid(engine: TradingEngine): number {
  const ts = engine.timeseries.toColumns();
  const n = ts.mid.length;
  return n > 0 ? ts.mid[n - 1] / engine.currentConfig().symbol.tick_size : 0;
}

function digestColumns(columns: Record<string, ArrayBufferView>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(columns).sort()) {
    const hasher = newHasher();
    hashView(hasher, columns[name]);
    out[name] = hasher.digest("hex");
  }
  return out;
}
