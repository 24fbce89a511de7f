import { describe, expect, it } from "vitest";
import { L3Book } from "../../../src/book/l3book.ts";
import { Side } from "../../../src/core/side.ts";
import { openLobster } from "../../../src/data/importers/lobster/lobster.ts";
import { EventKind } from "../../../src/data/schema.ts";
import { FillRule } from "../../../src/venue/venue.ts";
import { SimExchange } from "../../../src/sim/exchange.ts";
import { FeeModel } from "../../../src/sim/fees.ts";
import type { ResponseMessage } from "../../../src/sim/messages.ts";
import { L3FifoQueue } from "../../../src/sim/queue/l3Fifo.ts";
import { describeWithSharedData, sample } from "../../support/sharedData.ts";

type Fill = Extract<ResponseMessage, { kind: "fill" }>;

function setup() {
  const out: ResponseMessage[] = [];
  const ex = new SimExchange(new L3FifoQueue(), new FeeModel(0, 0), 0.01, (m) => out.push({ ...m }));
  const ev = (kind: number, side: number, price: number, qty: number, id: number) => ex.onMarketEvent(0, kind, side, price, qty, id);
  return { ex, out, ev, fills: () => out.filter((m): m is Fill => m.kind === "fill") };
}

describe("L3 FIFO queue: hand-worked sequences", () => {
  it("fills only once the orders ahead are gone, from an execution of an order behind ours", () => {
    const { ex, ev, fills } = setup();
    ev(EventKind.L3_ADD, Side.ASK, 105, 10, 1); // an ask, so the book has two sides
    ev(EventKind.DEPTH, Side.ASK, 105, 10, 0);
    ev(EventKind.L3_ADD, Side.BID, 100, 5, 11); // A
    ev(EventKind.L3_ADD, Side.BID, 100, 3, 12); // B
    ev(EventKind.DEPTH, Side.BID, 100, 8, 0);
    ex.onNewOrder(0, 7, Side.BID, 100, 2); // ours: behind A and B → queue ahead 5 + 3 = 8
    expect(ex.queueAhead(7)).toBe(8);
    ev(EventKind.L3_ADD, Side.BID, 100, 4, 13); // C joins behind us
    expect(ex.queueAhead(7)).toBe(8);
    ev(EventKind.L3_FILL, Side.BID, 100, 5, 11); // A executed: 8 − 5 = 3 ahead, no fill for us
    expect(ex.queueAhead(7)).toBe(3);
    expect(fills()).toEqual([]);
    ev(EventKind.L3_CANCEL, Side.BID, 100, 1, 12); // B reduced by 1: 2 ahead
    expect(ex.queueAhead(7)).toBe(2);
    ev(EventKind.L3_FILL, Side.BID, 100, 1, 13); // C (behind us) executes while B is still ahead: nothing for us
    expect(fills()).toEqual([]);
    ev(EventKind.L3_CANCEL, Side.BID, 100, 2, 12); // B gone: nothing ahead
    expect(ex.queueAhead(7)).toBe(0);
    ev(EventKind.L3_FILL, Side.BID, 100, 3, 13); // C executes 3: that volume would have hit us first → we fill 2
    expect(fills().map((f) => [f.orderId, f.priceTicks, f.qty, f.rule])).toEqual([[7, 100, 2, FillRule.QUEUE]]);
    expect(ex.restingCount()).toBe(0);
  });

  it("an order ahead whose size grows loses its priority; one that shrinks keeps it", () => {
    const { ex, ev } = setup();
    ev(EventKind.DEPTH, Side.ASK, 105, 10, 0);
    ev(EventKind.L3_ADD, Side.BID, 100, 5, 11);
    ev(EventKind.L3_ADD, Side.BID, 100, 3, 12);
    ev(EventKind.DEPTH, Side.BID, 100, 8, 0);
    ex.onNewOrder(0, 7, Side.BID, 100, 1);
    ev(EventKind.L3_MODIFY, Side.BID, 100, 4, 11); // 5 → 4: keeps its place, 1 less ahead
    expect(ex.queueAhead(7)).toBe(7);
    ev(EventKind.L3_MODIFY, Side.BID, 100, 6, 12); // 3 → 6: to the back, behind us
    expect(ex.queueAhead(7)).toBe(4);
  });

  it("trades and level sizes alone do not move the exact queue; a trade through our price still fills", () => {
    const { ex, ev, fills } = setup();
    ev(EventKind.DEPTH, Side.ASK, 105, 10, 0);
    ev(EventKind.L3_ADD, Side.BID, 100, 5, 11);
    ev(EventKind.DEPTH, Side.BID, 100, 5, 0);
    ex.onNewOrder(0, 7, Side.BID, 100, 1);
    ex.onMarketEvent(0, EventKind.TRADE, Side.ASK, 100, 5);
    ex.onMarketEvent(0, EventKind.DEPTH, Side.BID, 100, 0);
    ex.onMarketEvent(0, EventKind.DEPTH, Side.BID, 99, 4);
    expect(ex.queueAhead(7)).toBe(5);
    expect(fills()).toEqual([]);
    ex.onMarketEvent(0, EventKind.TRADE, Side.ASK, 99, 2); // a sell below our bid: trade-through
    expect(fills().map((f) => [f.qty, f.rule])).toEqual([[1, FillRule.TRADE_THROUGH]]);
  });
});

