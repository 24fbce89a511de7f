import { EventBatchPool } from "../../data/batch.ts";
import { EventKind, type DatasetMeta } from "../../data/schema.ts";
import { BookFeed, type FeedSink, type TopState } from "../../research/bookFeed.ts";
import { MarketOrderFeed, type MarketOrderSink } from "../../research/marketOrders.ts";
import { TradeCounter } from "../../research/tradeCounter.ts";
import type { MarketData } from "../../data/sources/marketData.ts";
import { ArrivalStepRecorder, type ArrivalSteps } from "./arrivalSteps.ts";
import { BookFlow } from "./bookFlow.ts";
import { LogHistogram } from "./logHistogram.ts";
import { MarketTape } from "./marketTape.ts";

/**
 * One streaming pass over market data that collects everything the market fit uses:
 *
 *   events ─▶ BookFeed (book settled per timestamp) ─┬▶ BookFlow (depth changes: limit arrivals, cancels, touch sizes)
 *                                                    ├▶ TradeCounter (market-order sizes)
 *                                                    ├▶ ArrivalStepRecorder (timestamps, market orders at each)
 *                                                    └▶ MarketOrderFeed ─▶ MarketTape (orders and mids, for tapeMoments.ts)
 *          └▶ local − exch time of each event ─▶ feed latency
 *
 * The same pass runs on the data and on every simulated market of the fit, so both are measured
 * by the same code.
 */
export interface ScanOptions {
  /** Depth changes within this distance of the mid count for the book's flow (ticks). */
  bookWindowTicks: number;
  /** Collect the arrival steps (for the Hawkes fit) and the book's flow. */
  arrivals: boolean;
  book: boolean;
  /** Read only this much data time, ns (default: all of it). */
  durationNs?: number;
}

/** What the pass measured. */
export interface MarketScan {
  meta: DatasetMeta;
  originNs: bigint;
  /** Data time read, s, events read and their distinct exchange timestamps. */
  durationS: number;
  events: number;
  timestamps: number;
  /** The first valid mid, ticks (NaN if the book never was two-sided). */
  firstMidTicks: number;
  /** Market-order sizes, ascending (base units), and their count. */
  orderSizes: Float64Array;
  marketOrders: number;
  arrivals?: ArrivalSteps;
  /** The market orders and mids, to measure moments from (tapeMoments.ts). */
  tape: MarketTape;
  book?: BookFlow;
  /** local_ts − exch_ts of every event, ms. */
  latencyMs: LogHistogram;
  /** Gaps between consecutive distinct exchange timestamps of depth rows, ms (the venue's depth cadence). */
  depthGapsMs: LogHistogram;
}

/** Reads `data` once and measures it (see the module comment). */
export async function scanMarket(data: MarketData, options: ScanOptions): Promise<MarketScan> {
  let firstMidTicks = NaN;
  const firstMid: FeedSink = {
    onState(_tNs: number, _untilNs: number, top: Readonly<TopState>) {
      if (Number.isNaN(firstMidTicks) && top.valid) firstMidTicks = top.midTicks;
    },
  };
  const tape = new MarketTape();
  const steps = options.arrivals ? new ArrivalStepRecorder() : undefined;
  const orderSinks: MarketOrderSink[] = [tape];
  if (steps) orderSinks.unshift(steps);
  const sizes = new TradeCounter([]);
  const sinks: FeedSink[] = [firstMid, sizes];
  const feed = new BookFeed(sinks);
  const flow = options.book ? new BookFlow(feed.book, options.bookWindowTicks) : undefined;
  if (flow) sinks.push(flow);
  // The step recorder sees a timestamp (onState) before the order feed hands over that timestamp's orders.
  if (steps) sinks.push(steps);
  sinks.push(new MarketOrderFeed(orderSinks));
  const latencyMs = new LogHistogram(1e-6, 1e7, 50);
  const depthGapsMs = new LogHistogram(1e-6, 1e7, 50);
  let lastDepthNs = NaN;

  const endNs = options.durationNs ?? Infinity;
  let timestamps = 0;
  let lastNs = NaN;
  const pool = new EventBatchPool(); // batches handed back once read: the source fills them again
  read: for await (const b of data.batches(pool)) {
    for (let i = 0; i < b.length; i++) {
      const t = b.exchTsNs[i];
      if (t >= endNs) break read;
      if (t !== lastNs) timestamps++;
      lastNs = t;
      const kind = b.kind[i];
      latencyMs.add((b.localTsNs[i] - t) / 1e6);
      if (kind === EventKind.DEPTH && t !== lastDepthNs) {
        if (!Number.isNaN(lastDepthNs)) depthGapsMs.add((t - lastDepthNs) / 1e6);
        lastDepthNs = t;
      }
      if (flow !== undefined && kind === EventKind.DEPTH) {
        const side = b.side[i];
        const price = b.priceTicks[i];
        const old = feed.book.qtyAt(side, price);
        feed.onEvent(t, kind, side, price, b.qty[i]);
        flow.onDepth(t, side, price, b.qty[i], old);
      } else {
        feed.onEvent(t, kind, b.side[i], b.priceTicks[i], b.qty[i]);
      }
    }
    pool.give(b);
  }
  const end = feed.finish(Number.isFinite(endNs) ? endNs : lastNs);
  const sorted = Float64Array.from(sizes.sizes.view()).sort();
  return {
    meta: data.meta,
    originNs: data.originNs,
    durationS: end / 1e9,
    events: feed.events,
    timestamps,
    firstMidTicks,
    orderSizes: sorted,
    marketOrders: sorted.length,
    ...(steps ? { arrivals: steps.result() } : {}),
    tape,
    ...(flow ? { book: flow } : {}),
    latencyMs,
    depthGapsMs,
  };
}
