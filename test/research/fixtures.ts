import { EventKind, SCHEMA_VERSION, type EventBatch } from "../../src/data/schema.ts";
import { BookFeed } from "../../src/research/bookFeed.ts";
import { MarketOrderFeed, type MarketOrderSink } from "../../src/research/marketOrders.ts";
import type { MarketData } from "../../src/data/sources/marketData.ts";

/** One event for the hand-made markets: time in seconds since the origin, price in ticks. */
export type Ev = [tS: number, kind: number, side: number, priceTicks: number, qty: number];

export const { DEPTH, TRADE, SNAPSHOT, DEPTH_CLEAR } = EventKind;

/** A MarketData over hand-made events (tick 0.01), delivered in batches of `batchRows`. */
export function marketOf(events: Ev[], batchRows = 3): MarketData {
  return {
    meta: { symbol: "BTCUSDT", venue: "test", tickSize: 0.01, lotSize: 0.00001, source: "test", schemaVersion: SCHEMA_VERSION },
    originNs: 0n,
    description: { kind: "test" },
    async *batches() {
      for (let from = 0; from < events.length; from += batchRows) {
        const rows = events.slice(from, from + batchRows);
        const batch: EventBatch = {
          length: rows.length,
          exchTsNs: Float64Array.from(rows, (e) => Math.round(e[0] * 1e9)),
          localTsNs: Float64Array.from(rows, (e) => Math.round(e[0] * 1e9)),
          kind: Uint8Array.from(rows, (e) => e[1]),
          side: Int8Array.from(rows, (e) => e[2]),
          priceTicks: Int32Array.from(rows, (e) => e[3]),
          qty: Float64Array.from(rows, (e) => e[4]),
          orderId: new Float64Array(rows.length),
          plainLocalTimes: false,
        };
        yield batch;
      }
    },
    hash: async () => "test",
  };
}

/** Feeds hand-made events through a BookFeed and a MarketOrderFeed to `sinks`, ending at `endS`; returns the order feed. */
export function feedOrders(events: Ev[], sinks: MarketOrderSink[], endS: number): MarketOrderFeed {
  const orders = new MarketOrderFeed(sinks);
  const feed = new BookFeed([orders]);
  for (const [t, kind, side, price, qty] of events) feed.onEvent(Math.round(t * 1e9), kind, side, price, qty);
  feed.finish(endS * 1e9);
  return orders;
}
