import { describe, expect, it } from "vitest";
import { Side } from "../../src/core/side.ts";
import { OrderStatus, type Order } from "../../src/engine/order.ts";
import { OrderManager, requoteLimits } from "../../src/engine/orderManager.ts";
import type { OrderRequest, Venue } from "../../src/venue/venue.ts";

type Call = { op: "submit"; request: OrderRequest } | { op: "cancel"; orderId: number };

class RecordingVenue implements Venue {
  readonly calls: Call[] = [];
  submit(request: OrderRequest): void {
    this.calls.push({ op: "submit", request: { ...request } });
  }
  cancel(orderId: number): void {
    this.calls.push({ op: "cancel", orderId });
  }
  take(): Call[] {
    return this.calls.splice(0, this.calls.length);
  }
}

const MS = 1e6;

/** Threshold 3 ticks, max age 1000 ms. */
function setup(): { venue: RecordingVenue; om: OrderManager; submitted: Order[] } {
  const venue = new RecordingVenue();
  const submitted: Order[] = [];
  const om = new OrderManager(venue, { thresholdTicks: 3, behindThresholdTicks: 3, maxAgeNs: 1000 * MS }, (o) => submitted.push(o));
  return { venue, om, submitted };
}

describe("OrderManager", () => {
  it("sends one order per side and records the half-spread at placement", () => {
    const { venue, om, submitted } = setup();
    om.quote(Side.BID, 995, 1, 1, 0, 1000);
    om.quote(Side.ASK, 1004, 1, 1, 0, 1000);
    expect(venue.take()).toEqual([
      { op: "submit", request: { orderId: 1, side: Side.BID, priceTicks: 995, qty: 1 } },
      { op: "submit", request: { orderId: 2, side: Side.ASK, priceTicks: 1004, qty: 1 } },
    ]);
    expect(submitted.map((o) => o.id)).toEqual([1, 2]);
    // side·(mid − price): bid +1·(1000 − 995) = 5; ask −1·(1000 − 1004) = 4
    expect(om.get(1)?.halfSpreadAtPlacementTicks).toBe(5);
    expect(om.get(2)?.halfSpreadAtPlacementTicks).toBe(4);
    expect(om.get(1)?.status).toBe(OrderStatus.PENDING_NEW);
  });

  it("keeps the quote when the wanted price moves by less than the threshold", () => {
    const { venue, om } = setup();
    om.quote(Side.BID, 995, 1, 1, 0, 1000);
    venue.take();
    // moves of 1 and 2 ticks (< 3), both ways, at ages < 1000 ms
    om.quote(Side.BID, 996, 1, 1, 100 * MS, 1001);
    om.quote(Side.BID, 997, 1, 1, 200 * MS, 1002);
    om.quote(Side.BID, 993, 1, 1, 300 * MS, 998);
    expect(venue.calls).toEqual([]);
    expect(om.working(Side.BID)?.id).toBe(1);
  });

  it("replaces (cancel, then new) when the price moves by ≥ the threshold", () => {
    const { venue, om } = setup();
    om.quote(Side.ASK, 1005, 1, 1, 0, 1000);
    venue.take();
    om.quote(Side.ASK, 1008, 1, 1, 100 * MS, 1003); // |1008 − 1005| = 3 ≥ 3
    expect(venue.take()).toEqual([
      { op: "cancel", orderId: 1 },
      { op: "submit", request: { orderId: 2, side: Side.ASK, priceTicks: 1008, qty: 1 } },
    ]);
    expect(om.get(1)?.status).toBe(OrderStatus.PENDING_CANCEL);
    expect(om.working(Side.ASK)?.id).toBe(2);
    // downwards too: |1005 − 1008| = 3
    om.quote(Side.ASK, 1005, 1, 1, 200 * MS, 1000);
    expect(venue.take().map((c) => c.op)).toEqual(["cancel", "submit"]);
  });

  it("replaces a quote once it reaches its max age, even at the same price", () => {
    const { venue, om } = setup();
    om.quote(Side.BID, 995, 1, 1, 0, 1000);
    venue.take();
    om.quote(Side.BID, 995, 1, 1, 999 * MS, 1000); // 999 ms < 1000 ms: kept
    expect(venue.calls).toEqual([]);
    om.quote(Side.BID, 995, 1, 1, 1000 * MS, 1000); // age 1000 ms: replaced
    expect(venue.take()).toEqual([
      { op: "cancel", orderId: 1 },
      { op: "submit", request: { orderId: 2, side: Side.BID, priceTicks: 995, qty: 1 } },
    ]);
    expect(om.get(2)?.submittedAtNs).toBe(1000 * MS);
  });

  it("cancelAll cancels every live order once, and stops tracking them as working", () => {
    const { venue, om } = setup();
    om.quote(Side.BID, 995, 1, 1, 0, 1000);
    om.quote(Side.ASK, 1005, 1, 1, 0, 1000);
    om.setStatus(om.get(1)!, OrderStatus.OPEN);
    venue.take();
    om.cancelAll();
    expect(venue.take()).toEqual([
      { op: "cancel", orderId: 1 },
      { op: "cancel", orderId: 2 },
    ]);
    expect(om.working(Side.BID)).toBeUndefined();
    expect(om.working(Side.ASK)).toBeUndefined();
    om.cancelAll(); // already pending cancel: nothing more is sent
    expect(venue.calls).toEqual([]);
    expect(om.liveCount()).toBe(2);
    om.setStatus(om.get(1)!, OrderStatus.CANCELLED);
    om.setStatus(om.get(2)!, OrderStatus.FILLED);
    expect(om.liveCount()).toBe(0);
  });

  it("restingQty counts working and pending-cancel orders, net of their fills", () => {
    const { om } = setup();
    om.quote(Side.BID, 995, 1, 5, 0, 1000);
    om.get(1)!.filledQty = 0.25; // open 0.75
    om.quote(Side.BID, 990, 2, 5, 100 * MS, 995); // replaces: order 1 pending cancel, order 2 working
    expect(om.get(1)?.status).toBe(OrderStatus.PENDING_CANCEL);
    // 0.75 (being cancelled, could still fill) + 2 (working) = 2.75
    expect(om.restingQty(Side.BID)).toBeCloseTo(2.75, 12);
    expect(om.restingQty(Side.ASK)).toBe(0);
    om.setStatus(om.get(1)!, OrderStatus.CANCELLED);
    expect(om.restingQty(Side.BID)).toBe(2);
  });

  it("a maxWorkingQty below the open quantity forces a cancel (and a smaller replacement)", () => {
    const { venue, om } = setup();
    om.quote(Side.BID, 995, 1, 1, 0, 1000);
    venue.take();
    om.get(1)!.filledQty = 0.4; // open 0.6
    om.quote(Side.BID, 995, 0.6, 0.6, 10 * MS, 1000); // open 0.6 ≤ 0.6: kept
    expect(venue.calls).toEqual([]);
    om.quote(Side.BID, 995, 0.5, 0.5, 20 * MS, 1000); // open 0.6 > 0.5: cancelled, resent with 0.5
    expect(venue.take()).toEqual([
      { op: "cancel", orderId: 1 },
      { op: "submit", request: { orderId: 2, side: Side.BID, priceTicks: 995, qty: 0.5 } },
    ]);
    om.quote(Side.BID, 995, 0, 0, 30 * MS, 1000); // no room at all: cancelled, nothing new
    expect(venue.take()).toEqual([{ op: "cancel", orderId: 2 }]);
    expect(om.working(Side.BID)).toBeUndefined();
  });

  it("setLimits changes the replacement rules", () => {
    const { venue, om } = setup();
    om.quote(Side.BID, 995, 1, 1, 0, 1000);
    venue.take();
    om.setLimits({ thresholdTicks: 1, behindThresholdTicks: 1, maxAgeNs: 50 * MS });
    om.quote(Side.BID, 996, 1, 1, 10 * MS, 1001); // 1 tick ≥ new threshold 1
    expect(venue.take().map((c) => c.op)).toEqual(["cancel", "submit"]);
    om.quote(Side.BID, 996, 1, 1, 60 * MS, 1001); // age 50 ms ≥ new max age
    expect(venue.take().map((c) => c.op)).toEqual(["cancel", "submit"]);
  });

  it("a quote behind the wanted price waits for the behind threshold; an exposed one for the threshold", () => {
    const venue = new RecordingVenue();
    const om = new OrderManager(venue, { thresholdTicks: 2, behindThresholdTicks: 10, maxAgeNs: 1000 * MS }, () => {});
    om.quote(Side.BID, 995, 1, 1, 0, 1000);
    om.quote(Side.ASK, 1005, 1, 1, 0, 1000);
    venue.take();
    // the market rises 5 ticks: both wanted prices rise 5. The bid (995 vs wanted 1000) sits
    // behind: kept (5 < 10). The ask (1005 vs wanted 1010) is more aggressive than wanted,
    // exposed to a fill at a stale price: replaced (5 ≥ 2).
    om.quote(Side.BID, 1000, 1, 1, 10 * MS, 1005);
    om.quote(Side.ASK, 1010, 1, 1, 10 * MS, 1005);
    expect(venue.take().map((c) => c.op)).toEqual(["cancel", "submit"]);
    expect(om.working(Side.ASK)!.priceTicks).toBe(1010);
    // 10 ticks behind: the bid is replaced too
    om.quote(Side.BID, 1005, 1, 1, 20 * MS, 1010);
    expect(venue.take().map((c) => c.op)).toEqual(["cancel", "submit"]);
    expect(om.working(Side.BID)!.priceTicks).toBe(1005);
  });

  it("requoteLimits: the behind threshold defaults to the threshold", () => {
    expect(requoteLimits({ requote_threshold_ticks: 7, max_age_ms: 5 })).toEqual({ thresholdTicks: 7, behindThresholdTicks: 7, maxAgeNs: 5 * MS });
    expect(requoteLimits({ requote_threshold_ticks: 7, requote_behind_threshold_ticks: 20, max_age_ms: 5 }).behindThresholdTicks).toBe(20);
  });
});
