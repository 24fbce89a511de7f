import { L2Book } from "../book/l2book.ts";
import { EventBatchPool } from "../data/batch.ts";
import { EventKind, type EventBatch } from "../data/schema.ts";
import type { MarketData } from "../data/sources/marketData.ts";

/** The settled top of the book: best prices (ticks) and sizes (base units); `valid` when two-sided and uncrossed. */
export interface TopState {
  valid: boolean;
  bidTicks: number;
  bidQty: number;
  askTicks: number;
  askQty: number;
  /** (bid + ask) / 2 in ticks (x.5 when the spread is odd); NaN when not valid. */
  midTicks: number;
}

/** What the research statistics receive from the feed; times are float64 ns since the data origin (exchange clock). */
export interface FeedSink {
  /** The book settled at `tNs` (after every event of that timestamp) to `top`, which holds over [tNs, untilNs). */
  onState?(tNs: number, untilNs: number, top: Readonly<TopState>): void;
  /** One trade print: aggressor side (+1 buy, −1 sell, 0 unknown), price in ticks, size in base units. */
  onTrade?(tNs: number, side: number, priceTicks: number, qty: number): void;
  /** The data ends at `endNs` (exclusive): close what is open. */
  finish?(endNs: number): void;
}

/**
 * Rebuilds the L2 book from an event stream and reports the top of book once per timestamp, after
 * all the events of that timestamp (a depth message or a sweep's updates are one change, so
 * half-applied states never count), plus every trade as it comes. L3 kinds are ignored (converted
 * order-level data carries its L2 view in DEPTH events). Streaming, no per-event allocation.
 */
export class BookFeed {
  readonly book = new L2Book();
  /** Events read (before the end time). */
  events = 0;
  private readonly sinks: FeedSink[];
  private readonly top: TopState = { valid: false, bidTicks: 0, bidQty: 0, askTicks: 0, askQty: 0, midTicks: NaN };
  private currentNs = NaN;

  constructor(sinks: FeedSink[]) {
    this.sinks = sinks;
  }

  /** Feeds one event. */
  onEvent(tNs: number, kind: number, side: number, priceTicks: number, qty: number): void {
    if (tNs !== this.currentNs) this.settle(tNs);
    this.events++;
    if (kind === EventKind.DEPTH || kind === EventKind.SNAPSHOT) this.book.update(side, priceTicks, qty);
    else if (kind === EventKind.DEPTH_CLEAR) this.book.clear(side);
    else if (kind === EventKind.TRADE) for (const s of this.sinks) s.onTrade?.(tNs, side, priceTicks, qty);
  }

  /** Feeds the events of a batch with exch time < `endNs`; false once an event reaches `endNs`. */
  update(batch: EventBatch, endNs = Infinity): boolean {
    const ts = batch.exchTsNs;
    for (let i = 0; i < batch.length; i++) {
      if (ts[i] >= endNs) return false;
      this.onEvent(ts[i], batch.kind[i], batch.side[i], batch.priceTicks[i], batch.qty[i]);
    }
    return true;
  }

  /** Ends the stream at `endNs` (default: the last event's time): the last state and the sinks close there. */
  finish(endNs = this.currentNs): number {
    const end = Number.isNaN(this.currentNs) ? (Number.isFinite(endNs) ? endNs : 0) : Math.max(endNs, this.currentNs);
    if (!Number.isNaN(this.currentNs)) this.settle(end);
    for (const s of this.sinks) s.finish?.(end);
    return end;
  }

  /** The events of the current timestamp are all in: report the settled state, valid until `nextNs`. */
  private settle(nextNs: number): void {
    if (!Number.isNaN(this.currentNs)) {
      const b = this.book;
      const top = this.top;
      top.valid = b.hasTwoSides() && !b.isCrossed();
      top.bidTicks = b.bestBidTicks;
      top.askTicks = b.bestAskTicks;
      top.bidQty = b.bestBidQty();
      top.askQty = b.bestAskQty();
      top.midTicks = top.valid ? (top.bidTicks + top.askTicks) / 2 : NaN;
      for (const s of this.sinks) s.onState?.(this.currentNs, nextNs, top);
    }
    this.currentNs = nextNs;
  }
}

/** Streams `data` through a BookFeed with `sinks` up to `durationNs` (default: the whole data); returns the end time and event count. */
export async function streamBook(data: MarketData, sinks: FeedSink[], durationNs?: number): Promise<{ endNs: number; events: number }> {
  const feed = new BookFeed(sinks);
  const endNs = durationNs ?? Infinity;
  const pool = new EventBatchPool(); // batches handed back once read: the source fills them again
  for await (const batch of data.batches(pool)) {
    if (!feed.update(batch, endNs)) break;
    pool.give(batch);
  }
  return { endNs: feed.finish(durationNs), events: feed.events };
}
