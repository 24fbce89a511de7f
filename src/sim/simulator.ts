import type { EventBatchPool } from "../data/batch.ts";
import { MAX_MARKET_EVENT_KIND, type EventBatch } from "../data/schema.ts";
import type { VirtualClock } from "../core/time.ts";
import { EventKind } from "../core/eventKind.ts";
import { gallopPast } from "../core/gallop.ts";
import { BookTrace } from "./bookTrace.ts";
import type { SimExchange } from "./exchange.ts";
import type { LatencyModel } from "./latency/latencyModel.ts";
import type { ResponseMessage } from "./messages.ts";
import type { SimVenue } from "./simVenue.ts";
import type { StrategyHost } from "./strategyHost.ts";
import type { StrategyLevels } from "../book/strategyLevels.ts";
import { TimedQueue } from "./timedQueue.ts";

/**
 * The event loop of a backtest. Two views of one event stream:
 *   exchange side  market data at exch_ts → SimExchange (book, queues, fills) → BookTrace
 *   strategy side  market data at local_ts → BookTrace → the host's BookMirror (top, OFI)
 * plus our requests (entry latency) and the exchange's answers (response latency), and the
 * engine's loop steps every `loopIntervalNs` on the virtual clock. The market data is applied to
 * one book, the exchange's: both sides apply the same rows in the same order, so the strategy's
 * book after a row is the exchange's after it, which the exchange side records for each row.
 *
 * Events at the same timestamp are handled in this order, always:
 *   1. exchange-side market data   2. our requests reaching the exchange
 *   3. answers reaching the strategy   4. strategy-side market data   5. the engine's step
 * The strategy sees an event at its local time, raised to its exchange time if earlier (nothing
 * is seen before it happened: a clock skew must not let the strategy act on it before the
 * exchange does), and to the previous event's if it goes back in time (file order is kept).
 * The strategy side therefore never passes the exchange side.
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
    /** The strategy side: the trading engine, as the StrategyHost seam shows it. */
    private readonly engine: StrategyHost,
    private readonly venue: SimVenue,
    private readonly latency: LatencyModel,
    private readonly loopIntervalNs: number,
  ) {
    this.mirror = engine.market;
    this.levels = engine.levels;
  }

  /** The host's view of the market and its book of levels (if any), kept in fields: read for every run of rows. */
  private readonly mirror: StrategyHost["market"];
  private readonly levels: StrategyHost["levels"];

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
    await window.load();
    const s = new RunState(window, exchange, endNs, onProgress);
    s.eDone = s.lDone = !window.has(0);
    this.lastLocalNs = -Infinity;
    const interval = this.loopIntervalNs;
    if (!s.lDone) s.nextStepNs = Math.ceil(Math.max(0, window.at(0).localTsNs[0]) / interval) * interval;
    // The rounds run synchronously; they stop only to have the next batch read.
    while (this.advance(s)) await window.load();
    exchange.endOfData(this.lastEventNs);
    this.eventsProcessed = s.events;
    // Stopped before the end of the data: let the source close (e.g. its file).
    await window.close();
  }

  /**
   * Runs rounds until the end (returns false) or until a side needs a batch the window has not
   * read yet (returns true: read it and call again). A round stopped that way is run again from
   * its start: it had handled no message or step yet, so it gives the same result.
   */
  private advance(s: RunState): boolean {
    const { window, exchange, endNs } = s;
    const requests = this.venue.requests;
    const responses = this.responses;
    const engine = this.engine;
    const clock = this.clock;
    for (;;) {
      const tReq = requests.nextTimeNs();
      const tStep = s.lDone ? Infinity : s.nextStepNs;

      // 1. Exchange side: events at or before the next message or step (market data first at equal times).
      const exchangeUntil = Math.min(tReq, tStep, endNs);
      while (!s.eDone) {
        if (!window.has(s.eb)) {
          if (!window.ended) return true;
          s.eDone = true;
          break;
        }
        const e = window.at(s.eb);
        const from = s.ei;
        exchange.rowBase = s.events - from; // the data's row of this batch's row 0, for the exchange's errors
        s.ei = exchangeSpan(exchange, responses, e, window.traceAt(s.eb), from, exchangeUntil);
        s.events += s.ei - from;
        if (s.ei > 0) this.lastEventNs = e.exchTsNs[s.ei - 1];
        if (s.ei < e.length) break;
        s.ei = 0;
        s.eb++;
        s.releasePassed();
        if (s.onProgress !== undefined) s.onProgress({ events: s.events, tNs: this.lastEventNs });
      }
      // The answers the exchange side just produced (fills) may be due before the others.
      const tResp = responses.nextTimeNs();

      // 2. Strategy side: events before the next message, at or before the next step.
      const localBefore = tReq < tResp ? tReq : tResp;
      const localUntil = tStep < endNs ? tStep : endNs;
      while (!s.lDone) {
        if (!window.has(s.lb)) {
          if (!window.ended) return true;
          s.lDone = true;
          break;
        }
        const l = window.at(s.lb);
        // Rows the exchange side has applied (and traced): the strategy side never passes it.
        const applied = s.lb === s.eb && !s.eDone ? s.ei : l.length;
        const from = s.li;
        s.li = this.strategySpan(l, window.traceAt(s.lb), from, applied, localBefore, localUntil);
        if (this.levels !== undefined) feedLevels(this.levels, l, from, s.li);
        if (s.li === applied && applied < l.length) {
          if (this.isDue(l, s.li, localBefore, localUntil)) throw new Error("Simulator: the strategy side reached rows the exchange side has not applied");
          break;
        }
        if (s.li < l.length) break;
        s.li = 0;
        s.lb++;
        s.releasePassed();
      }

      // The strategy side just ran out of data: no more steps, so the exchange side may go further.
      if (s.lDone && tStep !== Infinity) continue;

      // 3. The next message or step, in that order at equal times.
      let t = tReq < tResp ? tReq : tResp;
      if (tStep < t) t = tStep;
      if (t > endNs || t === Infinity) return false;
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
        s.nextStepNs += this.loopIntervalNs;
      }
    }
  }

  /** Last local time handed to the engine (see the class comment for how local times are raised). */
  private lastLocalNs = -Infinity;

  /**
   * Strategy side of one batch from row `i` to at most row `end`: every event due before `before`
   * and at or before `until`, each at its local time (raised as the class comment says). Returns
   * where it stopped. Market data goes to the engine's mirror in runs: the OFI contributions of
   * the rows added one by one (the sum the engine's own book would make) and the top of the book
   * after the last, at the clock time of its last event (nothing in between reads the clock); a
   * session row (a paper session's control, heartbeat…) to the engine, at its own time. In a
   * batch with plain local times (EventBatch.plainLocalTimes), from the last local time on, the
   * times need no raising and the run has no session row: its end is found by search. (A host
   * that reads the book's levels is fed the same rows by the caller, after the span.)
   */
  private strategySpan(b: EventBatch, trace: BookTrace, i: number, end: number, before: number, until: number): number {
    const lT = b.localTsNs, eT = b.exchTsNs, lK = b.kind;
    let last = this.lastLocalNs;
    const from = i;
    if (b.plainLocalTimes && i < end && lT[i] >= last) {
      i = gallopPast(lT, i, end, until, before);
      if (i > from) {
        this.lastLocalNs = lT[i - 1];
        this.clock.advanceTo(this.lastLocalNs);
        this.showTrace(trace, i);
        // the span's last book row (usually its last row): the feed-health rule's clock
        for (let j = i - 1; j >= from; j--) {
          if (lK[j] !== EventKind.TRADE) {
            this.mirror.lastBookNs = lT[j];
            break;
          }
        }
      }
      return i;
    }
    let lastBookNs = NaN;
    for (; i < end; i++) {
      let t = lT[i];
      const e = eT[i];
      if (t < e) t = e; // not seen before it happened
      if (t < last) t = last; // file order is kept
      if (t >= before || t > until) break;
      const kind = lK[i];
      if (kind > MAX_MARKET_EVENT_KIND) {
        this.showTrace(trace, i + 1);
        this.clock.advanceTo(t);
        this.engine.onMarketEvent(kind, b.side[i], b.priceTicks[i], b.qty[i]);
      } else if (kind !== EventKind.TRADE) lastBookNs = t;
      last = t;
    }
    if (i > from) {
      this.clock.advanceTo(last);
      this.showTrace(trace, i);
      if (lastBookNs === lastBookNs) this.mirror.lastBookNs = lastBookNs; // not NaN: the span had a book row
    }
    this.lastLocalNs = last;
    return i;
  }

  /** Shows the engine's mirror the market as of the rows before `row`: the OFI contributions added one by one, the top after the last. */
  private showTrace(trace: BookTrace, row: number): void {
    const rows = trace.rows, ofi = trace.ofi, count = trace.count;
    let k = trace.read;
    if (k === count || rows[k] >= row) return;
    const mirror = this.mirror;
    let ofiSum = mirror.ofiSum;
    for (; k < count && rows[k] < row; k++) ofiSum += ofi[k];
    mirror.ofiSum = ofiSum;
    mirror.show(trace.bidTicks[k - 1], trace.askTicks[k - 1]);
    trace.read = k;
  }

  /** Whether row `i` is due on the strategy side before `before` and at or before `until`. */
  private isDue(b: EventBatch, i: number, before: number, until: number): boolean {
    const t = Math.max(b.localTsNs[i], b.exchTsNs[i], this.lastLocalNs);
    return t < before && t <= until;
  }
}

