import { describe, expect, it } from "vitest";
import { rootRng } from "../../src/core/rng.ts";
import { Side } from "../../src/core/side.ts";
import { EventKind } from "../../src/data/schema.ts";
import { FillRule, RejectReason } from "../../src/venue/venue.ts";
import { SimExchange } from "../../src/sim/exchange.ts";
import { FeeModel } from "../../src/sim/fees.ts";
import type { ResponseMessage } from "../../src/sim/messages.ts";
import { PowerProb, ProbQueue } from "../../src/sim/queue/probabilistic.ts";
import { RiskAverseQueue } from "../../src/sim/queue/riskAverse.ts";
import { ownFields } from "../support/answers.ts";

/*
 * Hand-worked event sequences against SimExchange (tick 0.01, risk-averse queue).
 * Standard book (prices in ticks):  bids 9995 × 2, 9994 × 3   |   asks 10005 × 2, 10006 × 3
 * mid = (9995 + 10005)/2 = 10000 ticks = 100.00 quote.
 */
const TICK = 0.01;
type Fill = Extract<ResponseMessage, { kind: "fill" }>;

function setup(makerBps = 0): { ex: SimExchange; out: ResponseMessage[]; fills: () => Fill[] } {
  const out: ResponseMessage[] = [];
  const ex = new SimExchange(new RiskAverseQueue(), new FeeModel(makerBps, 5), TICK, (m) => out.push(ownFields(m)));
  return { ex, out, fills: () => out.filter((m): m is Fill => m.kind === "fill") };
}

const depth = (ex: SimExchange, t: number, side: number, price: number, qty: number): void => ex.onMarketEvent(t, EventKind.DEPTH, side, price, qty);
const trade = (ex: SimExchange, t: number, aggressor: number, price: number, qty: number): void => ex.onMarketEvent(t, EventKind.TRADE, aggressor, price, qty);

function standardBook(ex: SimExchange, t = 0): void {
  depth(ex, t, Side.BID, 9995, 2);
  depth(ex, t, Side.BID, 9994, 3);
  depth(ex, t, Side.ASK, 10005, 2);
  depth(ex, t, Side.ASK, 10006, 3);
}

describe("SimExchange: arrival of new orders", () => {
  it("rejects post-only bids at or above the best ask and asks at or below the best bid", () => {
    const { ex, out } = setup();
    standardBook(ex);
    ex.onNewOrder(1, 1, Side.BID, 10005, 1); // = best ask → would cross
    ex.onNewOrder(2, 2, Side.BID, 10010, 1); // above best ask
    ex.onNewOrder(3, 3, Side.ASK, 9995, 1); // = best bid
    ex.onNewOrder(4, 4, Side.ASK, 9990, 1); // below best bid
    expect(out).toEqual([
      { tNs: 1, kind: "reject", orderId: 1, reason: RejectReason.POST_ONLY_WOULD_CROSS },
      { tNs: 2, kind: "reject", orderId: 2, reason: RejectReason.POST_ONLY_WOULD_CROSS },
      { tNs: 3, kind: "reject", orderId: 3, reason: RejectReason.POST_ONLY_WOULD_CROSS },
      { tNs: 4, kind: "reject", orderId: 4, reason: RejectReason.POST_ONLY_WOULD_CROSS },
    ]);
    expect(ex.restingCount()).toBe(0);
  });

  it("acks orders strictly inside or behind the touch", () => {
    const { ex, out } = setup();
    standardBook(ex);
    ex.onNewOrder(5, 1, Side.BID, 10004, 1); // one tick below the best ask: fine
    ex.onNewOrder(6, 2, Side.ASK, 9996, 1); // one tick above the best bid: fine
    ex.onNewOrder(7, 3, Side.BID, 9990, 1); // deep
    expect(out).toEqual([
      { tNs: 5, kind: "ack", orderId: 1 },
      { tNs: 6, kind: "ack", orderId: 2 },
      { tNs: 7, kind: "ack", orderId: 3 },
    ]);
    expect(ex.restingCount()).toBe(3);
  });

  it("rejects with NO_MARKET when the book is empty or one-sided", () => {
    const { ex, out } = setup();
    ex.onNewOrder(1, 1, Side.BID, 100, 1);
    depth(ex, 2, Side.BID, 100, 1); // bids only
    ex.onNewOrder(3, 2, Side.ASK, 105, 1);
    expect(out).toEqual([
      { tNs: 1, kind: "reject", orderId: 1, reason: RejectReason.NO_MARKET },
      { tNs: 3, kind: "reject", orderId: 2, reason: RejectReason.NO_MARKET },
    ]);
  });
});

