import { describe, expect, it, vi } from "vitest";
import { feeAssumption } from "../../src/config/feeSchedules.ts";
import { parseConfig } from "../../src/config/load.ts";
import type { MmConfigInput } from "../../src/config/schema.ts";
import { rootRng } from "../../src/core/rng.ts";
import { Side } from "../../src/core/side.ts";
import { NS_PER_MS, VirtualClock } from "../../src/core/time.ts";
import { BookMirror } from "../../src/book/bookMirror.ts";
import { allocEventBatch } from "../../src/data/batch.ts";
import { EventKind, type EventBatch } from "../../src/data/schema.ts";
import { RejectReason } from "../../src/venue/venue.ts";
import { TradingEngine } from "../../src/engine/tradingEngine.ts";
import { KpiTracker } from "../../src/kpi/tracker.ts";
import { runBacktest } from "../../src/runner/backtest.ts";
import { syntheticData } from "../../src/data/sources/syntheticData.ts";
import { SimExchange } from "../../src/sim/exchange.ts";
import { FeeModel } from "../../src/sim/fees.ts";
import { createLatencyModel } from "../../src/sim/latency/index.ts";
import type { ResponseMessage } from "../../src/sim/messages.ts";
import { createQueueModel } from "../../src/sim/queue/index.ts";
import { SimVenue } from "../../src/sim/simVenue.ts";
import { Simulator } from "../../src/sim/simulator.ts";
import { ownFields } from "../support/answers.ts";
import { NS_PER_S } from "../../src/core/time.ts";

/*
 * The full backtest stack (wired exactly as src/runner/backtest.ts does) on hand-made streams.
 * Strategy set-up: tick 0.01, τ = 0, OFI β = 0, σ warm after 1 observation (steps at 0 and 100 ms),
 * k chosen for a total spread δ = 0.05 quote (half-spread 2.5 ticks), size 1, requote threshold 1 tick.
 * Book bid 9995 × 2 / ask 10005 × 2 → mid 10000 → quotes bid 9997 (id 1), ask 10003 (id 2) sent at 100 ms.
 */
const MS = NS_PER_MS;
const TICK = 0.01;
const GAMMA = 0.1;
const K = GAMMA / (Math.exp((0.05 * GAMMA) / 2) - 1);

type Row = [exchMs: number, localMs: number, kind: number, side: number, priceTicks: number, qty: number];

function batch(rows: Row[]): EventBatch {
  const b = allocEventBatch(rows.length);
  rows.forEach(([e, l, kind, side, price, qty], i) => {
    b.exchTsNs[i] = e * MS;
    b.localTsNs[i] = l * MS;
    b.kind[i] = kind;
    b.side[i] = side;
    b.priceTicks[i] = price;
    b.qty[i] = qty;
  });
  b.length = rows.length;
  return b;
}

const OPENING: Row[] = [
  [0, 0, EventKind.SNAPSHOT, Side.BID, 9995, 2],
  [0, 0, EventKind.SNAPSHOT, Side.ASK, 10005, 2],
];
/** A harmless deep level late in the stream, so the loop keeps stepping until then. */
const END = (ms: number): Row => [ms, ms, EventKind.DEPTH, Side.BID, 9900, 1];

