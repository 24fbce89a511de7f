import { describe, expect, it } from "vitest";
import { BookMirror } from "../../src/book/bookMirror.ts";
import { feeAssumption } from "../../src/config/feeSchedules.ts";
import { parseConfig } from "../../src/config/load.ts";
import { rootRng, type Rng } from "../../src/core/rng.ts";
import { Side } from "../../src/core/side.ts";
import { NS_PER_MS, VirtualClock } from "../../src/core/time.ts";
import { allocEventBatch, EventBatchPool } from "../../src/data/batch.ts";
import { EventKind, type EventBatch } from "../../src/data/schema.ts";
import { ControlCode, SessionKind } from "../../src/data/sessionKinds.ts";
import { TradingEngine } from "../../src/engine/tradingEngine.ts";
import { KpiTracker } from "../../src/kpi/tracker.ts";
import { SimExchange } from "../../src/sim/exchange.ts";
import { FeeModel } from "../../src/sim/fees.ts";
import { createLatencyModel } from "../../src/sim/latency/index.ts";
import type { ResponseMessage } from "../../src/sim/messages.ts";
import { createQueueModel } from "../../src/sim/queue/index.ts";
import { SimVenue } from "../../src/sim/simVenue.ts";
import { Simulator } from "../../src/sim/simulator.ts";
import { TimedQueue } from "../../src/sim/timedQueue.ts";

/*
 * The simulator runs each side's market data in tight loops between messages and steps. Its result
 * must be that of merging the five streams one item at a time in the documented order (exchange
 * data, requests, answers, strategy data, step at equal times), the strategy's engine keeping a
 * book of its own. Checked against that merge, written out plainly below, on random streams with
 * ties, strategy-side timestamps before the exchange's (seen at the exchange's) and going back in
 * time, fills by trades and by crossing levels, and random batch cuts.
 */
const MS = NS_PER_MS;

/** The backtest stack; `mirror`: the engine sees the exchange's book as the simulator shows it (else it keeps its own). */
function stack(entryMs: number, responseMs: number, mirror: boolean) {
  // Quotes 2.5 ticks either side of the mid (γ = 0.1, k for a 0.05 spread, τ = 0), as in simulator.test.ts.
  const config = parseConfig({
    gamma: 0.1,
    k: 0.1 / (Math.exp((0.05 * 0.1) / 2) - 1),
    horizon: { mode: "rolling", tau_seconds: 0 },
    volatility: { window: 2, base_window: 4 },
    symbol: { min_notional: 0 },
    orders: { size: 1, requote_threshold_ticks: 1, requote_behind_threshold_ticks: 1, max_age_ms: 300 },
    risk: { q_max: 5 },
    sim: { latency: { kind: "constant", entry_ms: entryMs, response_ms: responseMs } },
    loop: { interval_ms: 10 },
    record: { interval_ms: 10 },
  });
  const rng = rootRng(1);
  const clock = new VirtualClock();
  const latency = createLatencyModel(config.sim.latency, rng.fork("latency"));
  const venue = new SimVenue(clock, latency);
  const kpi = new KpiTracker({ tickSize: 0.01, qMax: config.risk.q_max, fees: feeAssumption(config.fees), sampleIntervalNs: 10 * MS });
  const engine = new TradingEngine({ config, clock, venue, kpi, originEpochNs: 0n, market: mirror ? new BookMirror() : undefined });
  // The reference merge has no simulator: answers reach the engine after the response latency, in order.
  const simulator = mirror ? new Simulator(clock, engine, venue, latency, config.loop.interval_ms * MS) : undefined;
  const responses = simulator?.responses ?? new TimedQueue<ResponseMessage>();
  let lastResponseNs = -Infinity;
  const respond = simulator?.respond ?? ((m: ResponseMessage) => {
    m.tNs = lastResponseNs = Math.max(m.tNs + latency.responseNs(m.tNs), lastResponseNs);
    responses.push(m);
  });
  const answers: ResponseMessage[] = [];
  // The random books cross, and the reference merge applies rows with no crossed-book rule: none here either.
  const exchange = new SimExchange(createQueueModel(config.sim.queue, rng.fork("queue")), new FeeModel(0, 0), 0.01, (m) => {
    answers.push({ ...m });
    respond(m);
  }, { onCrossed: "allow", source: "random rows" });
  const result = () => ({
    answers,
    fills: engine.fillLog.fills,
    timeseries: engine.timeseries.toColumns(),
    steps: engine.stepCount,
    clockNs: clock.nowNs(),
    kpis: kpi.finish(clock.nowNs(), engine.market.midTicks()),
  });
  return { clock, venue, engine, simulator, responses, exchange, interval: config.loop.interval_ms * MS, result };
}
type Stack = ReturnType<typeof stack>;

