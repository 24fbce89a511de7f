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

  /** Runs the stream (until `endNs`, relative) through the exchange and the engine. */
  async run(
    exchange: SimExchange,
    source: AsyncIterable<EventBatch> | Iterable<EventBatch>,
    endNs = Infinity,
    onProgress?: (p: SimulationProgress) => void,
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
      // Fast path: market events while nothing else is due and no batch ends (same ordering rules
      // as the general dispatch below, which handles everything else one item at a time).
      {
        const tReq = requests.nextTimeNs();
        let tResp = responses.nextTimeNs();
        let responsePushes = responses.pushes;
        const tStep = lDone ? Infinity : nextStepNs;
        const eT = e.exchTsNs, eK = e.kind, eS = e.side, eP = e.priceTicks, eQ = e.qty, eO = e.orderId, eLast = e.length - 1;
        const lT = l.localTsNs, lK = l.kind, lS = l.side, lP = l.priceTicks, lQ = l.qty, lLast = l.length - 1;
        for (;;) {
          const tE = eDone ? Infinity : eT[ei];
          let tL = Infinity;
          if (!lDone) {
            tL = lT[li];
            if (tL < lastLocalNs) tL = lastLocalNs;
          }
          if (tE <= tL) {
            if (eDone || ei === eLast || tE > tReq || tE > tResp || tE > tStep || tE > endNs) break;
            exchange.onMarketEvent(tE, eK[ei], eS[ei], eP[ei], eQ[ei], eO[ei]);
            ei++;
            events++;
            if (responses.pushes !== responsePushes) {
              responsePushes = responses.pushes;
              tResp = responses.nextTimeNs();
            }
          } else {
            if (li === lLast || tL >= tReq || tL >= tResp || tL > tStep || tL > endNs) break;
            clock.advanceTo(tL);
            lastLocalNs = tL;
            engine.onMarketEvent(lK[li], lS[li], lP[li], lQ[li]);
            li++;
          }
        }
        if (ei > 0) this.lastEventNs = eT[ei - 1];
      }

      const tE = eDone ? Infinity : e.exchTsNs[ei];
      let tL = Infinity;
      if (!lDone) {
        tL = l.localTsNs[li];
        if (tL < lastLocalNs) tL = lastLocalNs;
      }
      const tReq = requests.nextTimeNs();
      const tResp = responses.nextTimeNs();
      const tStep = lDone ? Infinity : nextStepNs;
      let t = tE < tReq ? tE : tReq;
      if (tResp < t) t = tResp;
      if (tL < t) t = tL;
      if (tStep < t) t = tStep;
      if (t > endNs || t === Infinity) break;

      if (tE === t) {
        exchange.onMarketEvent(t, e.kind[ei], e.side[ei], e.priceTicks[ei], e.qty[ei], e.orderId[ei]);
        this.lastEventNs = t;
        events++;
        if (++ei === e.length) {
          ei = 0;
          eb++;
          if (await ensure(eb)) e = batches[eb];
          else eDone = true;
          while (lb > 0 && eb > 0) {
            batches.shift();
            lb--;
            eb--;
          }
          if (onProgress !== undefined) onProgress({ events, tNs: t });
        }
      } else if (tReq === t) {
        const m = requests.shift();
        if (m.kind === "new") exchange.onNewOrder(t, m.orderId, m.side, m.priceTicks, m.qty);
        else exchange.onCancel(t, m.orderId);
      } else if (tResp === t) {
        clock.advanceTo(t);
        deliver(engine, responses.shift());
      } else if (tL === t) {
        clock.advanceTo(t);
        lastLocalNs = t;
        engine.onMarketEvent(l.kind[li], l.side[li], l.priceTicks[li], l.qty[li]);
        if (++li === l.length) {
          li = 0;
          lb++;
          if (await ensure(lb)) l = batches[lb];
          else lDone = true;
          // Both cursors are past the oldest batch: let it go.
          while (lb > 0 && eb > 0) {
            batches.shift();
            lb--;
            eb--;
          }
        }
      } else {
        clock.advanceTo(t);
        engine.step();
        nextStepNs += interval;
      }
    }
    this.eventsProcessed = events;
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
