import { NO_ASK, NO_BID } from "../book/l2book.ts";
import { gallopPast } from "../core/gallop.ts";
import { L3Book } from "../book/l3book.ts";
import { Side } from "../core/side.ts";
import { EventKind, type EventBatch } from "../data/schema.ts";
import { FillRule, RejectReason } from "../venue/venue.ts";
import type { BookTrace } from "./bookTrace.ts";
import { CrossedBookWatch, type CrossedBookStats, type CrossedRule } from "./crossedBook.ts";
import { ExchangeBook } from "./exchangeBook.ts";
import type { FeeModel } from "./fees.ts";
import type { ResponseMessage } from "./messages.ts";
import { isOrderLevel, type FifoPosition, type L3FifoQueue } from "./queue/l3Fifo.ts";
import type { QueueModel } from "./queue/queueModel.ts";

/** One of our orders resting at the simulated exchange. */
interface RestingOrder extends FifoPosition {
  orderId: number;
  side: Side;
  priceTicks: number;
  openQty: number;
}

/**
 * The exchange side of the simulator: its own L2 book built from market data at `exch_ts`, and
 * our resting orders. Fill rules (docs/fills-and-queues.md):
 *   - fills are at our limit price, as maker;
 *   - a trade through our price (a sell below our bid, a buy above our ask) fills us, up to the
 *     trade's size;
 *   - a trade at our price fills us only once the queue model says the queue ahead is consumed,
 *     up to what is left of the trade;
 *   - the opposite best crossing our price (an ask at or below our bid) fills us, up to the size
 *     of the crossing level;
 *   - a post-only order that would cross on arrival is rejected;
 *   - a trade with no aggressor side (0: auction crosses, unknown) fills nothing;
 *   - one trade (or one crossing level) fills our orders best price first, and what one of our
 *     orders takes is not available to the next: our fills never add up to more than it;
 *   - a book that is still crossed (best bid ≥ best ask) once the rows of an exchange timestamp
 *     are applied is an error naming the row (`onCrossed` "fail"), or with "skip" matches none of
 *     our orders while it is crossed — nor does a row that leaves it crossed, even for an instant
 *     inside one message — and is counted (crossedBook.ts).
 * Historical data is never altered by our orders: our fills do not remove liquidity from the book,
 * and the trades and levels of the data stay as recorded.
 */
export class SimExchange {
  readonly book: ExchangeBook;
  /** Our resting orders per side, best price first (equal prices in arrival order). */
  private readonly bids: RestingOrder[] = [];
  private readonly asks: RestingOrder[] = [];
  /** The last mid of a two-sided book seen while our orders rest (see fill()). */
  private lastMidTicks = NaN;
  /** The market's order-level book, kept only for an order-level queue model (L3 data). */
  private readonly l3: L3Book | undefined;
  /**
   * Price range of our resting orders per side (an empty side: low = NO_ASK, high = NO_BID, which
   * no price is within).
   * Most market events are away from our orders; these let them skip the matching work.
   */
  private bidLow = NO_ASK;
  private bidHigh = NO_BID;
  private askLow = NO_ASK;
  private askHigh = NO_BID;
  /** bidHigh − bidLow and askHigh − askLow; −1 for an empty side (for ExchangeBook.replayAway). */
  private bidSpan = -1;
  private askSpan = -1;
  /** Fill answers sent so far (market events answer only with fills). */
  fillCount = 0;
  /** Row of the data (0-based, over the whole stream) of row 0 of the batch being replayed: the simulator sets it. */
  rowBase = 0;
  /** The crossed-book rule (see crossedBook.ts). */
  private readonly crossed: CrossedBookWatch;
  /** With "skip": no matching while the book is crossed. */
  private readonly skipCrossed: boolean;

  /**
   * @param crossed what to do with a crossed book, and the data's name for its error (default:
   * fail, naming "the market data").
   */
  constructor(
    private readonly queue: QueueModel,
    private readonly fees: FeeModel,
    private readonly tickSize: number,
    private readonly respond: (message: ResponseMessage) => void,
    crossed: { onCrossed: CrossedRule; source: string } = { onCrossed: "fail", source: "the market data" },
  ) {
    this.l3 = isOrderLevel(queue) ? new L3Book({ lenient: true }) : undefined;
    this.book = new ExchangeBook(this.l3 === undefined);
    this.crossed = new CrossedBookWatch(crossed.onCrossed, crossed.source, tickSize);
    this.skipCrossed = crossed.onCrossed === "skip";
  }