function stack(entryMs: number, responseMs: number, extra: Partial<MmConfigInput> = {}) {
  const config = parseConfig({
    gamma: GAMMA,
    k: K,
    horizon: { mode: "rolling", tau_seconds: 0 },
    ofi: { beta: 0 },
    volatility: { window: 1, base_window: 2 },
    symbol: { min_notional: 0 },
    orders: { size: 1, requote_threshold_ticks: 1, requote_behind_threshold_ticks: 1, max_age_ms: 60_000 },
    risk: { q_max: 5 },
    sim: { latency: { kind: "constant", entry_ms: entryMs, response_ms: responseMs } },
    record: { interval_ms: 100 },
    ...extra,
  });
  const rng = rootRng(1);
  const clock = new VirtualClock();
  const latency = createLatencyModel(config.sim.latency, rng.fork("latency"));
  const queue = createQueueModel(config.sim.queue, rng.fork("queue"));
  const venue = new SimVenue(clock, latency);
  const kpi = new KpiTracker({ tickSize: TICK, qMax: config.risk.q_max, fees: feeAssumption(config.fees), sampleIntervalNs: config.record.interval_ms * MS });
  const engine = new TradingEngine({ config, clock, venue, kpi, originEpochNs: 0n, market: new BookMirror() });
  const simulator = new Simulator(clock, engine, venue, latency, config.loop.interval_ms * MS);
  /** Every answer of the exchange, stamped with its exchange time (copied before the latency is added). */
  const answers: ResponseMessage[] = [];
  const exchange = new SimExchange(queue, new FeeModel(config.fees.maker_bps, config.fees.taker_bps), TICK, (m) => {
    answers.push(ownFields(m));
    simulator.respond(m);
  });
  const run = async (batches: EventBatch[]) => {
    await simulator.run(exchange, batches);
    return kpi.finish(clock.nowNs(), engine.market.midTicks());
  };
  return { config, clock, venue, kpi, engine, simulator, exchange, answers, run };
}

const brief = (answers: ResponseMessage[]) => answers.map((m) => [m.tNs / MS, m.kind, m.orderId]);

/** Calls `seen` with the exchange time of every market event the exchange applies, one by one or as a run of rows. */
function watchExchangeData(exchange: SimExchange, seen: (tNs: number) => void): void {
  const one = exchange.onMarketEvent.bind(exchange);
  vi.spyOn(exchange, "onMarketEvent").mockImplementation((t, ...rest) => {
    seen(t);
    one(t, ...rest);
  });
  const rows = exchange.replay.bind(exchange);
  vi.spyOn(exchange, "replay").mockImplementation((b, trace, from, until) => {
    const to = rows(b, trace, from, until);
    for (let i = from; i < to; i++) seen(b.exchTsNs[i]);
    return to;
  });
}

/**
 * Calls `seen` for every market event the strategy side hands over (to the engine's view of the
 * market), each at the clock time after its run of rows. The run is the simulator's private
 * strategySpan: watched from outside, as nothing else marks it.
 */
function watchLocalData(simulator: Simulator, seen: (kind: number, side: number, priceTicks: number, qty: number) => void): void {
  type Span = (b: EventBatch, trace: unknown, i: number, end: number, before: number, until: number) => number;
  const target = simulator as unknown as { strategySpan: Span };
  const span = target.strategySpan.bind(simulator);
  vi.spyOn(target, "strategySpan").mockImplementation((b, trace, i, end, before, until) => {
    const to = span(b, trace, i, end, before, until);
    for (let r = i; r < to; r++) seen(b.kind[r], b.side[r], b.priceTicks[r], b.qty[r]);
    return to;
  });
}

