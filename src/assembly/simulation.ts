import { BookMirror } from "../book/bookMirror.ts";
import { feeAssumption } from "../config/feeSchedules.ts";
import type { MmConfig } from "../config/schema.ts";
import type { Rng } from "../core/rng.ts";
import { NS_PER_MS, VirtualClock } from "../core/time.ts";
import { TradingEngine } from "../engine/tradingEngine.ts";
import type { Venue } from "../venue/venue.ts";
import { KpiTracker } from "../kpi/tracker.ts";
import { SimExchange } from "../sim/exchange.ts";
import { FeeModel } from "../sim/fees.ts";
import { createLatencyModel, type LatencyModel, type LatencyModelContext } from "../sim/latency/index.ts";
import type { ResponseMessage } from "../sim/messages.ts";
import { createQueueModel } from "../sim/queue/index.ts";
import { SimVenue } from "../sim/simVenue.ts";
import { Simulator } from "../sim/simulator.ts";
import type { ResolvedStrategy } from "../strategy/load.ts";

/**
 * The parts of one simulated run, wired the same way for a backtest and a paper session:
 *   virtual clock ─▶ engine (strategy, risk, KPIs) ─▶ venue ─▶ entry latency ─▶ exchange (queue, fees)
 *   exchange answers ─▶ response latency ─▶ engine
 *   market data ─▶ exchange's book ─▶ (trace) ─▶ the engine's mirror of it
 */
export interface Simulation {
  clock: VirtualClock;
  latency: LatencyModel;
  venue: SimVenue;
  kpi: KpiTracker;
  engine: TradingEngine<BookMirror>;
  simulator: Simulator;
  exchange: SimExchange;
}

export interface SimulationOptions {
  config: MmConfig;
  /** The run's random source; each model forks its own stream from it. */
  rng: Rng;
  /** The strategy (strategy/load.ts resolveStrategy); default: the config's built-in `quoter`. */
  strategy?: ResolvedStrategy;
  /** Epoch ns of relative time 0. */
  originNs: bigint;
  tickSize: number;
  /** More for the latency model (e.g. a session's measured round trips). */
  latencyContext?: Omit<LatencyModelContext, "originEpochNs">;
  /** Puts something between the engine and the simulated venue (a paper session records requests). */
  wrapVenue?: (venue: SimVenue, clock: VirtualClock) => Venue;
  /** Sees every answer of the exchange as it is produced, at exchange time (before the response latency). */
  onAnswer?: (message: ResponseMessage) => void;
  /** Names the market data in the exchange's errors (e.g. a crossed book): its path. */
  dataSource?: string;
}

/** Builds the models a config names and wires them into one simulation. */
export function assembleSimulation(o: SimulationOptions): Simulation {
  const { config, rng, tickSize } = o;
  const clock = new VirtualClock();
  const latency = createLatencyModel(config.sim.latency, rng.fork("latency"), { ...o.latencyContext, originEpochNs: o.originNs });
  const queue = createQueueModel(config.sim.queue, rng.fork("queue"));
  const venue = new SimVenue(clock, latency);
  const kpi = new KpiTracker({
    tickSize,
    qMax: config.risk.q_max,
    fees: feeAssumption(config.fees),
    requiredRules: config.kpi.required,
    sampleIntervalNs: config.record.interval_ms * NS_PER_MS,
  });
  const engine = new TradingEngine({ config, clock, venue: o.wrapVenue === undefined ? venue : o.wrapVenue(venue, clock), kpi, originEpochNs: o.originNs, market: new BookMirror(), strategy: o.strategy, rng: rng.fork("strategy") });
  const simulator = new Simulator(clock, engine, venue, latency, config.loop.interval_ms * NS_PER_MS);
  const onAnswer = o.onAnswer;
  const respond = onAnswer === undefined ? simulator.respond : (m: ResponseMessage) => {
    onAnswer(m);
    simulator.respond(m);
  };
  const exchange = new SimExchange(queue, new FeeModel(config.fees.maker_bps, config.fees.taker_bps), tickSize, respond, {
    onCrossed: config.sim.on_crossed,
    source: o.dataSource ?? "the market data",
  });
  return { clock, latency, venue, kpi, engine, simulator, exchange };
}