  /**
   * Applies the market events of rows [from, length) of a batch in order, each at its exchange
   * time, while they are due (exch_ts ≤ `until`), as onMarketEvent does, and traces each row for
   * the strategy side (ExchangeBook, BookTrace). Returns the row where it stopped: the first one
   * not due, or the one after an event that filled one of our orders (its answer may be due
   * before `until`: the caller then calls again with a bound that says so). The rows away from
   * our orders (most of them) run in the book's tight loop; the others one by one here.
   */
  replay(b: EventBatch, trace: BookTrace, from: number, until: number): number {
    const end = b.plainLocalTimes ? gallopPast(b.exchTsNs, from, b.length, until, Infinity) : firstAfter(b.exchTsNs, from, b.length, until);
    const book = this.book;
    let i = from;
    while (i < end) {
      if (this.crossed.watching) {
        const fills = this.fillCount;
        i = this.replayWatched(b, trace, i, end);
        if (this.fillCount !== fills) return i;
        continue;
      }
      i = book.replayAway(b, trace, i, end, this.bidLow, this.bidSpan, this.askLow, this.askSpan, this.bidHigh);
      if (i === end) break;
      const fills = this.fillCount;
      const e = this.onMarketEventNearOurs(b.exchTsNs[i], b.kind[i], b.side[i], b.priceTicks[i], b.qty[i], b.orderId[i]);
      book.traceRow(trace, i, e);
      // The tight loop stops before any level at or through the other side's best: a crossing shows here.
      const k = trace.count - 1;
      if (trace.bidTicks[k] >= trace.askTicks[k]) this.crossed.afterRow(this.rowBase + i, b.exchTsNs[i], true, trace.bidTicks[k], trace.askTicks[k]);
      i++;
      if (this.fillCount !== fills) return i;
    }
    return i;
  }

  /**
   * Rows [from, end) one by one while a crossed-book watch is open (crossedBook.ts): each new
   * exchange timestamp judges the book first. Returns where it stopped: the watch closed, a fill,
   * or `end`.
   */
  private replayWatched(b: EventBatch, trace: BookTrace, from: number, end: number): number {
    const book = this.book;
    const watch = this.crossed;
    for (let i = from; i < end; i++) {
      const tNs = b.exchTsNs[i];
      const bid = book.bestBidTicks;
      const ask = book.bestAskTicks;
      if (!watch.beforeRow(tNs, bid >= ask, bid, ask)) return i;
      const fills = this.fillCount;
      const e = this.onMarketEventNearOurs(tNs, b.kind[i], b.side[i], b.priceTicks[i], b.qty[i], b.orderId[i]);
      book.traceRow(trace, i, e);
      const k = trace.count - 1;
      watch.afterRow(this.rowBase + i, tNs, trace.bidTicks[k] >= trace.askTicks[k], trace.bidTicks[k], trace.askTicks[k]);
      if (this.fillCount !== fills) return i + 1;
    }
    return end;
  }

  /** The data ended (or the run stopped) at exchange time `lastNs`: a watch still open is judged now. */
  endOfData(lastNs: number): void {
    const bid = this.book.bestBidTicks;
    const ask = this.book.bestAskTicks;
    this.crossed.end(lastNs, bid >= ask, bid, ask);
  }

  /** The crossed books met so far (see crossedBook.ts). */
  crossedBookStats(): CrossedBookStats {
    return this.crossed.stats();
  }

  /** Applies one market event at exchange time `tNs` and fills our orders it reaches. */
  onMarketEvent(tNs: number, kind: number, side: number, priceTicks: number, qty: number, orderId = 0): void {
    this.onMarketEventNearOurs(tNs, kind, side, priceTicks, qty, orderId);
  }

