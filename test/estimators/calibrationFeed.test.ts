import { describe, expect, it } from "vitest";
import { CalibrationFeed, type CalibrationSink } from "../../src/estimators/calibrationFeed.ts";
import { EventKind } from "../../src/data/schema.ts";
import { batchOf, type Row } from "./events.ts";

const { DEPTH, TRADE, DEPTH_CLEAR, SNAPSHOT } = EventKind;

function record(rows: Row[], clock: "exch" | "local" = "exch", endNs?: number) {
  const advances: [number, number, number][] = [];
  const orders: [number, number, number][] = [];
  const sink: CalibrationSink = {
    onAdvance: (from, to, mid) => advances.push([from, to, mid]),
    onMarketOrder: (t, side, reach) => orders.push([t, side, reach]),
  };
  const feed = new CalibrationFeed([sink], clock);
  feed.update(batchOf(rows));
  feed.finish(endNs);
  return { advances, orders, feed };
}

describe("CalibrationFeed", () => {
  const rows: Row[] = [
    [0, SNAPSHOT, 1, 100, 1],
    [0, SNAPSHOT, -1, 101, 1], // mid 100.5 from t = 0
    [10, TRADE, 1, 101, 0.1], // a buy: reach 101 − 100.5 = 0.5 …
    [10, TRADE, 1, 103, 0.1], // … sweeping to 103: reach 2.5 (one market order)
    [10, DEPTH, -1, 101, 0],
    [10, DEPTH, -1, 104, 1], // mid (100 + 104)/2 = 102 from t = 10
    [20, TRADE, -1, 100, 0.1], // a sell against the mid before t = 20 (102): reach 2
    [20, TRADE, 1, 104, 0.1], // another side at the same time: a second order, reach 2
    [30, DEPTH_CLEAR, 1, 0, 0], // no bids from t = 30
    [40, TRADE, -1, 99, 0.1], // one-sided book: skipped
  ];

  it("groups the trades of one market order and measures its reach from the mid before it", () => {
    const { orders, feed } = record(rows, "exch", 50);
    expect(orders).toEqual([
      [10, 1, 2.5],
      [20, -1, 2],
      [20, 1, 2],
    ]);
    expect(feed.marketOrders).toBe(3);
    expect(feed.skippedTrades).toBe(1);
  });

  it("reports the settled mid over each interval between event times (NaN when one-sided)", () => {
    const { advances } = record(rows, "exch", 50);
    expect(advances).toEqual([
      [0, 10, 100.5],
      [10, 20, 102],
      [20, 30, 102],
      [30, 40, NaN],
      [40, 50, NaN],
    ]);
  });

  it("on the local clock, prints of one order arriving at different local times are still one order", () => {
    const local: Row[] = [
      [0, SNAPSHOT, 1, 100, 1, 5],
      [0, SNAPSHOT, -1, 101, 1, 5],
      [10, TRADE, 1, 101, 0.1, 15],
      [10, TRADE, 1, 102, 0.1, 16],
      [10, TRADE, 1, 105, 0.1, 17],
      [11, TRADE, 1, 101, 0.1, 18], // another exchange time: another order
    ];
    const { orders, advances } = record(local, "local");
    expect(orders).toEqual([
      [15, 1, 4.5],
      [18, 1, 0.5],
    ]);
    expect(advances[0]).toEqual([5, 15, 100.5]);
  });

  it("a crossed book has no mid; a trade before any book is skipped", () => {
    const { orders, feed, advances } = record([
      [0, TRADE, 1, 100, 1],
      [1, DEPTH, 1, 101, 1],
      [1, DEPTH, -1, 100, 1],
      [2, TRADE, 1, 101, 1],
    ]);
    expect(orders).toEqual([]);
    expect(feed.skippedTrades).toBe(2);
    expect(advances).toEqual([
      [0, 1, NaN],
      [1, 2, NaN],
    ]);
  });
});