describe("SimExchange: fills", () => {
  it("a sell trade through our bid fills min(open, trade qty) at OUR price, as maker, fee = price·qty·maker_bps/1e4", () => {
    const { ex, fills } = setup(-1); // maker −1 bp: a rebate
    standardBook(ex);
    ex.onNewOrder(10, 1, Side.BID, 9997, 1); // level 9997 empty: queue ahead 0
    // a buy trade and a sell trade above our bid do not touch it
    trade(ex, 11, Side.BID, 10005, 0.5);
    trade(ex, 12, Side.ASK, 9998, 0.5);
    expect(fills()).toHaveLength(0);
    // sell 0.4 @ 9996 (below our 9997): fills 0.4 @ 9997
    // fee = 99.97 · 0.4 · (−1/1e4) = −0.0039988 (rebate)
    trade(ex, 20, Side.ASK, 9996, 0.4);
    // sell 5 @ 9990: fills min(open 0.6, 5) = 0.6 @ 9997; fee = 99.97 · 0.6 · −1e-4 = −0.0059982
    trade(ex, 30, Side.ASK, 9990, 5);
    const f = fills();
    expect(f).toHaveLength(2);
    expect(f[0]).toMatchObject({ tNs: 20, exchTNs: 20, orderId: 1, priceTicks: 9997, isMaker: true, rule: FillRule.TRADE_THROUGH, midAtFillTicks: 10000 });
    expect(f[0].qty).toBeCloseTo(0.4, 12);
    expect(f[0].feeQuote).toBeCloseTo(-0.0039988, 12);
    expect(f[1]).toMatchObject({ tNs: 30, orderId: 1, priceTicks: 9997, isMaker: true, rule: FillRule.TRADE_THROUGH });
    expect(f[1].qty).toBeCloseTo(0.6, 12);
    expect(f[1].feeQuote).toBeCloseTo(-0.0059982, 12);
    expect(ex.restingCount()).toBe(0);
  });

  it("a buy trade through our ask fills at our ask with a positive maker fee", () => {
    const { ex, fills } = setup(2); // maker +2 bp
    standardBook(ex);
    ex.onNewOrder(1, 7, Side.ASK, 10003, 0.25);
    trade(ex, 2, Side.BID, 10004, 1); // buy above our ask: fills min(0.25, 1) = 0.25 @ 10003
    const f = fills();
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ orderId: 7, priceTicks: 10003, qty: 0.25, isMaker: true });
    // 100.03 · 0.25 · 2/1e4 = 0.0050015
    expect(f[0].feeQuote).toBeCloseTo(0.0050015, 12);
  });

  it("at our price, fills only after the queue ahead is consumed, capped by the trade's remainder", () => {
    const { ex, fills } = setup();
    standardBook(ex);
    ex.onNewOrder(1, 1, Side.BID, 9995, 2); // joins behind 2 at 9995
    expect(ex.queueAhead(1)).toBe(2);
    trade(ex, 2, Side.ASK, 9995, 1.5); // ahead 2 − 1.5 = 0.5, no fill
    expect(fills()).toHaveLength(0);
    expect(ex.queueAhead(1)).toBeCloseTo(0.5, 12);
    trade(ex, 3, Side.ASK, 9995, 1); // 1 − 0.5 = 0.5 reaches us
    expect(fills()).toHaveLength(1);
    expect(fills()[0].qty).toBeCloseTo(0.5, 12);
    expect(fills()[0].priceTicks).toBe(9995);
    expect(fills()[0].rule).toBe(FillRule.QUEUE);
    trade(ex, 4, Side.ASK, 9995, 3); // queue empty: min(open 1.5, 3) = 1.5
    expect(fills()).toHaveLength(2);
    expect(fills()[1].qty).toBeCloseTo(1.5, 12);
    expect(ex.restingCount()).toBe(0);
  });

  it("a level shrink at our price moves us up before the trade (risk-averse cap)", () => {
    const { ex, fills } = setup();
    standardBook(ex);
    ex.onNewOrder(1, 1, Side.ASK, 10006, 1); // behind 3
    depth(ex, 2, Side.ASK, 10006, 1); // 3 → 1: ahead capped at 1
    expect(ex.queueAhead(1)).toBe(1);
    depth(ex, 3, Side.ASK, 10006, 4); // growth: still 1
    expect(ex.queueAhead(1)).toBe(1);
    trade(ex, 4, Side.BID, 10006, 1.2); // 1.2 − 1 = 0.2 for us
    expect(fills()).toHaveLength(1);
    expect(fills()[0].qty).toBeCloseTo(0.2, 12);
    expect(ex.queueAhead(1)).toBe(0);
  });

  it("the opposite best crossing our price fills us (ask update at/below our bid), at our price", () => {
    const { ex, fills } = setup();
    standardBook(ex);
    ex.onNewOrder(1, 1, Side.BID, 9997, 1);
    depth(ex, 2, Side.ASK, 9998, 1); // new best ask above our bid: no fill
    expect(fills()).toHaveLength(0);
    depth(ex, 3, Side.ASK, 9997, 0.3); // ask at our bid: fills 0.3 @ 9997
    expect(fills()).toHaveLength(1);
    expect(fills()[0]).toMatchObject({ orderId: 1, priceTicks: 9997, qty: 0.3, isMaker: true, rule: FillRule.CROSSING });
    depth(ex, 4, Side.ASK, 9996, 5); // ask below our bid: fills the remaining 0.7
    expect(fills()).toHaveLength(2);
    expect(fills()[1].priceTicks).toBe(9997);
    expect(fills()[1].qty).toBeCloseTo(0.7, 12);
    expect(ex.restingCount()).toBe(0);
  });

  it("a bid update at/above our ask fills our ask", () => {
    const { ex, fills } = setup();
    standardBook(ex);
    ex.onNewOrder(1, 1, Side.ASK, 10003, 1);
    depth(ex, 2, Side.BID, 10004, 0.25);
    expect(fills()).toHaveLength(1);
    expect(fills()[0]).toMatchObject({ orderId: 1, priceTicks: 10003, qty: 0.25 });
    // a deletion on the opposite side never fills
    depth(ex, 3, Side.BID, 10004, 0);
    expect(fills()).toHaveLength(1);
  });

  it("partial fills then a full fill remove the order; cancel of a resting order → cancelAck, after a full fill → cancelReject", () => {
    const { ex, out } = setup();
    standardBook(ex);
    ex.onNewOrder(1, 1, Side.BID, 9997, 1);
    ex.onNewOrder(1, 2, Side.ASK, 10003, 1);
    trade(ex, 2, Side.ASK, 9996, 0.25); // bid: 0.25, open 0.75
    trade(ex, 3, Side.ASK, 9996, 0.5); // bid: 0.5, open 0.25
    expect(ex.restingCount()).toBe(2);
    trade(ex, 4, Side.ASK, 9996, 0.25); // bid: 0.25, open 0 → removed
    expect(ex.restingCount()).toBe(1);
    expect(Number.isNaN(ex.queueAhead(1))).toBe(true);
    ex.onCancel(5, 1); // already gone
    ex.onCancel(6, 2); // resting
    ex.onCancel(7, 2); // second cancel: gone
    expect(out.slice(2).map((m) => [m.kind, m.orderId, m.tNs])).toEqual([
      ["fill", 1, 2],
      ["fill", 1, 3],
      ["fill", 1, 4],
      ["cancelReject", 1, 5],
      ["cancelAck", 2, 6],
      ["cancelReject", 2, 7],
    ]);
    expect(ex.restingCount()).toBe(0);
    // a cancelled order no longer fills
    trade(ex, 8, Side.BID, 10010, 5);
    expect(out).toHaveLength(8);
  });

  it("midAtFillTicks is the exchange mid before the fill-triggering event", () => {
    const { ex, fills } = setup();
    standardBook(ex); // mid 10000
    depth(ex, 1, Side.BID, 9996, 1); // best bid 9996 → mid (9996 + 10005)/2 = 10000.5
    ex.onNewOrder(2, 1, Side.BID, 9998, 1);
    trade(ex, 3, Side.ASK, 9997, 0.1); // a trade leaves the book as it is: mid 10000.5
    expect(fills()[0].midAtFillTicks).toBe(10000.5);
    // the crossing update moves the best ask to 9998: mid after = (9996 + 9998)/2 = 9997; before = 10000.5
    depth(ex, 4, Side.ASK, 9998, 0.2);
    expect(ex.book.midTicks()).toBe(9997);
    expect(fills()[1].midAtFillTicks).toBe(10000.5);
  });

  it("fills from one trade never exceed the trade's size in total (two of our bids, one sell trade through both)", () => {
    // docs/fills-and-queues.md: partial fills are capped by the trade size. A sell of 1 through bids at 9998 and
    // 9997 can execute at most 1 in total: best price first, 1 @ 9998 and nothing @ 9997.
    const { ex, fills } = setup();
    standardBook(ex);
    ex.onNewOrder(1, 1, Side.BID, 9997, 1);
    ex.onNewOrder(1, 2, Side.BID, 9998, 1);
    trade(ex, 2, Side.ASK, 9996, 1);
    const total = fills().reduce((s, f) => s + f.qty, 0);
    expect(total).toBeLessThanOrEqual(1 + 1e-12);
    expect(fills().find((f) => f.orderId === 2)?.qty).toBeCloseTo(1, 12);
  });
});

