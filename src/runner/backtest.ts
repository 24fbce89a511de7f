import type { MmConfig } from "../config/schema.ts";
import { hashJson, hashView, newHasher } from "../core/hash.ts";
import { ConfigError } from "../core/errors.ts";
import { EventBatchPool } from "../data/batch.ts";
import type { Rng } from "../core/rng.ts";
import { NS_PER_MS, VirtualClock } from "../core/time.ts";
import type { TimeseriesColumn } from "../engine/recorder.ts";
import { TradingEngine, type StepError } from "../engine/tradingEngine.ts";
import { KpiTracker } from "../kpi/tracker.ts";
import type { KpiReport } from "../kpi/report.ts";
import type { GuardEvent } from "../risk/latencyGuard.ts";
import { SimExchange } from "../sim/exchange.ts";
import { FeeModel } from "../sim/fees.ts";
import { createLatencyModel } from "../sim/latency/index.ts";
import { RecordedLatency } from "../sim/latency/recorded.ts";
import { createQueueModel } from "../sim/queue/index.ts";
import { SimVenue } from "../sim/simVenue.ts";
import { Simulator, type SimulationProgress } from "../sim/simulator.ts";
import type { MarketData } from "./marketData.ts";

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
}

/** Runs one backtest to the end of the data (or `durationNs`). */
export async function runBacktest(options: BacktestOptions): Promise<BacktestResult> {
  const { config, data, rng } = options;
  if (Math.abs(data.meta.tickSize - config.symbol.tick_size) > 1e-12 * data.meta.tickSize) {
    throw new ConfigError("symbol.tick_size", config.symbol.tick_size, `differs from the data's tick size ${data.meta.tickSize}; set it with --set symbol.tick_size=${data.meta.tickSize}`);
  }
  const tickSize = data.meta.tickSize;
  const clock = new VirtualClock();
  const latency = createLatencyModel(config.sim.latency, rng.fork("latency"), { originEpochNs: data.originNs });
  const queue = createQueueModel(config.sim.queue, rng.fork("queue"));
  const venue = new SimVenue(clock, latency);
  const kpi = new KpiTracker({ tickSize, qMax: config.risk.q_max, sampleIntervalNs: config.record.interval_ms * NS_PER_MS });
  const engine = new TradingEngine({ config, clock, venue, kpi, originEpochNs: data.originNs });
  const simulator = new Simulator(clock, engine, venue, latency, config.loop.interval_ms * NS_PER_MS);
  const exchange = new SimExchange(queue, new FeeModel(config.fees.maker_bps, config.fees.taker_bps), tickSize, simulator.respond);

  const pool = new EventBatchPool();
  await simulator.run(exchange, data.batches(pool), options.durationNs ?? Infinity, options.onProgress, pool);

  const endNs = clock.nowNs();
  const mid = engine.book.midTicks();
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
    events: simulator.eventsProcessed,
    steps: engine.stepCount,
    dataHash: await data.hash(),
    inputHashes: latency instanceof RecordedLatency ? { "sim.latency.path": latency.sha256 } : {},
    resultsHash,
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