/** The reference: every item of the five streams, one at a time, in time order (ties in the documented order). */
function mergeOneByOne(s: Stack, rows: EventBatch, endNs: number): void {
  const n = rows.length;
  let ei = 0;
  let li = 0;
  let lastLocalNs = -Infinity;
  let nextStepNs = n > 0 ? Math.ceil(Math.max(0, rows.localTsNs[0]) / s.interval) * s.interval : Infinity;
  for (;;) {
    const tE = ei < n ? rows.exchTsNs[ei] : Infinity;
    const tL = li < n ? Math.max(rows.localTsNs[li], rows.exchTsNs[li], lastLocalNs) : Infinity;
    const tReq = s.venue.requests.nextTimeNs();
    const tResp = s.responses.nextTimeNs();
    const tStep = li < n ? nextStepNs : Infinity;
    const t = Math.min(tE, tReq, tResp, tL, tStep);
    if (t > endNs || t === Infinity) break;
    if (tE === t) {
      s.exchange.onMarketEvent(t, rows.kind[ei], rows.side[ei], rows.priceTicks[ei], rows.qty[ei], rows.orderId[ei]);
      ei++;
    } else if (tReq === t) {
      const m = s.venue.requests.shift();
      if (m.kind === "new") s.exchange.onNewOrder(t, m.orderId, m.side, m.priceTicks, m.qty);
      else s.exchange.onCancel(t, m.orderId);
    } else if (tResp === t) {
      s.clock.advanceTo(t);
      const m = s.responses.shift();
      if (m.kind === "ack") s.engine.onAck(m.orderId);
      else if (m.kind === "reject") s.engine.onReject(m.orderId, m.reason);
      else if (m.kind === "cancelAck") s.engine.onCancelAck(m.orderId);
      else if (m.kind === "cancelReject") s.engine.onCancelReject(m.orderId);
      else s.engine.onFill(m);
    } else if (tL === t) {
      s.clock.advanceTo(t);
      lastLocalNs = t;
      s.engine.onMarketEvent(rows.kind[li], rows.side[li], rows.priceTicks[li], rows.qty[li]);
      li++;
    } else {
      s.clock.advanceTo(t);
      s.engine.step();
      nextStepNs += s.interval;
    }
  }
}

/**
 * A random market around 10000 ticks: depth updates (up to 4 ticks through the mid: crossing our
 * quotes), trades, ties, local_ts off by −3..+6 ms, session rows. `plain`: local_ts a growing lag
 * after exch_ts (never back, never before it) and no session rows, as a converted file batch with
 * plainLocalTimes may be.
 */
