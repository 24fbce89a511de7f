import { describe, expect, it } from "vitest";
import { emptyQuote } from "../../src/strategy/quoter.ts";

describe("emptyQuote", () => {
  it("starts with NaN prices/spread and zero ticks", () => {
    const q = emptyQuote();
    expect(Number.isNaN(q.reservationTicks)).toBe(true);
    expect(Number.isNaN(q.centreTicks)).toBe(true);
    expect(Number.isNaN(q.spreadQuote)).toBe(true);
    expect(q.bidTicks).toBe(0);
    expect(q.askTicks).toBe(0);
  });

  it("returns a fresh object each call (a caller-owned buffer)", () => {
    const a = emptyQuote();
    const b = emptyQuote();
    expect(a).not.toBe(b);
    a.bidTicks = 5;
    expect(b.bidTicks).toBe(0);
  });
});
