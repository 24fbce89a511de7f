import { describe, expect, it } from "vitest";
import { EVENT_KIND_NAMES, EventKind, MAX_EVENT_KIND, MAX_MARKET_EVENT_KIND } from "../../src/data/schema.ts";
import { ControlCode, isSessionKind, MAX_SESSION_KIND, MIN_SESSION_KIND, SESSION_KIND_NAMES, SessionKind } from "../../src/data/sessionKinds.ts";

/* The kind column's two tables: market data (EventKind) and a paper session's own rows (SessionKind). Files store the codes. */
describe("kind codes", () => {
  it("keep the numbers files store", () => {
    expect(EventKind).toEqual({ DEPTH: 1, TRADE: 2, DEPTH_CLEAR: 3, SNAPSHOT: 4, L3_ADD: 5, L3_CANCEL: 6, L3_MODIFY: 7, L3_FILL: 8 });
    expect(SessionKind).toEqual({
      HEARTBEAT: 9, ROUND_TRIP: 10, CONTROL: 11, ORDER_NEW: 12, ORDER_CANCEL: 13, ORDER_ACK: 14, ORDER_REJECT: 15, ORDER_FILL: 16, CANCEL_ACK: 17, CANCEL_REJECT: 18,
    });
    expect(ControlCode).toEqual({ HALT: 1, CONFIG: 2 });
  });

  it("meet at MAX_MARKET_EVENT_KIND: market kinds at or below it, session kinds above it, up to MAX_EVENT_KIND", () => {
    expect([MAX_MARKET_EVENT_KIND, MIN_SESSION_KIND, MAX_SESSION_KIND, MAX_EVENT_KIND]).toEqual([8, 9, 18, 18]);
    for (const k of Object.values(EventKind)) expect(k >= 1 && k <= MAX_MARKET_EVENT_KIND).toBe(true);
    for (const k of Object.values(SessionKind)) expect(k > MAX_MARKET_EVENT_KIND && k <= MAX_EVENT_KIND).toBe(true);
    // Every code 1..MAX_EVENT_KIND is in exactly one table.
    const codes = [...Object.values(EventKind), ...Object.values(SessionKind)].sort((a, b) => a - b);
    expect(codes).toEqual(Array.from({ length: MAX_EVENT_KIND }, (_, i) => i + 1));
  });

  it("isSessionKind: exactly the session codes", () => {
    const session = Array.from({ length: 22 }, (_, k) => k - 1).filter(isSessionKind);
    expect(session).toEqual(Object.values(SessionKind));
    for (const k of [0, -1, 8, 19, 255, NaN]) expect(isSessionKind(k)).toBe(false);
  });

  it("EVENT_KIND_NAMES names every code of both tables, as reports count them", () => {
    expect(EVENT_KIND_NAMES).toEqual({
      1: "depth", 2: "trade", 3: "depthClear", 4: "snapshot", 5: "l3Add", 6: "l3Cancel", 7: "l3Modify", 8: "l3Fill",
      9: "heartbeat", 10: "roundTrip", 11: "control", 12: "orderNew", 13: "orderCancel", 14: "orderAck", 15: "orderReject", 16: "orderFill", 17: "cancelAck", 18: "cancelReject",
    });
    for (const [k, name] of Object.entries(SESSION_KIND_NAMES)) expect(EVENT_KIND_NAMES[Number(k)]).toBe(name);
  });
});
