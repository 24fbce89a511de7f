import type { EventBatchPool } from "../data/batch.ts";
import { MAX_MARKET_EVENT_KIND, type EventBatch } from "../data/schema.ts";
import type { TradingEngine } from "../engine/tradingEngine.ts";
import type { VirtualClock } from "../core/time.ts";
import type { SimExchange } from "./exchange.ts";
import type { LatencyModel } from "./latency/latencyModel.ts";
import type { ResponseMessage } from "./messages.ts";
import type { SimVenue } from "./simVenue.ts";
import { TimedQueue } from "./timedQueue.ts";

/**
 * The event loop of a backtest. Two views of one event stream:
 *   exchange side  market data at exch_ts → SimExchange (book, queues, fills)
 *   strategy side  market data at local_ts → TradingEngine (book, signals)
 * plus our requests (entry latency) and the exchange's answers (response latency), and the
 * engine's loop steps every `loopIntervalNs` on the virtual clock.
 *
 * Events at the same timestamp are handled in this order, always:
 *   1. exchange-side market data   2. our requests reaching the exchange
 *   3. answers reaching the strategy   4. strategy-side market data   5. the engine's step
 * Local timestamps that go back in time are taken as the previous one (file order is kept).
 */
export interface SimulationProgress {
  events: number;
  tNs: number;
}

export class Simulator {
  readonly responses = new TimedQueue<ResponseMessage>();
  private lastResponseNs = -Infinity;
  eventsProcessed = 0;
  lastEventNs = 0;

  constructor(
    private readonly clock: VirtualClock,
    private readonly engine: TradingEngine,
    private readonly venue: SimVenue,
    private readonly latency: LatencyModel,
    private readonly loopIntervalNs: number,
  ) {}

  /** Called by the exchange for each answer: it reaches the strategy after the response latency. */
  readonly respond = (message: ResponseMessage): void => {
    const arrival = Math.max(message.tNs + this.latency.responseNs(message.tNs), this.lastResponseNs);
    this.lastResponseNs = arrival;
    message.tNs = arrival;
    this.responses.push(message);
  };

  /**
   * Runs the stream (until `endNs`, relative) through the exchange and the engine.
   *
   * The two sides of the market data only meet through requests, answers and steps: exchange-side
   * events never touch the engine, strategy-side events never touch the exchange, and neither
   * sends a message. So each round runs every exchange-side event due before the next message or
   * step (an answer they produce may come sooner: the bound follows it), then every strategy-side
   * event due before it, each in a tight loop, and then handles that one message or step. This
   * gives the same result as merging all five streams one item at a time, without deciding between
   * the two cursors at every event. Batches both cursors are past go back to `pool`, if given.
   */
  async run(
    exchange: SimExchange,
    source: AsyncIterable<EventBatch> | Iterable<EventBatch>,
    endNs = Infinity,
    onProgress?: (p: SimulationProgress) => void,
    pool?: EventBatchPool,
  ): Promise<void> {
    const window = new BatchWindow(toAsyncIterator(source), pool);
    // Cursors: batch index within the window and row within that batch, per side.
    let eb = 0, ei = 0, lb = 0, li = 0;
    let eDone = !(await window.ensure(0));
    let lDone = eDone;
    let e = window.at(0);
    let l = e;
    this.lastLocalNs = -Infinity;
    const interval = this.loopIntervalNs;
    let nextStepNs = lDone ? Infinity : Math.ceil(Math.max(0, l.localTsNs[0]) / interval) * interval;
    const requests = this.venue.requests;
    const responses = this.responses;
    const engine = this.engine;
    const clock = this.clock;
    let events = 0;

    for (;;) {
      const tReq = requests.nextTimeNs();
      const tStep = lDone ? Infinity : nextStepNs;

      // 1. Exchange side: events at or before the next message or step (market data first at equal times).
      const exchangeUntil = Math.min(tReq, tStep, endNs);
      while (!eDone) {
        const from = ei;
        ei = exchangeSpan(exchange, responses, e, ei, exchangeUntil);
        events += ei - from;
        if (ei > 0) this.lastEventNs = e.exchTsNs[ei - 1];
        if (ei < e.length) break;
        ei = 0;
        eb++;
        if (await window.ensure(eb)) e = window.at(eb);
        else eDone = true;
        const released = window.releasePassed(eb, lb);
        eb -= released;
        lb -= released;
        if (onProgress !== undefined) onProgress({ events, tNs: this.lastEventNs });
      }
      // The answers the exchange side just produced (fills) may be due before the others.
      const tResp = responses.nextTimeNs();

      // 2. Strategy side: events before the next message, at or before the next step.
      const localBefore = tReq < tResp ? tReq : tResp;
      const localUntil = tStep < endNs ? tStep : endNs;
      while (!lDone) {
        li = this.strategySpan(l, li, localBefore, localUntil);
        if (li < l.length) break;
        li = 0;
        lb++;
        if (await window.ensure(lb)) l = window.at(lb);
        else lDone = true;
        const released = window.releasePassed(eb, lb);
        eb -= released;
        lb -= released;
      }

      // The strategy side just ran out of data: no more steps, so the exchange side may go further.
      if (lDone && tStep !== Infinity) continue;

      // 3. The next message or step, in that order at equal times.
      let t = tReq < tResp ? tReq : tResp;
      if (tStep < t) t = tStep;
      if (t > endNs || t === Infinity) break;
      if (tReq === t) {
        const m = requests.shift();
        if (m.kind === "new") exchange.onNewOrder(t, m.orderId, m.side, m.priceTicks, m.qty);
        else exchange.onCancel(t, m.orderId);
      } else if (tResp === t) {
        clock.advanceTo(t);
        deliver(engine, responses.shift());
      } else {
        clock.advanceTo(t);
        engine.step();
        nextStepNs += interval;
      }
    }
    this.eventsProcessed = events;
    // Stopped before the end of the data: let the source close (e.g. its file).
    await window.close();
  }