describe("Simulator: tie order at equal timestamps", () => {
  it("a request arriving at the same ns as a depth update sees the updated book (exchange data first)", async () => {
    // Orders sent at 100 ms arrive at 110 ms. At exch 110 ms the best ask drops to 9997 = our bid price:
    // processed first, the bid would cross → post-only reject; the ask (10003 > best bid 9995) is acked.
    const s = stack(10, 10);
    await s.run([batch([...OPENING, [110, 150, EventKind.DEPTH, Side.ASK, 9997, 2], END(1000)])]);
    const at110 = s.answers.filter((m) => m.tNs === 110 * MS);
    expect(at110).toEqual([
      { tNs: 110 * MS, kind: "reject", orderId: 1, reason: RejectReason.POST_ONLY_WOULD_CROSS },
      { tNs: 110 * MS, kind: "ack", orderId: 2 },
    ]);
    expect(s.answers.some((m) => m.kind === "fill" && m.orderId === 1)).toBe(false);
  });

  it("control: the same update 1 ns later finds the bid resting and fills it by crossing", async () => {
    const s = stack(10, 10);
    const b = batch([...OPENING, [110, 150, EventKind.DEPTH, Side.ASK, 9997, 2], END(1000)]);
    b.exchTsNs[2] = 110 * MS + 1;
    await s.run([b]);
    expect(brief(s.answers.filter((m) => m.tNs <= 110 * MS + 1))).toEqual([
      [110, "ack", 1],
      [110, "ack", 2],
      [110 + 1e-6, "fill", 1],
    ]);
    const fill = s.answers.find((m) => m.kind === "fill");
    // min(open 1, crossing level 2) = 1 @ our 9997; mid before the update = 10000
    expect(fill).toMatchObject({ orderId: 1, priceTicks: 9997, qty: 1, midAtFillTicks: 10000 });
  });

  it("at one ns: exchange data → requests reaching the exchange → answers reaching the engine → local data → step", async () => {
    // entry 100 ms, response 100 ms. Quotes sent at 100 ms reach the exchange at 200 ms, their acks the
    // engine at 300 ms. Local bid 9996 at 200 ms (seen before the 200 ms step): mid 10000.5 → bid 9998,
    // a 1-tick move: cancel 1 + new 3 sent at 200 ms, reaching the exchange at 300 ms.
    // At 300 ms there is also a row with exch_ts = local_ts = 300 ms, and a step.
    const s = stack(100, 100);
    const log: [number, string][] = [];
    const ex = s.exchange;
    const en = s.engine;
    watchExchangeData(ex, (t) => log.push([t, "1 exchange data"]));
    const origNew = ex.onNewOrder.bind(ex);
    vi.spyOn(ex, "onNewOrder").mockImplementation((t, ...rest) => {
      log.push([t, "2 request new"]);
      origNew(t, ...rest);
    });
    const origCancel = ex.onCancel.bind(ex);
    vi.spyOn(ex, "onCancel").mockImplementation((t, id) => {
      log.push([t, "2 request cancel"]);
      origCancel(t, id);
    });
    const origAck = en.onAck.bind(en);
    vi.spyOn(en, "onAck").mockImplementation((id) => {
      log.push([s.clock.nowNs(), "3 answer ack"]);
      origAck(id);
    });
    watchLocalData(s.simulator, () => log.push([s.clock.nowNs(), "4 local data"]));
    const origStep = en.step.bind(en);
    vi.spyOn(en, "step").mockImplementation(() => {
      log.push([s.clock.nowNs(), "5 step"]);
      origStep();
    });
    await s.run([batch([
      ...OPENING,
      [200, 200, EventKind.DEPTH, Side.BID, 9996, 1],
      [300, 300, EventKind.DEPTH, Side.BID, 9990, 1],
      END(1000),
    ])]);
    expect(log.filter(([t]) => t === 300 * MS).map(([, what]) => what)).toEqual([
      "1 exchange data",
      "2 request cancel",
      "2 request new",
      "3 answer ack",
      "3 answer ack",
      "4 local data",
      "5 step",
    ]);
    expect(log.filter(([t]) => t === 200 * MS).map(([, what]) => what)).toEqual([
      "1 exchange data",
      "2 request new",
      "2 request new",
      "4 local data",
      "5 step",
    ]);
    // ... and the order 3 sent at 200 ms was priced from the local update seen before that step
    expect(s.answers.filter((m) => m.orderId === 3)[0]).toEqual({ tNs: 300 * MS, kind: "ack", orderId: 3 });
  });
});

