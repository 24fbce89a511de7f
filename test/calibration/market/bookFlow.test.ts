import { describe, expect, it } from "vitest";
import { BookFlow } from "../../../src/calibration/market/bookFlow.ts";
import { RecentTrades } from "../../../src/calibration/market/recentTrades.ts";
import { EventKind } from "../../../src/data/schema.ts";
import { BookFeed, type FeedSink } from "../../../src/research/bookFeed.ts";

describe("recent trades explain depth decreases", () => {
  it("up to what printed at that price on the side consumed, within the window", () => {
    const t = new RecentTrades(1e9);
    t.add(0, 1, 100, 1.0); // a buy consumed 1.0 of the asks at 100
    expect(t.explain(5e8, 1, 100, 0.7)).toBe(0); // the bids were not traded
    expect(t.explain(5e8, -1, 101, 0.7)).toBe(0); // nor another price
    expect(t.explain(5e8, -1, 100, 0.7)).toBeCloseTo(0.7, 12);
    expect(t.explain(6e8, -1, 100, 0.5)).toBeCloseTo(0.3, 12); // what is left of the print
    t.add(1e9, 1, 100, 2);
    expect(t.explain(3e9, -1, 100, 1)).toBe(0); // 2 s later: out of the window
  });
});

describe("BookFlow", () => {
  it("classifies depth changes around a one-tick book, by hand", () => {
    const sinks: FeedSink[] = [];
    const feed = new BookFeed(sinks);
    const flow = new BookFlow(feed.book, 50);
    sinks.push(flow); // it reads the feed's book, and sees its settled states (as marketScan.ts wires it)
    const depth = (t: number, side: number, price: number, qty: number): void => {
      const old = feed.book.qtyAt(side, price);
      feed.onEvent(t, EventKind.DEPTH, side, price, qty);
      flow.onDepth(t, side, price, qty, old);
    };
    // book: bids 99 (2) and 90 (1), asks 100 (3) and 110 (1): mid 99.5
    for (const [side, price, qty] of [[1, 99, 2], [1, 90, 1], [-1, 100, 3], [-1, 110, 1]]) feed.onEvent(0, EventKind.SNAPSHOT, side, price, qty);
    depth(1e9, 1, 99, 2.5); // +0.5 at the best bid: at the touch
    depth(2e9, -1, 103, 0.2); // +0.2, 3 ticks behind the best ask
    depth(3e9, -1, 200, 1); // outside the 50-tick window: ignored
    feed.onEvent(4e9, EventKind.TRADE, 1, 100, 1); // a buy takes 1 at 100 …
    depth(4e9, -1, 100, 2); // … and the ask level shows it: a trade, not a cancel
    depth(5e9, -1, 100, 1.5); // −0.5 with no trade: a cancel
    depth(6e9, 1, 90, 0); // the bid at 90 deleted: a cancel of 1
    feed.finish(7e9);
    expect(flow.atTouch.total).toBe(1);
    expect(flow.behind.total).toBe(1);
    expect(flow.behindTicks.total).toBe(3);
    expect(flow.cancels.total).toBe(2);
    expect(Math.abs(flow.cancels.quantile(0) / 0.5 - 1)).toBeLessThan(0.006);
    expect(flow.seconds).toBeCloseTo(7, 9);
    // touch sizes every 100 ms: bid 2 → 2.5, ask 3 → 2 → 1.5; the median over time is 2.5 (bid from 1 s on, ask 2 from 4 s)
    expect(Math.abs(flow.touchSizes.quantile(0.5) / 2.5 - 1)).toBeLessThan(0.006);
    // levels within 50 ticks of the best, sampled each second at 0 … 6 s: 4, 4, 5, 5, 5, 5, 4 (103 joins at 2 s, 90 leaves at 6 s)
    expect(flow.levelSeconds).toBe(32);
  });
});