describe("SimExchange: market data is never altered by our orders", () => {
  it("the book after our orders and fills equals the book built from the same data without orders", () => {
    const withOrders = setup();
    const without = setup();
    const script: [number, number, number, number, number][] = [
      // t, kind, side, price, qty
      [0, EventKind.SNAPSHOT, Side.BID, 9995, 2],
      [0, EventKind.SNAPSHOT, Side.BID, 9994, 3],
      [0, EventKind.SNAPSHOT, Side.ASK, 10005, 2],
      [0, EventKind.SNAPSHOT, Side.ASK, 10006, 3],
      [5, EventKind.TRADE, Side.ASK, 9995, 1.5],
      [5, EventKind.DEPTH, Side.BID, 9995, 0.5],
      [6, EventKind.DEPTH, Side.ASK, 9997, 0.4], // crosses our bid at 9997
      [7, EventKind.TRADE, Side.BID, 10005, 2],
      [7, EventKind.DEPTH, Side.ASK, 10005, 0],
      [8, EventKind.DEPTH, Side.BID, 9996, 1.1],
      [9, EventKind.TRADE, Side.ASK, 9993, 4],
      [9, EventKind.DEPTH, Side.BID, 9994, 0],
      [10, EventKind.DEPTH_CLEAR, Side.ASK, 0, 0],
      [11, EventKind.DEPTH, Side.ASK, 10010, 7],
    ];
    for (const [t, kind, side, price, qty] of script) {
      withOrders.ex.onMarketEvent(t, kind, side, price, qty);
      without.ex.onMarketEvent(t, kind, side, price, qty);
      if (t === 0 && price === 10006) {
        withOrders.ex.onNewOrder(1, 1, Side.BID, 9997, 1);
        withOrders.ex.onNewOrder(1, 2, Side.BID, 9995, 1);
        withOrders.ex.onNewOrder(1, 3, Side.ASK, 10004, 1);
      }
    }
    expect(withOrders.fills().length).toBeGreaterThan(0); // our orders did trade
    expect(without.out).toHaveLength(0);
    const a = withOrders.ex.book;
    const b = without.ex.book;
    expect(a.bestBidTicks).toBe(b.bestBidTicks);
    expect(a.bestAskTicks).toBe(b.bestAskTicks);
    for (let p = 9980; p <= 10020; p++) {
      expect(a.qtyAt(Side.BID, p)).toBe(b.qtyAt(Side.BID, p));
      expect(a.qtyAt(Side.ASK, p)).toBe(b.qtyAt(Side.ASK, p));
    }
    expect(a.depth(Side.BID, 10)).toBe(b.depth(Side.BID, 10));
    expect(a.depth(Side.ASK, 10)).toBe(b.depth(Side.ASK, 10));
    // and the book is exactly what the data says: bids 9996 × 1.1, 9995 × 0.5; asks 9997 × 0.4, 10006 cleared, 10010 × 7
    expect(a.qtyAt(Side.BID, 9996)).toBe(1.1);
    expect(a.qtyAt(Side.BID, 9995)).toBe(0.5);
    expect(a.qtyAt(Side.BID, 9994)).toBe(0);
    expect(a.qtyAt(Side.ASK, 9997)).toBe(0);
    expect(a.bestAskTicks).toBe(10010);
  });
});

