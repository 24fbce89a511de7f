import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { NO_ASK, NO_BID } from "../../src/book/l2book.ts";
import { placeQuotes, type PlacedQuotes } from "../../src/risk/quotePlacement.ts";

function place(centre: number, bidOffset: number, askOffset: number, m = 1, bestBid = NO_BID, bestAsk = NO_ASK): PlacedQuotes {
  const out = { bidTicks: 0, askTicks: 0 };
  placeQuotes(centre, bidOffset, askOffset, m, bestBid, bestAsk, out);
  return out;
}

describe("placeQuotes: the engine's rules for every strategy", () => {
  it("rounds outward: bid = floor(centre − offset), ask = ceil(centre + offset)", () => {
    // 100.5 − 2.2 = 98.3 → 98; 100.5 + 3.1 = 103.6 → 104
    expect(place(100.5, 2.2, 3.1)).toEqual({ bidTicks: 98, askTicks: 104 });
    // on the grid (up to float noise): 100 − 2 = 98, 100 + 2 = 102, and 0.1 + 0.2 style noise does not push a tick
    expect(place(100, 2, 2)).toEqual({ bidTicks: 98, askTicks: 102 });
    expect(place(0.1 + 0.2, 0.3, -0.3 + 1)).toEqual({ bidTicks: 0, askTicks: 1 });
  });

  it("the volatility regime multiplies the offsets: m = 1.5 → 2 ticks become 3", () => {
    expect(place(100, 2, 4, 1.5)).toEqual({ bidTicks: 97, askTicks: 106 });
  });

  it("keeps the two sides at least one tick apart", () => {
    // centre 100.2, offsets 0: bid floor(100.2) = 100, ask ceil(100.2) = 101; offsets −1: bid 101, ask 100 → 102
    expect(place(100.2, 0, 0)).toEqual({ bidTicks: 100, askTicks: 101 });
    expect(place(100, -1, -1)).toEqual({ bidTicks: 101, askTicks: 102 });
  });

  it("post-only: a bid at or above the best ask goes to best ask − 1, an ask at or below the best bid to best bid + 1", () => {
    expect(place(100, -5, 10, 1, 99, 101)).toEqual({ bidTicks: 100, askTicks: 110 });
    expect(place(100, 10, -5, 1, 99, 101)).toEqual({ bidTicks: 90, askTicks: 100 });
  });

  it("a NaN offset leaves that side unquoted (NaN), the other side placed alone", () => {
    const bidOnly = place(100, 3, NaN, 1, 99, 101);
    expect(bidOnly.bidTicks).toBe(97);
    expect(bidOnly.askTicks).toBeNaN();
    const askOnly = place(100, NaN, 3, 1, 99, 101);
    expect(askOnly.bidTicks).toBeNaN();
    expect(askOnly.askTicks).toBe(103);
    const neither = place(NaN, 3, 3);
    expect(neither.bidTicks).toBeNaN();
    expect(neither.askTicks).toBeNaN();
  });

  it("property: integer prices, bid < ask, post-only, never inside the wanted band", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1_000, max: 10_000_000 }),
        fc.integer({ min: 1, max: 50 }),
        fc.double({ min: -3, max: 3, noNaN: true }),
        fc.double({ min: 0, max: 500, noNaN: true }),
        fc.double({ min: 0, max: 500, noNaN: true }),
        fc.constantFrom(1, 1.5, 2),
        (bestBid, spread, shift, bidOffset, askOffset, m) => {
          const bestAsk = bestBid + spread;
          const centre = (bestBid + bestAsk) / 2 + shift;
          const q = place(centre, bidOffset, askOffset, m, bestBid, bestAsk);
          expect(Number.isInteger(q.bidTicks) && Number.isInteger(q.askTicks)).toBe(true);
          expect(q.bidTicks).toBeLessThan(q.askTicks);
          expect(q.bidTicks).toBeLessThan(bestAsk);
          expect(q.askTicks).toBeGreaterThan(bestBid);
          if (q.bidTicks < bestAsk - 1) expect(q.bidTicks).toBeLessThanOrEqual(centre - bidOffset * m + 1e-6);
        },
      ),
      { seed: 13, numRuns: 500 },
    );
  });
});