  /**
   * onMarketEvent for the events that may concern our orders, and the rarer kinds (any event
   * gives the same result here; replay() keeps the others out of it). Returns the event's OFI
   * contribution (ExchangeBook).
   */
  private onMarketEventNearOurs(tNs: number, kind: number, side: number, priceTicks: number, qty: number, orderId: number): number {
    const book = this.book;
    if (kind >= EventKind.L3_ADD) {
      // Kinds above the order-level ones are session rows (heartbeats, records): not market data.
      if (this.l3 !== undefined && kind <= EventKind.L3_FILL) this.onOrderEvent(tNs, kind, side, priceTicks, qty, orderId);
      return 0;
    }
    if (this.l3 !== undefined && orderId !== 0 && kind === EventKind.SNAPSHOT) this.l3.add(orderId, side, priceTicks, qty);
    if (kind === EventKind.TRADE) {
      // A sell aggressor hits bids, a buy aggressor lifts asks, reaching only those priced at or
      // through the trade. A trade without an aggressor (side 0: an auction cross, or a source
      // that does not say) fills none of our orders; nor does any trade while the book is crossed (skip).
      if (this.skipCrossed && this.isCrossed()) return 0;
      if (side === Side.BID) {
        if (priceTicks >= this.askLow) this.matchTrade(tNs, this.asks, priceTicks, qty);
      } else if (side === Side.ASK) {
        if (priceTicks <= this.bidHigh) this.matchTrade(tNs, this.bids, priceTicks, qty);
      }
      return 0;
    }
    if (kind === EventKind.DEPTH || kind === EventKind.SNAPSHOT) {
      // A level matters to us only at the price of one of our orders on its side (their queues),
      // or, when it is added, at or through our best order on the other side (crossing).
      const ours = side === Side.BID ? priceTicks >= this.bidLow && priceTicks <= this.bidHigh : priceTicks >= this.askLow && priceTicks <= this.askHigh;
      const crosses = qty > 0 && (side === Side.BID ? priceTicks >= this.askLow : priceTicks <= this.bidHigh);
      if (!ours && !crosses) return book.applyEvent(kind, side, priceTicks, qty);
      const midBefore = book.midTicks();
      if (!Number.isNaN(midBefore)) this.lastMidTicks = midBefore;
      const prevQty = book.qtyAt(side, priceTicks);
      const e = book.applyEvent(kind, side, priceTicks, qty);
      const same = side === Side.BID ? this.bids : this.asks;
      for (let i = 0; i < same.length; i++) {
        if (same[i].priceTicks === priceTicks) this.queue.onLevelChange(same[i], prevQty, qty);
      }
      if (qty > 0 && !(this.skipCrossed && this.isCrossed())) this.matchCrossing(tNs, side === Side.BID ? this.asks : this.bids, priceTicks, qty, midBefore);
      return e;
    }
    if (kind === EventKind.DEPTH_CLEAR) {
      if (this.l3 !== undefined) this.clearL3(side);
      return book.applyEvent(kind, side, priceTicks, qty);
    }
    return 0;
  }

  /** A new order reaches the exchange. */
  onNewOrder(tNs: number, orderId: number, side: Side, priceTicks: number, qty: number): void {
    const book = this.book;
    if (!book.hasTwoSides()) {
      this.answer(tNs, "reject", orderId, RejectReason.NO_MARKET);
      return;
    }
    this.lastMidTicks = book.midTicks();
    const crosses = side === Side.BID ? priceTicks >= book.bestAskTicks : priceTicks <= book.bestBidTicks;
    if (crosses) {
      this.answer(tNs, "reject", orderId, RejectReason.POST_ONLY_WOULD_CROSS);
      return;
    }
    // NaN until the queue model sets them: a field created with a double keeps doubles in place,
    // one created with 0 changes representation at its first fraction (and code compiled for it).
    const order: RestingOrder = { orderId, side, priceTicks, openQty: qty, queueAhead: NaN, tradedSinceUpdate: NaN, ahead: undefined };
    if (this.l3 !== undefined && isOrderLevel(this.queue)) this.queue.placeInQueue(order, this.l3, side, priceTicks);
    else this.queue.onPlaced(order, book.qtyAt(side, priceTicks));
    const list = side === Side.BID ? this.bids : this.asks;
    let i = list.length;
    while (i > 0 && (list[i - 1].priceTicks - priceTicks) * side < 0) i--;
    list.splice(i, 0, order);
    this.updateRanges();
    this.answer(tNs, "ack", orderId);
  }

