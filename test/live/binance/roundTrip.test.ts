import { describe, expect, it } from "vitest";
import { RoundTripTracker } from "../../../src/live/binance/roundTrip.ts";

describe("RoundTripTracker", () => {
  it("matches each pong to its ping, in any order", () => {
    const t = new RoundTripTracker();
    const a = t.sent(1_000n);
    const b = t.sent(2_000n);
    expect(t.received(b, 2_500n)).toBe(500);
    expect(t.received(a, 9_000n)).toBe(8_000);
    expect(t.received(a, 9_500n)).toBeNull();
  });

  it("ignores pongs it did not ask for and forgets on reset", () => {
    const t = new RoundTripTracker();
    expect(t.received(Buffer.alloc(0), 1n)).toBeNull();
    const a = t.sent(1n);
    t.reset();
    expect(t.received(a, 2n)).toBeNull();
  });

  it("remembers only the most recent unanswered pings", () => {
    const t = new RoundTripTracker(2);
    const a = t.sent(1n);
    const b = t.sent(2n);
    const c = t.sent(3n);
    expect(t.received(a, 10n)).toBeNull();
    expect(t.received(b, 10n)).toBe(8);
    expect(t.received(c, 10n)).toBe(7);
  });
});