describe("SimExchange: events away from our orders", () => {
  // The exchange skips the matching work for depth updates away from our orders' prices (and not
  // crossing them) and for trades that cannot reach them. Checked against the same exchange with
  // that shortcut disabled (price ranges forced to cover everything), on random streams.
  const everywhere = (ex: SimExchange): void => {
    const anyEx = ex as unknown as Record<string, unknown>;
    anyEx.updateRanges = function (this: Record<string, number>) {
      this.bidLow = -Infinity;
      this.bidHigh = Infinity;
      this.askLow = -Infinity;
      this.askHigh = Infinity;
    };
    (anyEx.updateRanges as () => void).call(ex);
  };

  for (const [name, queue] of [["risk-averse", () => new RiskAverseQueue()], ["probabilistic", () => new ProbQueue(new PowerProb(2))]] as const) {
    it(`gives the same answers and book as without the shortcut (${name} queue)`, () => {
      const rng = rootRng(7);
      const make = () => {
        const out: ResponseMessage[] = [];
        const ex = new SimExchange(queue(), new FeeModel(0, 5), TICK, (m) => out.push({ ...m }));
        standardBook(ex);
        return { ex, out };
      };
      const fast = make();
      const slow = make();
      everywhere(slow.ex);
      let nextId = 1;
      const live: number[] = [];
      // A fingerprint of every resting order's queue position, taken after every event.
      const queues = (ex: SimExchange): number => {
        const lists = ex as unknown as Record<"bids" | "asks", { orderId: number; queueAhead: number }[]>;
        let h = 0;
        for (const o of [...lists.bids, ...lists.asks]) h = (h * 31 + o.orderId * 7 + o.queueAhead) % 1e9;
        return h;
      };
      const fastQueues: number[] = [];
      const slowQueues: number[] = [];
      for (let t = 1; t < 20_000; t++) {
        const u = rng.next();
        const side = rng.next() < 0.5 ? Side.BID : Side.ASK;
        // Levels and orders from 4 ticks through the mid outwards; trades from 4 ticks outside the opposite best through.
        const offset = Math.floor(rng.next() * 14) - 4;
        const price = 10000 - side * offset;
        const pick = live[Math.floor(rng.next() * live.length)];
        const aggressor = rng.next() < 0.1 ? 0 : side;
        for (const s of [fast, slow]) {
          if (u < 0.1) s.ex.onNewOrder(t, nextId, side, price, 1 + (nextId % 3));
          else if (u < 0.12 && live.length > 0) s.ex.onCancel(t, pick);
          else if (u < 0.3) s.ex.onMarketEvent(t, EventKind.TRADE, aggressor, 10000 + side * offset, 0.5 + (t % 4));
          else s.ex.onMarketEvent(t, EventKind.DEPTH, side, price, t % 5);
        }
        if (u < 0.1) live.push(nextId++);
        fastQueues.push(queues(fast.ex));
        slowQueues.push(queues(slow.ex));
      }
      const fills = fast.out.filter((m): m is Fill => m.kind === "fill");
      expect(fills.length).toBeGreaterThan(50);
      expect(new Set(fills.map((f) => f.rule)).size).toBe(3); // through, queue and crossing fills all occur
      expect(fast.out).toEqual(slow.out);
      expect(fastQueues).toEqual(slowQueues);
      for (let p = 9980; p <= 10020; p++) {
        expect(fast.ex.book.qtyAt(Side.BID, p)).toBe(slow.ex.book.qtyAt(Side.BID, p));
        expect(fast.ex.book.qtyAt(Side.ASK, p)).toBe(slow.ex.book.qtyAt(Side.ASK, p));
      }
      for (let id = 1; id < nextId; id++) expect(fast.ex.queueAhead(id)).toEqual(slow.ex.queueAhead(id));
    });
  }
});

describe("SimExchange: mid at fill on a one-sided book", () => {
  it("a fill right after a clear (no two-sided mid) reports the last two-sided mid", () => {
    const { ex, fills } = setup();
    standardBook(ex); // mid 10000
    ex.onNewOrder(1, 1, Side.BID, 9990, 1);
    ex.onMarketEvent(2, EventKind.DEPTH_CLEAR, Side.ASK, 0, 0); // asks gone: no mid
    ex.onMarketEvent(3, EventKind.DEPTH, Side.ASK, 9989, 2); // the re-snapshot's ask crosses our bid
    expect(fills().map((f) => [f.priceTicks, f.qty, f.midAtFillTicks])).toEqual([[9990, 1, 10000]]);
  });
});