  /** Last local time handed to the engine (local timestamps that go back in time are raised to it). */
  private lastLocalNs = -Infinity;

  /**
   * Strategy side of one batch from row `i`: every event due before `before` and at or before
   * `until`, each at its local time (raised to the last one if it goes back). Returns where it
   * stopped. Market data goes to the engine in runs (one call per run, at the clock time of its
   * last event: nothing in between reads the clock); a session row (a paper session's control,
   * heartbeat…) alone, at its own time.
   */
  private strategySpan(b: EventBatch, i: number, before: number, until: number): number {
    const engine = this.engine;
    const clock = this.clock;
    const lT = b.localTsNs, lK = b.kind, n = b.length;
    let last = this.lastLocalNs;
    let from = i;
    for (; i < n; i++) {
      let t = lT[i];
      if (t < last) t = last; // file order is kept
      if (t >= before || t > until) break;
      if (lK[i] > MAX_MARKET_EVENT_KIND) {
        if (i > from) {
          clock.advanceTo(last);
          engine.onMarketRows(lK, b.side, b.priceTicks, b.qty, from, i);
        }
        clock.advanceTo(t);
        engine.onMarketEvent(lK[i], b.side[i], b.priceTicks[i], b.qty[i]);
        from = i + 1;
      }
      last = t;
    }
    if (i > from) {
      clock.advanceTo(last);
      engine.onMarketRows(lK, b.side, b.priceTicks, b.qty, from, i);
    }
    this.lastLocalNs = last;
    return i;
  }
}

/**
 * Exchange side of one batch from row `i`: every event at or before `until` and at or before the
 * next answer to the strategy (a fill this produces may be due sooner: the bound follows it).
 * Returns where it stopped. A plain function with few live values, so it optimises early and alone.
 */
function exchangeSpan(exchange: SimExchange, responses: TimedQueue<ResponseMessage>, b: EventBatch, i: number, until: number): number {
  const eT = b.exchTsNs, eK = b.kind, eS = b.side, eP = b.priceTicks, eQ = b.qty, eO = b.orderId, n = b.length;
  let pushes = responses.pushes;
  let tResp = responses.nextTimeNs();
  let bound = until < tResp ? until : tResp;
  for (; i < n; i++) {
    const t = eT[i];
    if (t > bound) break;
    exchange.onMarketEvent(t, eK[i], eS[i], eP[i], eQ[i], eO[i]);
    if (responses.pushes !== pushes) {
      pushes = responses.pushes;
      tResp = responses.nextTimeNs();
      bound = until < tResp ? until : tResp;
    }
  }
  return i;
}

/**
 * The batches between the strategy-side cursor (behind) and the exchange-side one, read from the
 * source as the cursors need them; batches both cursors are past go back to `pool`, if given.
 */
class BatchWindow {
  private readonly batches: EventBatch[] = [];
  private done = false;

  constructor(
    private readonly iterator: AsyncIterator<EventBatch> | Iterator<EventBatch>,
    private readonly pool: EventBatchPool | undefined,
  ) {}

  /** Reads up to batch `index` of the window; false when the source ends before it. */
  async ensure(index: number): Promise<boolean> {
    while (this.batches.length <= index && !this.done) {
      const next = await this.iterator.next();
      if (next.done) this.done = true;
      else if (next.value.length > 0) this.batches.push(next.value);
    }
    return this.batches.length > index;
  }

  at(index: number): EventBatch {
    return this.batches[index];
  }

  /** Lets go of the batches both cursors (window indices `a`, `b`) are past; returns how many. */
  releasePassed(a: number, b: number): number {
    let released = 0;
    while (a - released > 0 && b - released > 0) {
      const done = this.batches.shift()!;
      this.pool?.give(done);
      released++;
    }
    return released;
  }

  /** Closes the source if it was not read to the end (e.g. its file). */
  async close(): Promise<void> {
    if (!this.done) await this.iterator.return?.();
  }
}

function deliver(engine: TradingEngine, m: ResponseMessage): void {
  switch (m.kind) {
    case "ack":
      engine.onAck(m.orderId);
      break;
    case "reject":
      engine.onReject(m.orderId, m.reason);
      break;
    case "cancelAck":
      engine.onCancelAck(m.orderId);
      break;
    case "cancelReject":
      engine.onCancelReject(m.orderId);
      break;
    case "fill":
      engine.onFill(m);
      break;
  }
}

function toAsyncIterator<T>(source: AsyncIterable<T> | Iterable<T>): AsyncIterator<T> | Iterator<T> {
  return Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator]();
}