/** Applies the market-data rows `from` ≤ row < `to` of a batch to a strategy's book of levels (their order is the file's). */
function feedLevels(levels: StrategyLevels, b: EventBatch, from: number, to: number): void {
  const kind = b.kind, side = b.side, price = b.priceTicks, qty = b.qty;
  for (let i = from; i < to; i++) if (kind[i] <= MAX_MARKET_EVENT_KIND) levels.applyRow(kind[i], side[i], price[i], qty[i]);
}

/**
 * Exchange side of one batch from row `i`: every event at or before `until` and at or before the
 * next answer to the strategy (a fill an event produces may be due sooner: the bound follows it).
 * Returns where it stopped.
 */
function exchangeSpan(exchange: SimExchange, responses: TimedQueue<ResponseMessage>, b: EventBatch, trace: BookTrace, i: number, until: number): number {
  for (;;) {
    const tResp = responses.nextTimeNs();
    const fills = exchange.fillCount;
    i = exchange.replay(b, trace, i, until < tResp ? until : tResp);
    if (exchange.fillCount === fills) return i;
  }
}

/** Where a run stands: per side, the batch (index within the window) and row of its next event. */
class RunState {
  eb = 0;
  ei = 0;
  lb = 0;
  li = 0;
  eDone = false;
  lDone = false;
  nextStepNs = Infinity;
  events = 0;