describeWithSharedData("L3 FIFO queue on the LOBSTER AMZN sample", () => {
  it("our order placed behind known orders fills exactly when they are executed or cancelled", async () => {
    const data = await openLobster([
      sample("lobster-amzn-l5/AMZN_2012-06-21_34200000_57600000_message_5_subset.csv"),
      sample("lobster-amzn-l5/AMZN_2012-06-21_34200000_57600000_orderbook_5_subset.csv"),
    ]);
    const rows: { kind: number; side: number; price: number; qty: number; id: number }[] = [];
    for await (const c of data.batches) {
      for (let i = 0; i < c.length; i++) rows.push({ kind: c.kind[i], side: c.side[i], price: Math.round(c.price[i] * 100), qty: c.qty[i], id: Number(c.orderId[i]) });
    }
    // Try every placement point: put our 1-share order at the best bid or ask after event k,
    // behind the orders resting there, and check the fill against an independent replay.
    let checked = 0;
    let filledCases = 0;
    let filledByQueue = 0;
    for (let k = 50; k < rows.length; k += 37) {
      const out: ResponseMessage[] = [];
      const exchange = new SimExchange(new L3FifoQueue(), new FeeModel(0, 0), 0.01, (m) => out.push({ ...m }));
      const truth = new L3Book({ lenient: true });
      const apply = (r: (typeof rows)[number]) => {
        exchange.onMarketEvent(0, r.kind, r.side, r.price, r.qty, r.id);
        if (r.kind === EventKind.SNAPSHOT && r.id !== 0) truth.add(r.id, r.side, r.price, r.qty);
        else if (r.kind === EventKind.L3_ADD) truth.add(r.id, r.side, r.price, r.qty);
        else if (r.kind === EventKind.L3_CANCEL) truth.cancel(r.id, r.qty);
        else if (r.kind === EventKind.L3_FILL) truth.execute(r.id, r.qty);
      };
      for (let i = 0; i <= k; i++) apply(rows[i]);
      const side = k % 2 === 0 ? Side.BID : Side.ASK;
      const price = side === Side.BID ? truth.bestBid() : truth.bestAsk();
      const ahead = new Set(truth.ordersAt(side, price));
      if (ahead.size === 0) continue;
      exchange.onNewOrder(0, 1, side, price, 1);
      if (out.at(-1)?.kind !== "ack") continue;
      checked++;
      // independent expectation, from the rules: the first of (a) an execution at our price of
      // an order NOT ahead of us once every order ahead is executed or cancelled, (b) a trade
      // through our price (its aggressor would have reached us first: price priority), (c) an
      // opposite level crossing our price
      let expectedAt = -1;
      for (let i = k + 1; i < rows.length && expectedAt < 0; i++) {
        const r = rows[i];
        const aheadBefore = [...ahead].some((id) => truth.has(id));
        apply(r);
        const through = r.kind === EventKind.TRADE && r.side === -side && (side === Side.BID ? r.price < price : r.price > price);
        const crossing = (r.kind === EventKind.DEPTH || r.kind === EventKind.SNAPSHOT) && r.side === -side && r.qty > 0 && (side === Side.BID ? r.price <= price : r.price >= price);
        const queueTurn = r.kind === EventKind.L3_FILL && r.side === side && r.price === price && !ahead.has(r.id) && !aheadBefore;
        if (through || crossing || queueTurn) expectedAt = i;
        if (queueTurn && !through && !crossing) filledByQueue++;
        const fill = out.find((m) => m.kind === "fill");
        if (fill !== undefined) {
          expect(i).toBe(expectedAt); // never earlier than the orders ahead are gone
          break;
        }
        if (expectedAt >= 0) {
          expect(out.find((m) => m.kind === "fill")).toBeDefined(); // and not later
        }
      }
      if (expectedAt >= 0) filledCases++;
    }
    expect(checked).toBeGreaterThan(10);
    expect(filledCases).toBeGreaterThan(0);
    expect(filledByQueue).toBeGreaterThan(0); // some fills come from the exact queue itself
  });
});