  /** A cancel reaches the exchange: cancelled if still resting, else rejected (already filled). */
  onCancel(tNs: number, orderId: number): void {
    // The two sides in turn, written out (no array and iterator per cancel).
    if (this.cancelFrom(this.bids, tNs, orderId) || this.cancelFrom(this.asks, tNs, orderId)) return;
    this.answer(tNs, "cancelReject", orderId);
  }

  /** Cancels the order if it rests in `list`; returns whether it did. */
  private cancelFrom(list: RestingOrder[], tNs: number, orderId: number): boolean {
    const i = indexOf(list, orderId);
    if (i < 0) return false;
    list.splice(i, 1);
    this.updateRanges();
    this.answer(tNs, "cancelAck", orderId);
    return true;
  }

  /** The market's book is crossed (best bid ≥ best ask; a one-sided book never is). */
  private isCrossed(): boolean {
    return this.book.bestBidTicks >= this.book.bestAskTicks;
  }

  /** Number of our orders resting at the exchange. */
  restingCount(): number {
    return this.bids.length + this.asks.length;
  }

  /** Queue ahead of one of our resting orders (for tests and diagnostics); NaN if not resting. */
  queueAhead(orderId: number): number {
    const order = this.bids[indexOf(this.bids, orderId)] ?? this.asks[indexOf(this.asks, orderId)];
    return order === undefined ? NaN : order.queueAhead;
  }

  /**
   * A trade at `priceTicks` against our resting orders of the passive side, best price first.
   * What one order takes is no longer available to the next: our fills never exceed the trade.
   */
  private matchTrade(tNs: number, passive: RestingOrder[], priceTicks: number, tradeQty: number): void {
    const midTicks = this.book.midTicks();
    let left = tradeQty;
    for (let i = 0; i < passive.length; ) {
      const order = passive[i];
      const through = order.side === Side.BID ? priceTicks < order.priceTicks : priceTicks > order.priceTicks;
      let qty = 0;
      let rule: FillRule = FillRule.TRADE_THROUGH;
      if (through) qty = left;
      else if (priceTicks === order.priceTicks) {
        // The market's trade advances every queue at this price by its full size (the data is
        // not altered by our fills); what we fill is capped by what our better orders left.
        const reach = this.queue.onTrade(order, tradeQty);
        qty = reach < left ? reach : left;
        rule = FillRule.QUEUE;
      } else break; // orders further back are priced worse: the trade does not reach them
      if (qty > 1e-12) {
        left -= this.fill(tNs, passive, i, qty, midTicks, rule);
        if (passive[i] === order) i++;
      } else i++;
    }
  }

  /** A new opposite level at `priceTicks` crossing our resting orders fills them, up to its size. */
  private matchCrossing(tNs: number, passive: RestingOrder[], priceTicks: number, levelQty: number, midBefore: number): void {
    let left = levelQty;
    for (let i = 0; i < passive.length && left > 1e-12; ) {
      const order = passive[i];
      const crossing = order.side === Side.BID ? priceTicks <= order.priceTicks : priceTicks >= order.priceTicks;
      if (!crossing) break;
      left -= this.fill(tNs, passive, i, left, midBefore, FillRule.CROSSING);
      if (passive[i] === order) i++;
    }
  }

  /**
   * An order-level event (L3 add, cancel, modify, fill) of market order `orderId`: kept in the L3
   * book, and told to the order-level queue model for our orders at that level.
   */
  private onOrderEvent(tNs: number, kind: number, side: number, priceTicks: number, qty: number, orderId: number): void {
    const l3 = this.l3!;
    const queue = this.queue as L3FifoQueue;
    const ours = side === Side.BID ? this.bids : this.asks;
    if (kind === EventKind.L3_ADD) {
      l3.add(orderId, side, priceTicks, qty);
      return;
    }
    if (kind === EventKind.L3_MODIFY) {
      const before = l3.orderQty(orderId);
      for (const order of ours) {
        if (order.priceTicks !== priceTicks) continue;
        if (qty > before) queue.onOrderRequeued(order, orderId, before);
        else queue.onOrderReduced(order, orderId, before - qty, qty <= 0);
      }
      l3.modify(orderId, qty);
      return;
    }
    // Cancel or execution: first what the execution gives our orders (behind whom nothing is left).
    if (kind === EventKind.L3_FILL && !(this.skipCrossed && this.isCrossed())) {
      const midTicks = this.book.midTicks();
      let left = qty;
      for (let i = 0; i < ours.length && left > 1e-12; ) {
        const order = ours[i];
        if (order.priceTicks !== priceTicks) {
          i++;
          continue;
        }
        const reach = queue.onExecution(order, orderId, qty);
        const take = reach < left ? reach : left;
        if (take > 1e-12) left -= this.fill(tNs, ours, i, take, midTicks, FillRule.QUEUE);
        if (ours[i] === order) i++;
      }
    }
    const removed = kind === EventKind.L3_FILL ? l3.execute(orderId, qty) : l3.cancel(orderId, qty);
    const gone = !l3.has(orderId);
    for (const order of ours) if (order.priceTicks === priceTicks) queue.onOrderReduced(order, orderId, removed, gone);
  }

