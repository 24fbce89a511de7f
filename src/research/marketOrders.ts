import type { FeedSink, TopState } from "./bookFeed.ts";

/** What the order-flow statistics receive: market orders with the mid before them, then the mids that follow. */
export interface MarketOrderSink {
  /**
   * A market order, complete: time of its prints (ns), aggressor side (+1 buy, −1 sell), the
   * settled mid before its timestamp (ticks; NaN when the book was one-sided or crossed), its
   * reach (farthest print beyond that mid, ticks: a buy's price − mid, a sell's mid − price) and
   * its size (base units).
   */
  onMarketOrder(tNs: number, side: number, midBeforeTicks: number, reachTicks: number, qty: number): void;
  /** The settled mid (ticks, NaN when not valid) holds over [tNs, untilNs); the orders at tNs came before it. */
  onMid?(tNs: number, untilNs: number, midTicks: number): void;
  /** The data ends at `endNs`. */
  finish?(endNs: number): void;
}

/**
 * Market orders as the project counts them (TradeCounter, the calibration's reach histogram): a
 * run of trade prints with one exchange timestamp and one aggressor side is one order, its size
 * their sum. Its reference mid is the book settled before that timestamp, so neither its own
 * prints nor the depth updates they cause move it. Prints without an aggressor side (0) are not
 * orders here: every statistic downstream is signed. Streaming, no per-event allocation.
 */
export class MarketOrderFeed implements FeedSink {
  /** Orders handed over. */
  orders = 0;
  private readonly sinks: MarketOrderSink[];
  private midTicks = NaN;
  private pendingSide = 0;
  private pendingNs = NaN;
  private pendingMid = NaN;
  private pendingReach = -Infinity;
  private pendingQty = 0;

  constructor(sinks: MarketOrderSink[]) {
    this.sinks = sinks;
  }

  onTrade(tNs: number, side: number, priceTicks: number, qty: number): void {
    if (side !== 1 && side !== -1) return;
    if (this.pendingSide !== 0 && (tNs !== this.pendingNs || side !== this.pendingSide)) this.flush();
    if (this.pendingSide === 0) {
      this.pendingSide = side;
      this.pendingNs = tNs;
      this.pendingMid = this.midTicks; // the state settled before this timestamp
      this.pendingReach = -Infinity;
      this.pendingQty = 0;
    }
    const reach = side > 0 ? priceTicks - this.pendingMid : this.pendingMid - priceTicks;
    if (reach > this.pendingReach) this.pendingReach = reach;
    this.pendingQty += qty;
  }

  onState(tNs: number, untilNs: number, top: Readonly<TopState>): void {
    // the feed settles a timestamp after all its events: an order at tNs is complete, and must be queued before tNs's mid is handed out
    this.flush();
    this.midTicks = top.midTicks;
    for (const s of this.sinks) s.onMid?.(tNs, untilNs, top.midTicks);
  }

  finish(endNs: number): void {
    this.flush();
    for (const s of this.sinks) s.finish?.(endNs);
  }

  private flush(): void {
    if (this.pendingSide === 0) return;
    this.orders++;
    for (const s of this.sinks) s.onMarketOrder(this.pendingNs, this.pendingSide, this.pendingMid, this.pendingReach, this.pendingQty);
    this.pendingSide = 0;
  }
}