describe("Simulator: local timestamps", () => {
  it("a local timestamp that goes back in time is taken as the previous one (file order kept)", async () => {
    const s = stack(10, 10);
    const seen: [number, number][] = [];
    watchLocalData(s.simulator, (_kind, _side, price) => seen.push([price, s.clock.nowNs() / MS]));
    await s.run([batch([
      ...OPENING,
      [200, 300, EventKind.DEPTH, Side.BID, 9991, 1],
      [210, 250, EventKind.DEPTH, Side.BID, 9992, 1], // local 250 < 300: delivered at 300, after 9991
      [302, 320, EventKind.DEPTH, Side.BID, 9993, 1],
      END(1000),
    ])]);
    expect(seen.slice(2, 5)).toEqual([
      [9991, 300],
      [9992, 300],
      [9993, 320],
    ]);
  });

  it("an event is not seen before it happened: a local timestamp before the exchange's is taken as the exchange's", async () => {
    const s = stack(10, 10);
    const seen: [number, number][] = [];
    watchLocalData(s.simulator, (_kind, _side, price) => seen.push([price, s.clock.nowNs() / MS]));
    const bidAtSteps: [number, number][] = [];
    const step = s.engine.step.bind(s.engine);
    vi.spyOn(s.engine, "step").mockImplementation(() => {
      bidAtSteps.push([s.clock.nowNs() / MS, s.engine.market.bestBidTicks]);
      step();
    });
    await s.run([batch([
      ...OPENING,
      [310, 290, EventKind.DEPTH, Side.BID, 9996, 1], // local 290 (a skewed clock): seen at 310, after the 300 ms step
      END(1000),
    ])]);
    expect(seen.slice(2, 3)).toEqual([[9996, 310]]);
    expect(bidAtSteps.filter(([t]) => t === 300 || t === 400)).toEqual([
      [300, 9995],
      [400, 9996],
    ]);
  });
});

describe("Simulator: latencies", () => {
  it("an ack reaches the engine exactly entry + response after the submit; KPI latency P99 = entry + response", async () => {
    const s = stack(7, 13);
    const submits = new Map<number, number>();
    const origSubmit = s.venue.submit.bind(s.venue);
    vi.spyOn(s.venue, "submit").mockImplementation((r) => {
      submits.set(r.orderId, s.clock.nowNs());
      origSubmit(r);
    });
    const acks = new Map<number, number>();
    const origAck = s.engine.onAck.bind(s.engine);
    vi.spyOn(s.engine, "onAck").mockImplementation((id) => {
      acks.set(id, s.clock.nowNs());
      origAck(id);
    });
    // a sell trade through our bid at exch 150 ms: the fill report reaches the engine at 163 ms
    const report = await s.run([batch([...OPENING, [150, 151, EventKind.TRADE, Side.ASK, 9996, 0.4], END(1000)])]);
    // only the two opening quotes: the partial fill leaves the bid's open 0.6 within its room, prices unchanged
    expect([...submits]).toEqual([[1, 100 * MS], [2, 100 * MS]]);
    for (const [id, t] of submits) expect(acks.get(id)).toBe(t + 20 * MS);
    // exchange saw the orders at 100 + 7 = 107 ms
    expect(s.answers.filter((m) => m.kind === "ack").slice(0, 2).map((m) => m.tNs)).toEqual([107 * MS, 107 * MS]);
    expect(report.latencyP99Ms).toBe(20);
    expect(report.acks).toBe(2);
    expect(s.engine.fillLog.fills).toHaveLength(1);
    expect(s.engine.fillLog.fills[0]).toMatchObject({ tNs: 163 * MS, exchTNs: 150 * MS, orderId: 1, priceTicks: 9997, qty: 0.4 });
  });

  it("a fill racing a cancel in flight: the fill arrives, the cancel is rejected, the order counts as filled, not cancelled", async () => {
    // entry 10 ms, response 10 ms. Bid 1 @ 9997 resting since 110 ms.
    // 200 ms: local bid 9996 → mid 10000.5 → bid wanted at 9998: cancel 1 + new 3 sent, arriving at 210 ms.
    // 205 ms: a sell 5 @ 9996 trades through bid 1 → fill 1 @ 9997 (exchange 205, engine 215).
    // 210 ms: the cancel of 1 finds nothing → cancelReject (engine 220); new bid 3 acked.
    const s = stack(10, 10);
    const report = await s.run([batch([
      ...OPENING,
      [200, 200, EventKind.DEPTH, Side.BID, 9996, 1],
      [205, 205, EventKind.TRADE, Side.ASK, 9996, 5],
      END(1000),
    ])]);
    expect(brief(s.answers)).toEqual([
      [110, "ack", 1],
      [110, "ack", 2],
      [205, "fill", 1],
      [210, "cancelReject", 1],
      [210, "ack", 3],
    ]);
    expect(s.engine.fillLog.fills).toHaveLength(1);
    expect(s.engine.fillLog.fills[0]).toMatchObject({ tNs: 215 * MS, exchTNs: 205 * MS, orderId: 1, side: Side.BID, priceTicks: 9997, qty: 1 });
    expect(s.engine.inventory).toBe(1);
    expect(report.ordersSubmitted).toBe(3);
    expect(report.ordersFilled).toBe(1);
    expect(report.ordersCancelled).toBe(0);
    expect(report.finalPosition).toBe(1);
    expect(report.cancelRatio).toBe(0);
  });

  it("the result does not depend on how the stream is cut into batches", async () => {
    const rows: Row[] = [
      ...OPENING,
      [200, 200, EventKind.DEPTH, Side.BID, 9996, 1],
      [205, 207, EventKind.TRADE, Side.ASK, 9996, 5],
      [400, 404, EventKind.DEPTH, Side.ASK, 10001, 1],
      [450, 452, EventKind.TRADE, Side.BID, 10004, 0.7],
      [700, 701, EventKind.DEPTH, Side.ASK, 10001, 0],
      END(1000),
    ];
    const whole = stack(10, 10);
    const r1 = await whole.run([batch(rows)]);
    const split = stack(10, 10);
    const r2 = await split.run(rows.map((r) => batch([r])));
    expect(whole.answers.length).toBeGreaterThan(4);
    expect(split.answers).toEqual(whole.answers);
    expect(r2).toEqual(r1);
    expect(split.engine.timeseries.toColumns()).toEqual(whole.engine.timeseries.toColumns());
  });
});

