import { describe, expect, it } from "vitest";
import type { MarketOrderSink } from "../../src/research/marketOrders.ts";
import { DEPTH, SNAPSHOT, TRADE, feedOrders, type Ev } from "./fixtures.ts";

const BID = 1;
const ASK = -1;

/** Records the orders and the mids handed over, in order. */
function recorder(): MarketOrderSink & { log: (string | number)[][] } {
  const log: (string | number)[][] = [];
  return {
    log,
    onMarketOrder: (t, side, mid, reach, qty) => void log.push(["order", t / 1e9, side, mid, reach, qty]),
    onMid: (t, until, mid) => void log.push(["mid", t / 1e9, until / 1e9, mid]),
  };
}

describe("MarketOrderFeed", () => {
  it("one order per run of prints with one timestamp and side; its mid is the book before that timestamp", () => {
    const events: Ev[] = [
      [0, SNAPSHOT, BID, 100, 1],
      [0, SNAPSHOT, ASK, 101, 1],
      // a sweep at 1 s: the depth update before the prints is part of it, not of the reference mid
      [1, DEPTH, ASK, 101, 0],
      [1, DEPTH, ASK, 103, 1],
      [1, TRADE, BID, 101, 0.25],
      [1, TRADE, BID, 103, 0.5],
      [1, TRADE, ASK, 100, 0.125], // other side at the same timestamp: another order
      [1, TRADE, 0, 100, 9], // no aggressor side: not an order
      [2, TRADE, ASK, 99, 1], // through the bid: reach 2.5 below mid 101.5
    ];
    const r = recorder();
    const orders = feedOrders(events, [r], 3);
    expect(orders.orders).toBe(3);
    expect(r.log).toEqual([
      ["mid", 0, 1, 100.5],
      ["order", 1, 1, 100.5, 2.5, 0.75], // 103 − 100.5
      ["order", 1, -1, 100.5, 0.5, 0.125],
      ["mid", 1, 2, 101.5], // bid 100, ask 103: handed out after the orders of its timestamp
      ["order", 2, -1, 101.5, 2.5, 1],
      ["mid", 2, 3, 101.5],
    ]);
  });

  it("an order before any two-sided book has no mid", () => {
    const r = recorder();
    feedOrders([[0, TRADE, BID, 100, 1], [0.5, SNAPSHOT, BID, 99, 1]], [r], 1);
    expect(r.log[0].slice(0, 3)).toEqual(["order", 0, 1]);
    expect(r.log[0][3]).toBeNaN();
    expect(r.log[0][4]).toBe(-Infinity); // no reach without a mid
  });
});
