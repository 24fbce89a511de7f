import { describe, expect, it } from "vitest";
import { ArrivalStepRecorder } from "../../../src/calibration/market/arrivalSteps.ts";
import { EventKind } from "../../../src/data/schema.ts";
import { BookFeed } from "../../../src/research/bookFeed.ts";
import { MarketOrderFeed } from "../../../src/research/marketOrders.ts";

describe("arrival steps", () => {
  it("every distinct timestamp is a step; a run of prints with one timestamp and side is one order", () => {
    const steps = new ArrivalStepRecorder();
    const feed = new BookFeed([steps, new MarketOrderFeed([steps])]);
    const S = 1e9;
    feed.onEvent(0, EventKind.SNAPSHOT, 1, 99, 5);
    feed.onEvent(0, EventKind.SNAPSHOT, -1, 100, 5);
    feed.onEvent(1 * S, EventKind.TRADE, 1, 100, 1); // a buy printing twice …
    feed.onEvent(1 * S, EventKind.TRADE, 1, 101, 1); // … is one order
    feed.onEvent(1 * S, EventKind.TRADE, -1, 99, 1); // a sell at the same timestamp is another
    feed.onEvent(2 * S, EventKind.DEPTH, 1, 98, 2); // no order
    feed.onEvent(3 * S, EventKind.TRADE, 1, 100, 0.5);
    feed.onEvent(3 * S, EventKind.TRADE, 0, 100, 0.5); // no aggressor side: not an order
    feed.finish(4 * S);
    const a = steps.result();
    expect([...a.timesS]).toEqual([0, 1, 2, 3]);
    expect([...a.orders]).toEqual([0, 2, 0, 1]);
    expect(a.count).toBe(3);
    expect([a.startS, a.endS]).toEqual([0, 4]);
  });
});
