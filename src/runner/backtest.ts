import type { MmConfig } from "../config/schema.ts";
import { EventBatchPool } from "../data/batch.ts";
import type { Rng } from "../core/rng.ts";
import { RecordedLatency } from "../sim/latency/recorded.ts";
import type { CrossedBookStats } from "../sim/crossedBook.ts";
import type { SimulationProgress } from "../sim/simulator.ts";
import { checkConfigAgainstData } from "./dataAgreement.ts";
import type { MarketData } from "../data/sources/marketData.ts";
import { collectResults, type RunResults } from "../assembly/results.ts";
import { assembleSimulation } from "../assembly/simulation.ts";
import type { StrategyDefinition } from "../strategy/api.ts";
import { resolveStrategy, strategyIdentity, type StrategyIdentity } from "../strategy/load.ts";
import { feedOnlineCalibration } from "../assembly/onlineFeed.ts";

/**
 * One backtest:
 *   strategy (given, config strategy.module, or the built-in quoter) + its params, checked
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
  /** A strategy to run instead of the config's (`strategy.module` or the built-in `quoter`); its params from `strategy.params`. */
  strategy?: StrategyDefinition;
}

export interface BacktestResult extends RunResults {
  /** The strategy that ran: its name, module, params and the module's hash. */
  strategy: StrategyIdentity;
  events: number;
  dataHash: string;
  /** SHA-256 of every other input file the run read (e.g. a recorded latency file, the strategy module), by config path. */
  inputHashes: Record<string, string>;
  /** Crossed books met and skipped (config sim.on_crossed "skip"; absent with "fail", which stops at the first). */
  crossedBook?: CrossedBookStats;
}

/** Runs one backtest to the end of the data (or `durationNs`). */
export async function runBacktest(options: BacktestOptions): Promise<BacktestResult> {
  const { config, data, rng } = options;
  checkConfigAgainstData(config, data.meta);
  const strategy = await resolveStrategy(config, options.strategy);
  const tickSize = data.meta.tickSize;
  const session = await data.session?.();
  const { clock, latency, kpi, engine, simulator, exchange } = assembleSimulation({
    config,
    rng,
    originNs: data.originNs,
    tickSize,
    strategy,
    latencyContext: { roundTrips: session?.roundTrips },
    dataSource: dataSourceName(data),
  });
  // A paper session's hot reloads replay at the same steps.
  if (session !== undefined) engine.sessionConfigs = session.configs;

  const pool = new EventBatchPool();
  await simulator.run(exchange, feedOnlineCalibration(engine, data.batches(pool)), options.durationNs ?? Infinity, options.onProgress, pool);

  return {
    ...collectResults({ clock, kpi, engine }, tickSize),
    strategy: strategyIdentity(strategy, config),
    events: simulator.eventsProcessed,
    dataHash: await data.hash(),
    inputHashes: {
      ...(latency instanceof RecordedLatency ? { "sim.latency.path": latency.sha256 } : {}),
      ...(strategy.moduleSha256 !== undefined ? { "strategy.module": strategy.moduleSha256 } : {}),
    },
    ...(config.sim.on_crossed === "skip" ? { crossedBook: exchange.crossedBookStats() } : {}),
  };
}

/** How the exchange's errors name the data: its path, or its synthetic scenario. */
function dataSourceName(data: MarketData): string {
  const d = data.description;
  if (typeof d.path === "string") return d.path;
  return typeof d.scenario === "string" ? `synthetic scenario ${d.scenario}` : "the market data";
}

