import { Side } from "../core/side.ts";
import { isFinal, OrderStatus, type Order } from "./order.ts";
import type { Venue } from "../venue/venue.ts";

/** When a working quote is replaced. */
export interface RequoteLimits {
  /** Replace when the quote is this many ticks more aggressive than the wanted price. */
  thresholdTicks: number;
  /** Replace when the quote is this many ticks behind (less aggressive than) the wanted price. */
  behindThresholdTicks: number;
  /** Replace when the quote is this old, ns. */
  maxAgeNs: number;
}

/** The replacement rules a config asks for. */
export function requoteLimits(orders: { requote_threshold_ticks: number; requote_behind_threshold_ticks?: number; max_age_ms: number }): RequoteLimits {
  return {
    thresholdTicks: orders.requote_threshold_ticks,
    behindThresholdTicks: orders.requote_behind_threshold_ticks ?? orders.requote_threshold_ticks,
    maxAgeNs: orders.max_age_ms * 1e6,
  };
}

/**
 * Keeps at most one working quote per side and replaces it only when the wanted price has moved
 * by at least `requoteThresholdTicks` or the quote is older than `maxAgeNs` (README: The V1 strategy): this is
 * what keeps the cancel ratio down. Orders being cancelled stay tracked (and count as resting
 * quantity for the inventory guard) until the venue confirms.
 */
export class OrderManager {
  private readonly orders = new Map<number, Order>();
  private workingBid: Order | undefined;
  private workingAsk: Order | undefined;
  private nextId = 1;
  /** Why working orders were cancelled: replaced for price or age, shrunk by the inventory guard, halted (pause, no market), or withdrawn by the strategy. */
  readonly cancelReasons = { price: 0, age: 0, inventory: 0, halt: 0, withdrawn: 0 };

  constructor(
    private readonly venue: Venue,
    private limits: RequoteLimits,
    private readonly onSubmitted: (order: Order) => void,
  ) {}

  /** Changes the replacement rules (hot reload). */
  setLimits(limits: RequoteLimits): void {
    this.limits = limits;
  }

  /**
   * Brings one side to the wanted quote. The working order stays if its price is within the
   * requote thresholds (one for a quote more aggressive than wanted, one for a quote behind), it is younger than the max age and its open quantity is at most
   * `maxWorkingQty` (the inventory guard's room); otherwise it is cancelled and, if `newSize` > 0,
   * a new order is sent.
   */
  quote(side: Side, priceTicks: number, newSize: number, maxWorkingQty: number, nowNs: number, midTicks: number): void {
    const working = side === Side.BID ? this.workingBid : this.workingAsk;
    if (working !== undefined) {
      // > 0: the resting quote is more aggressive than wanted (exposed); < 0: it sits behind.
      const exposureTicks = side * (working.priceTicks - priceTicks);
      const limits = this.limits;
      const reason =
        working.qty - working.filledQty > maxWorkingQty + 1e-12 ? "inventory"
        : exposureTicks >= limits.thresholdTicks || -exposureTicks >= limits.behindThresholdTicks ? "price"
        : nowNs - working.submittedAtNs >= limits.maxAgeNs ? "age"
        : undefined;
      if (reason === undefined) return;
      this.cancelReasons[reason]++;
      this.cancel(working);
    }
    if (newSize > 0) this.submit(side, priceTicks, newSize, nowNs, midTicks);
  }

  /** Cancels the working order of one side, if any (the strategy quotes no price there). */
  withdraw(side: Side): void {
    const working = side === Side.BID ? this.workingBid : this.workingAsk;
    if (working === undefined) return;
    this.cancelReasons.withdrawn++;
    this.cancel(working);
  }

  /** Cancels every live order (the latency guard's pause). */
  cancelAll(): void {
    for (const order of this.orders.values()) {
      if (order.status === OrderStatus.PENDING_NEW || order.status === OrderStatus.OPEN) {
        this.cancelReasons.halt++;
        this.cancel(order);
      }
    }
  }

  /** Quantity that could still fill on one side: working and being-cancelled orders. */
  restingQty(side: Side): number {
    let total = 0;
    for (const order of this.orders.values()) if (order.side === side) total += order.qty - order.filledQty;
    return total;
  }

  /** The engine-side order with this id, if still tracked. */
  get(orderId: number): Order | undefined {
    return this.orders.get(orderId);
  }

  /** The working order of one side, if any. */
  working(side: Side): Order | undefined {
    return side === Side.BID ? this.workingBid : this.workingAsk;
  }

  /** Number of orders not yet final. */
  liveCount(): number {
    return this.orders.size;
  }

  /** Applies a status change reported by the venue; final orders are forgotten. */
  setStatus(order: Order, status: OrderStatus): void {
    order.status = status;
    if (isFinal(status)) {
      this.orders.delete(order.id);
      if (this.workingBid === order) this.workingBid = undefined;
      if (this.workingAsk === order) this.workingAsk = undefined;
    }
  }

  private submit(side: Side, priceTicks: number, qty: number, nowNs: number, midTicks: number): void {
    const order: Order = {
      id: this.nextId++,
      side,
      priceTicks,
      qty,
      filledQty: 0,
      status: OrderStatus.PENDING_NEW,
      submittedAtNs: nowNs,
      halfSpreadAtPlacementTicks: side * (midTicks - priceTicks),
    };
    this.orders.set(order.id, order);
    if (side === Side.BID) this.workingBid = order;
    else this.workingAsk = order;
    try {
      this.venue.submit({ orderId: order.id, side, priceTicks, qty });
    } catch (e) {
      // Never sent: forget it so it neither blocks the side nor counts as resting.
      this.setStatus(order, OrderStatus.REJECTED);
      throw e;
    }
    this.onSubmitted(order);
  }

  private cancel(order: Order): void {
    if (this.workingBid === order) this.workingBid = undefined;
    if (this.workingAsk === order) this.workingAsk = undefined;
    if (order.status === OrderStatus.PENDING_CANCEL) return;
    order.status = OrderStatus.PENDING_CANCEL;
    this.venue.cancel(order.id);
  }
}
