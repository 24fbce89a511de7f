import { L2Book } from "../book/l2book.ts";
import { EventKind, MAX_MARKET_EVENT_KIND, type EventBatch } from "../data/schema.ts";

/** What the estimators receive from the feed. Times are float64 ns (exch or local, see FeedClock). */
export interface CalibrationSink {
  /** Time moves from one event time to the next: the mid was `midTicks` over [fromNs, toNs) (NaN when a side was empty). */
  onAdvance?(fromNs: number, toNs: number, midTicks: number): void;
  /** A market order at `tNs`: aggressor side (+1 buy, −1 sell) and how far it reached from the mid before it, ticks. */
  onMarketOrder?(tNs: number, side: number, reachTicks: number): void;
}

/** Which timestamp drives the calibration: the exchange's (offline) or the strategy's (inside a run). */
export type FeedClock = "exch" | "local";

/**
 * Turns an event stream into what the estimators need, streaming (one L2 book, no per-event
 * allocation):
 *   - the settled mid: the book's mid after every event of a timestamp (of the feed's clock);
 *   - market orders: consecutive trades with the same exchange timestamp and aggressor side are
 *     one market order (a matching engine prints one trade per level consumed, and the prints may
 *     reach us at different local times); its reach is the farthest trade from the settled mid
 *     before its first trade (a buy: price − mid, a sell: mid − price), so a sweep's own depth
 *     updates never move its reference.
 * L3 events are ignored (order-level data carries its L2 view in depth events when converted).
 */
export class CalibrationFeed {
  readonly book = new L2Book();
  /** Market orders seen with a two-sided book, and trades skipped because a side was empty. */
  marketOrders = 0;
  skippedTrades = 0;
  private readonly sinks: CalibrationSink[];
  private readonly useLocal: boolean;
  private currentNs = NaN;
  private refMid = NaN;
  private pendingSide = 0;
  private pendingExchNs = NaN;
  private pendingNs = NaN;
  private pendingRef = NaN;
  private pendingReach = -Infinity;

  constructor(sinks: CalibrationSink[], clock: FeedClock = "exch") {
    this.sinks = sinks;
    this.useLocal = clock === "local";
  }

  /** Feeds every event of a batch in order. */
  update(batch: EventBatch): void {
    const ts = this.useLocal ? batch.localTsNs : batch.exchTsNs;
    const exch = batch.exchTsNs;
    for (let i = 0; i < batch.length; i++) this.onEvent(ts[i], exch[i], batch.kind[i], batch.side[i], batch.priceTicks[i], batch.qty[i]);
  }

  /** Feeds one event: its time on the feed's clock and its exchange time (ns; the same on the exch clock). */
  onEvent(tNs: number, exchNs: number, kind: number, side: number, priceTicks: number, qty: number): void {
    if (kind > MAX_MARKET_EVENT_KIND) return; // a session's own rows (heartbeats, records): not the market
    if (this.pendingSide !== 0 && (kind !== EventKind.TRADE || exchNs !== this.pendingExchNs || side !== this.pendingSide)) this.flushOrder();
    if (tNs !== this.currentNs) this.advance(tNs);
    if (kind === EventKind.TRADE) {
      if (this.pendingSide === 0) {
        if (Number.isNaN(this.refMid)) {
          this.skippedTrades++;
          return;
        }
        this.pendingSide = side;
        this.pendingExchNs = exchNs;
        this.pendingNs = tNs;
        this.pendingRef = this.refMid;
      }
      const reach = side > 0 ? priceTicks - this.pendingRef : this.pendingRef - priceTicks;
      if (reach > this.pendingReach) this.pendingReach = reach;
    } else if (kind === EventKind.DEPTH || kind === EventKind.SNAPSHOT) {
      this.book.update(side, priceTicks, qty);
    } else if (kind === EventKind.DEPTH_CLEAR) {
      this.book.clear(side);
    }
  }

  /** Moves time to `endNs` (default: the last event's time) and hands the last market order to the sinks. */
  finish(endNs = this.currentNs): void {
    this.flushOrder();
    if (endNs > this.currentNs) this.advance(endNs);
  }

  private advance(tNs: number): void {
    const mid = this.book.hasTwoSides() && !this.book.isCrossed() ? this.book.midTicks() : NaN;
    if (!Number.isNaN(this.currentNs)) for (const s of this.sinks) s.onAdvance?.(this.currentNs, tNs, mid);
    this.refMid = mid;
    this.currentNs = tNs;
  }

  private flushOrder(): void {
    if (this.pendingSide === 0) return;
    this.marketOrders++;
    for (const s of this.sinks) s.onMarketOrder?.(this.pendingNs, this.pendingSide, this.pendingReach);
    this.pendingSide = 0;
    this.pendingReach = -Infinity;
  }
}