  constructor(
    readonly window: BatchWindow,
    readonly exchange: SimExchange,
    readonly endNs: number,
    readonly onProgress: ((p: SimulationProgress) => void) | undefined,
  ) {}

  /** Lets go of the batches both sides are past. */
  releasePassed(): void {
    const released = this.window.releaseBefore(Math.min(this.eb, this.lb));
    this.eb -= released;
    this.lb -= released;
  }
}

/**
 * The batches between the strategy-side cursor (behind) and the exchange-side one, read from the
 * source as the cursors need them; batches both cursors are past go back to `pool`, if given.
 */
class BatchWindow {
  private readonly batches: EventBatch[] = [];
  /** The trace of each batch (filled by the exchange side), and spare ones to reuse. */
  private readonly traces: BookTrace[] = [];
  private readonly spareTraces: BookTrace[] = [];
  /** True once the source has no more batches. */
  ended = false;

  constructor(
    private readonly iterator: AsyncIterator<EventBatch> | Iterator<EventBatch>,
    private readonly pool: EventBatchPool | undefined,
  ) {}

  /** Reads the next non-empty batch of the source (or finds that it ended). */
  async load(): Promise<void> {
    while (!this.ended) {
      const next = await this.iterator.next();
      if (next.done) this.ended = true;
      else if (next.value.length > 0) {
        this.batches.push(next.value);
        this.traces.push(this.traceFor(next.value.length));
        return;
      }
    }
  }

  /** True when batch `index` of the window has been read. */
  has(index: number): boolean {
    return index < this.batches.length;
  }

  at(index: number): EventBatch {
    return this.batches[index];
  }

  traceAt(index: number): BookTrace {
    return this.traces[index];
  }

  /** A trace for a batch of `length` rows: a spare one when it is large enough. */
  private traceFor(length: number): BookTrace {
    const spare = this.spareTraces.pop();
    return spare !== undefined && spare.capacity >= length ? spare.reset() : new BookTrace(length);
  }

  /** Lets go of the first `count` batches of the window; returns how many it let go. */
  releaseBefore(count: number): number {
    for (let i = 0; i < count; i++) {
      const done = this.batches.shift()!; // not inside `pool?.give(…)`: without a pool that would skip the shift
      this.pool?.give(done);
      this.spareTraces.push(this.traces.shift()!);
    }
    return count;
  }

  /** Closes the source if it was not read to the end (e.g. its file). */
  async close(): Promise<void> {
    if (!this.ended) await this.iterator.return?.();
  }
}

function deliver(engine: StrategyHost, m: ResponseMessage): void {
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