  private clearL3(side: number): void {
    const l3 = this.l3!;
    for (const s of side === 0 ? [Side.BID, Side.ASK] : [side]) {
      for (let k = l3.levelCount(s) - 1; k >= 0; k--) {
        for (const id of l3.ordersAt(s, l3.priceAt(s, k))) l3.remove(id);
      }
    }
  }

  /**
   * Sends an answer other than a fill with a fill's fields too: every answer has one shape, so
   * the simulator's loop, compiled for the acks it meets first, is not thrown away at the first fill.
   */
  private answer(tNs: number, kind: "ack" | "reject" | "cancelAck" | "cancelReject", orderId: number, reason: RejectReason | 0 = 0): void {
    this.respond({ tNs, kind, orderId, reason, priceTicks: 0, qty: 0, feeQuote: 0, isMaker: false, rule: 0, midAtFillTicks: NaN, exchTNs: tNs } as ResponseMessage);
  }

  /** Recomputes the price range of our orders per side (each list is sorted best price first). */
  private updateRanges(): void {
    const { bids, asks } = this;
    this.bidHigh = bids.length > 0 ? bids[0].priceTicks : NO_BID;
    this.bidLow = bids.length > 0 ? bids[bids.length - 1].priceTicks : NO_ASK;
    this.askLow = asks.length > 0 ? asks[0].priceTicks : NO_ASK;
    this.askHigh = asks.length > 0 ? asks[asks.length - 1].priceTicks : NO_BID;
    this.bidSpan = bids.length > 0 ? this.bidHigh - this.bidLow : -1;
    this.askSpan = asks.length > 0 ? this.askHigh - this.askLow : -1;
  }

  /** Fills up to `availableQty` of order `index`; removes it when done. Returns the quantity filled. */
  private fill(tNs: number, list: RestingOrder[], index: number, availableQty: number, midTicks: number, rule: FillRule): number {
    // A one-sided book (just after a clear, before the re-snapshot) has no mid: the last
    // two-sided one stands in, so the fill still has a mid for the spread-captured KPI.
    if (Number.isNaN(midTicks)) midTicks = this.lastMidTicks;
    else this.lastMidTicks = midTicks;
    const order = list[index];
    const qty = availableQty < order.openQty ? availableQty : order.openQty;
    this.fillCount++;
    order.openQty -= qty;
    if (order.openQty <= 1e-12) {
      list.splice(index, 1);
      this.updateRanges();
    }
    this.respond({
      tNs,
      kind: "fill",
      orderId: order.orderId,
      reason: 0,
      priceTicks: order.priceTicks,
      qty,
      feeQuote: this.fees.feeQuote(order.priceTicks * this.tickSize, qty, true),
      isMaker: true,
      rule,
      midAtFillTicks: midTicks,
      exchTNs: tNs,
    } as ResponseMessage);
    return qty;
  }
}

/** The first row from `from` (before `to`) with a time after `tNs`, or `to`. */
function firstAfter(times: Float64Array, from: number, to: number, tNs: number): number {
  let i = from;
  while (i < to && times[i] <= tNs) i++;
  return i;
}

function indexOf(list: RestingOrder[], orderId: number): number {
  for (let i = 0; i < list.length; i++) if (list[i].orderId === orderId) return i;
  return -1;
}
