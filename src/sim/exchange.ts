import { L2Book } from "../book/l2book.ts";
import { Side } from "../core/side.ts";
import { EventKind } from "../data/schema.ts";
import { RejectReason } from "../engine/venue.ts";
import type { FeeModel } from "./fees.ts";
import type { ResponseMessage } from "./messages.ts";
import type { QueueModel, QueuePosition } from "./queue/queueModel.ts";

/** One of our orders resting at the simulated exchange. */
interface RestingOrder extends QueuePosition {
  orderId: number;
  side: Side;
  priceTicks: number;
  openQty: number;
}

/**
 * The exchange side of the simulator: its own L2 book built from market data at `exch_ts`, and
 * our resting orders. Fill rules (DESIGN §4):
 *   - fills are at our limit price, as maker;
 *   - a trade through our price (a sell below our bid, a buy above our ask) fills us, up to the
 *     trade's size;
 *   - a trade at our price fills us only once the queue model says the queue ahead is consumed,
 *     up to what is left of the trade;
 *   - the opposite best crossing our price (an ask at or below our bid) fills us, up to the size
 *     of the crossing level;
 *   - a post-only order that would cross on arrival is rejected.
 * Historical data is never altered by our orders: our fills do not remove liquidity from the book,
 * and the trades and levels of the data stay as recorded.
 */
export class SimExchange {
  readonly book = new L2Book();
  private readonly resting: RestingOrder[] = [];

  constructor(
    private readonly queue: QueueModel,
    private readonly fees: FeeModel,
    private readonly tickSize: number,
    private readonly respond: (message: ResponseMessage) => void,
  ) {}

  /** Applies one market event at exchange time `tNs` and fills our orders it reaches. */
  onMarketEvent(tNs: number, kind: number, side: number, priceTicks: number, qty: number): void {
    const book = this.book;
    if (kind === EventKind.TRADE) {
      if (this.resting.length > 0) this.matchTrade(tNs, side, priceTicks, qty);
      return;
    }
    if (kind === EventKind.DEPTH || kind === EventKind.SNAPSHOT) {
      if (this.resting.length === 0) {
        book.update(side, priceTicks, qty);
        return;
      }
      const midBefore = book.midTicks();
      const prevQty = book.qtyAt(side, priceTicks);
      book.update(side, priceTicks, qty);
      this.onLevelChange(tNs, side, priceTicks, prevQty, qty, midBefore);
    } else if (kind === EventKind.DEPTH_CLEAR) {
      book.clear(side);
    }
  }

  /** A new order reaches the exchange. */
  onNewOrder(tNs: number, orderId: number, side: Side, priceTicks: number, qty: number): void {
    const book = this.book;
    if (!book.hasTwoSides()) {
      this.respond({ tNs, kind: "reject", orderId, reason: RejectReason.NO_MARKET });
      return;
    }
    const crosses = side === Side.BID ? priceTicks >= book.bestAskTicks : priceTicks <= book.bestBidTicks;
    if (crosses) {
      this.respond({ tNs, kind: "reject", orderId, reason: RejectReason.POST_ONLY_WOULD_CROSS });
      return;
    }
    const order: RestingOrder = { orderId, side, priceTicks, openQty: qty, queueAhead: 0 };
    this.queue.onPlaced(order, book.qtyAt(side, priceTicks));
    this.resting.push(order);
    this.respond({ tNs, kind: "ack", orderId });
  }

  /** A cancel reaches the exchange: cancelled if still resting, else rejected (already filled). */
  onCancel(tNs: number, orderId: number): void {
    const i = this.indexOf(orderId);
    if (i < 0) {
      this.respond({ tNs, kind: "cancelReject", orderId });
      return;
    }
    this.resting.splice(i, 1);
    this.respond({ tNs, kind: "cancelAck", orderId });
  }

  /** Number of our orders resting at the exchange. */
  restingCount(): number {
    return this.resting.length;
  }

  /** Queue ahead of one of our resting orders (for tests and diagnostics); NaN if not resting. */
  queueAhead(orderId: number): number {
    const i = this.indexOf(orderId);
    return i < 0 ? NaN : this.resting[i].queueAhead;
  }

  private matchTrade(tNs: number, aggressorSide: number, priceTicks: number, tradeQty: number): void {
    const midTicks = this.book.midTicks();
    // Iterate backwards: a filled order is removed in place.
    for (let i = this.resting.length - 1; i >= 0; i--) {
      const order = this.resting[i];
      if (order.side !== -aggressorSide) continue;
      const through = order.side === Side.BID ? priceTicks < order.priceTicks : priceTicks > order.priceTicks;
      let qty = 0;
      if (through) qty = tradeQty;
      else if (priceTicks === order.priceTicks) qty = this.queue.onTrade(order, tradeQty);
      if (qty > 0) this.fill(tNs, i, qty, midTicks);
    }
  }

  private onLevelChange(tNs: number, side: number, priceTicks: number, prevQty: number, newQty: number, midBefore: number): void {
    for (let i = this.resting.length - 1; i >= 0; i--) {
      const order = this.resting[i];
      if (order.side === side) {
        if (order.priceTicks === priceTicks) this.queue.onLevelChange(order, prevQty, newQty);
      } else if (newQty > 0) {
        const crossing = order.side === Side.BID ? priceTicks <= order.priceTicks : priceTicks >= order.priceTicks;
        if (crossing) this.fill(tNs, i, newQty, midBefore);
      }
    }
  }

  private fill(tNs: number, index: number, availableQty: number, midTicks: number): void {
    const order = this.resting[index];
    const qty = availableQty < order.openQty ? availableQty : order.openQty;
    order.openQty -= qty;
    if (order.openQty <= 1e-12) this.resting.splice(index, 1);
    this.respond({
      tNs,
      kind: "fill",
      orderId: order.orderId,
      priceTicks: order.priceTicks,
      qty,
      feeQuote: this.fees.feeQuote(order.priceTicks * this.tickSize, qty, true),
      isMaker: true,
      midAtFillTicks: midTicks,
      exchTNs: tNs,
    });
  }

  private indexOf(orderId: number): number {
    for (let i = 0; i < this.resting.length; i++) if (this.resting[i].orderId === orderId) return i;
    return -1;
  }
}