describe("runBacktest determinism", () => {
  it("the same seed gives the same resultsHash; a different seed a different one", async () => {
    const run = (seed: number) => runBacktest({ config: parseConfig({}), data: syntheticData("default", rootRng(seed), { durationNs: 600 * NS_PER_S }), rng: rootRng(seed) });
    const a = await run(7);
    const b = await run(7);
    const c = await run(8);
    expect(a.kpis.fills).toBeGreaterThan(0);
    expect(b.resultsHash).toBe(a.resultsHash);
    expect(b.dataHash).toBe(a.dataHash);
    expect(b.kpis).toEqual(a.kpis);
    expect(c.resultsHash).not.toBe(a.resultsHash);
    expect(c.dataHash).not.toBe(a.dataHash);
  });
});

describe("Simulator: the feed-health clock (BookMirror.lastBookNs)", () => {
  // Book rows at 0 ms (the opening) and 3000 ms (a deep level), trades in between: the book is
  // stale from 1100 ms (1.1 s > feed.max_silence_ms = 1000) until the row at 3000 ms, which the
  // step at 3000 ms sees (strategy-side data comes before the step at equal times).
  const rows: Row[] = [...OPENING, [500, 500, EventKind.TRADE, Side.ASK, 10005, 1], [1500, 1500, EventKind.TRADE, Side.BID, 9995, 1], END(3000), END(3200)];

  for (const plain of [false, true]) {
    it(`trades don't refresh it; book rows do, at their local time (${plain ? "plain local times: the galloping path" : "row by row"})`, async () => {
      const s = stack(0, 0, { feed: { max_silence_ms: 1000 } });
      const b = batch(rows);
      b.plainLocalTimes = plain;
      await s.run([b]);
      expect(s.engine.feedEvents.map((e) => [e.kind, e.tNs / MS, e.silenceMs])).toEqual([
        ["pause", 1100, 1100],
        ["resume", 3000, 0],
      ]);
      expect(s.engine.market.lastBookNs).toBe(3200 * MS);
    });
  }
});
