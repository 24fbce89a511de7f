import type { L3Book } from "../../book/l3book.ts";
import type { QueueModel, QueuePosition } from "./queueModel.ts";

/** Our order's place in a real (order-level) queue: the market orders that were there before it. */
export interface FifoPosition extends QueuePosition {
  /** Ids of the market orders ahead of ours at its level (they arrived first). */
  ahead?: Set<number>;
}

/**
 * Exact FIFO on order-level (L3) data: our order joins the back of the real queue of its level;
 * the orders ahead are known by id, and the queue ahead shrinks only when one of them is
 * cancelled, reduced or executed (an order whose size grows loses its priority and moves behind
 * us). An execution of an order BEHIND ours would have matched ours first: that volume fills us
 * once nothing is ahead. Trades and L2 level sizes carry no queue information here (the L3 events
 * of the same match do), so `onTrade` and `onLevelChange` do nothing.
 */
export class L3FifoQueue implements QueueModel {
  readonly orderLevel = true;

  onPlaced(position: QueuePosition, levelQty: number): void {
    position.queueAhead = levelQty;
  }

  onTrade(): number {
    return 0;
  }

  onLevelChange(): void {}

  /** Our order joins `book`'s queue at (side, price): every order resting there is ahead. */
  placeInQueue(position: FifoPosition, book: L3Book, side: number, priceTicks: number): void {
    position.ahead = new Set(book.ordersAt(side, priceTicks));
    position.queueAhead = book.levelQty(side, priceTicks);
  }

  /** `removedQty` of market order `orderId` left its level (cancel, reduction, execution); `gone` if it left entirely. */
  onOrderReduced(position: FifoPosition, orderId: number, removedQty: number, gone: boolean): void {
    const ahead = position.ahead;
    if (ahead === undefined || !ahead.has(orderId)) return;
    position.queueAhead = Math.max(0, position.queueAhead - removedQty);
    if (gone) ahead.delete(orderId);
  }

  /** Market order `orderId` (of size `sizeBefore`) grew: it goes to the back, behind ours. */
  onOrderRequeued(position: FifoPosition, orderId: number, sizeBefore: number): void {
    if (position.ahead?.delete(orderId)) position.queueAhead = Math.max(0, position.queueAhead - sizeBefore);
  }

  /** An execution of `qty` against market order `orderId`; returns what reaches our order instead. */
  onExecution(position: FifoPosition, orderId: number, qty: number): number {
    if (position.ahead?.has(orderId)) return 0; // the order ahead of ours traded: handled as a reduction
    return position.queueAhead <= 1e-12 ? qty : 0;
  }
}

/** True for queue models that work on order-level data. */
export function isOrderLevel(model: QueueModel): model is L3FifoQueue {
  return (model as Partial<L3FifoQueue>).orderLevel === true;
}
