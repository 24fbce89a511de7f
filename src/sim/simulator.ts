import type { EventBatchPool } from "../data/batch.ts";
import type { EventBatch } from "../data/schema.ts";
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
    const iterator = toAsyncIterator(source);
    const batches: EventBatch[] = [];
    let sourceDone = false;
    const ensure = async (index: number): Promise<boolean> => {
      while (batches.length <= index && !sourceDone) {
        const next = await iterator.next();
        if (next.done) sourceDone = true;
        else if (next.value.length > 0) batches.push(next.value);
      }
      return batches.length > index;
    };
    // Both cursors are past the oldest batch: let it go.
    const releasePassed = (): void => {
      while (lb > 0 && eb > 0) {
        const done = batches.shift()!; // not inside `pool?.give(…)`: without a pool that would skip the shift
        pool?.give(done);
        lb--;
        eb--;
      }
    };

    let eb = 0, ei = 0, lb = 0, li = 0;
    let eDone = !(await ensure(0));
    let lDone = eDone;
    let e = batches[0];
    let l = batches[0];
    let lastLocalNs = -Infinity;
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
      let tResp = responses.nextTimeNs();

      // 1. Exchange side: events at or before the next message or step (market data first at equal times).
      const exchangeUntil = Math.min(tReq, tStep, endNs);
      let responsePushes = responses.pushes;
      while (!eDone) {
        const eT = e.exchTsNs, eK = e.kind, eS = e.side, eP = e.priceTicks, eQ = e.qty, eO = e.orderId, n = e.length;
        const first = ei;
        for (; ei < n; ei++) {
          const t = eT[ei];
          if (t > exchangeUntil || t > tResp) break;
          exchange.onMarketEvent(t, eK[ei], eS[ei], eP[ei], eQ[ei], eO[ei]);
          // A fill's answer may be due before the current bound.
          if (responses.pushes !== responsePushes) {
            responsePushes = responses.pushes;
            tResp = responses.nextTimeNs();
          }
        }
        events += ei - first;
        if (ei > 0) this.lastEventNs = eT[ei - 1];
        if (ei < n) break;
        ei = 0;
        eb++;
        if (await ensure(eb)) e = batches[eb];
        else eDone = true;
        releasePassed();
        if (onProgress !== undefined) onProgress({ events, tNs: this.lastEventNs });
      }

      // 2. Strategy side: events before the next message, at or before the next step.
      const localBefore = tReq < tResp ? tReq : tResp;
      const localUntil = tStep < endNs ? tStep : endNs;
      while (!lDone) {
        const lT = l.localTsNs, lK = l.kind, lS = l.side, lP = l.priceTicks, lQ = l.qty, n = l.length;
        for (; li < n; li++) {
          let t = lT[li];
          if (t < lastLocalNs) t = lastLocalNs; // file order is kept
          if (t >= localBefore || t > localUntil) break;
          lastLocalNs = t;
          clock.advanceTo(t);
          engine.onMarketEvent(lK[li], lS[li], lP[li], lQ[li]);
        }
        if (li < n) break;
        li = 0;
        lb++;
        if (await ensure(lb)) l = batches[lb];
        else lDone = true;
        releasePassed();
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
    if (!sourceDone) await iterator.return?.();
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