function randomRows(rng: Rng, n: number, plain = false): EventBatch {
  const rows = allocEventBatch(n + 2);
  const put = (i: number, exch: number, local: number, kind: number, side: number, price: number, qty: number) => {
    rows.exchTsNs[i] = exch;
    rows.localTsNs[i] = local;
    rows.kind[i] = kind;
    rows.side[i] = side;
    rows.priceTicks[i] = price;
    rows.qty[i] = qty;
  };
  put(0, 0, 0, EventKind.SNAPSHOT, Side.BID, 9995, 2);
  put(1, 0, 0, EventKind.SNAPSHOT, Side.ASK, 10005, 2);
  let t = 0;
  let lastLocal = 0;
  for (let i = 2; i < n + 2; i++) {
    t += Math.floor(rng.next() * 4) * MS * 0.5; // steps of 0, 0.5, 1, 1.5 ms: many ties
    const offset = Math.round((rng.next() * 9 - 3) * 2) * MS * 0.5;
    const local = plain ? (lastLocal = Math.max(lastLocal, t + Math.abs(offset))) : t + offset;
    if (plain) {
      const side = rng.next() < 0.5 ? Side.BID : Side.ASK;
      if (rng.next() < 0.25) put(i, t, local, EventKind.TRADE, side, 10000 + side * Math.floor(rng.next() * 6), 0.5 + Math.floor(rng.next() * 4));
      else put(i, t, local, EventKind.DEPTH, side, 10000 - side * (Math.floor(rng.next() * 12) - 4), Math.floor(rng.next() * 4));
      continue;
    }
    const side = rng.next() < 0.5 ? Side.BID : Side.ASK;
    const u = rng.next();
    // Session rows among the market data: heartbeats, and a halt three quarters in (kind CONTROL, code 1 in the side column).
    if (i === Math.floor(n * 0.75)) put(i, t, local, SessionKind.CONTROL, ControlCode.HALT, 0, 0);
    else if (u < 0.02) put(i, t, local, SessionKind.HEARTBEAT, 0, 0, 0);
    else if (u < 0.25) put(i, t, local, EventKind.TRADE, side, 10000 + side * Math.floor(rng.next() * 6), 0.5 + Math.floor(rng.next() * 4));
    else put(i, t, local, EventKind.DEPTH, side, 10000 - side * (Math.floor(rng.next() * 12) - 4), Math.floor(rng.next() * 4));
  }
  rows.length = n + 2;
  return rows;
}

/** `rows` cut into batches of random sizes, each marked plainLocalTimes when `plain` (the rows are made so). */
function cut(rng: Rng, rows: EventBatch, plain = false): EventBatch[] {
  const out: EventBatch[] = [];
  for (let from = 0; from < rows.length; ) {
    const size = Math.min(rows.length - from, 1 + Math.floor(rng.next() * 300));
    const b = allocEventBatch(size);
    for (const key of ["exchTsNs", "localTsNs", "kind", "side", "priceTicks", "qty", "orderId"] as const) b[key].set(rows[key].subarray(from, from + size));
    b.length = size;
    b.plainLocalTimes = plain;
    out.push(b);
    from += size;
  }
  return out;
}

describe("Simulator = merging the five streams one item at a time", () => {
  for (const [seed, entryMs, responseMs, endMs, plain] of [
    [1, 1, 1, Infinity, false],
    [2, 0, 0, Infinity, false],
    [3, 2.5, 0.5, Infinity, false],
    [4, 1, 3, 1500, false],
    [5, 0.5, 0, 900, false],
    [6, 1, 1, Infinity, true],
    [7, 0, 0, Infinity, true],
    [8, 2.5, 0.5, 1200, true],
  ] as const) {
    it(`seed ${seed}: latency ${entryMs} + ${responseMs} ms, until ${endMs} ms${plain ? ", plain local times (runs found by search)" : ""}`, async () => {
      const rng = rootRng(seed);
      const rows = randomRows(rng, 3000, plain);
      const endNs = endMs * MS;
      const expected = stack(entryMs, responseMs, false);
      mergeOneByOne(expected, rows, endNs);
      const actual = stack(entryMs, responseMs, true);
      await actual.simulator!.run(actual.exchange, cut(rng, rows, plain), endNs, undefined, new EventBatchPool());
      const want = expected.result();
      expect(want.fills.length).toBeGreaterThan(5);
      expect(actual.result()).toEqual(want);
    });
  }
});
