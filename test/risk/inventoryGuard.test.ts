import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/core/errors.ts";
import { InventoryGuard } from "../../src/risk/inventoryGuard.ts";

// BTC-USDT-like: q_max 1 BTC, order size 0.05 BTC, lot 0.00001 BTC, min notional 5 USDT, price 61 000
const PX = 61_000;
const guard = () => new InventoryGuard(1, 0.05, 0.00001, 5);

describe("InventoryGuard", () => {
  it("flat with nothing resting: full order size on both sides", () => {
    expect(guard().bidSize(0, 0, PX)).toBe(0.05);
    expect(guard().askSize(0, 0, PX)).toBe(0.05);
  });

  it("shrinks the bid to the room left: q_max − q − resting buys", () => {
    // room = 1 − 0.97 − 0 = 0.03 < 0.05 → 0.03
    expect(guard().bidSize(0.97, 0, PX)).toBeCloseTo(0.03, 12);
    // room = 1 − 0.9 − 0.08 = 0.02 → 0.02
    expect(guard().bidSize(0.9, 0.08, PX)).toBeCloseTo(0.02, 12);
    // the ask is unaffected by resting buys: room = 1 + 0.9 − 0 = 1.9 → 0.05
    expect(guard().askSize(0.9, 0, PX)).toBe(0.05);
  });

  it("shrinks the ask to the room left: q_max + q − resting sells", () => {
    // room = 1 + (−0.9) − 0.08 = 0.02
    expect(guard().askSize(-0.9, 0.08, PX)).toBeCloseTo(0.02, 12);
    // room = 1 + (−0.96) − 0.04 = 0 → no ask
    expect(guard().askSize(-0.96, 0.04, PX)).toBe(0);
  });

  it("counts resting orders: q + resting already at the cap → no new order on that side", () => {
    expect(guard().bidSize(0.96, 0.04, PX)).toBe(0); // 0.96 + 0.04 = 1
    expect(guard().bidSize(0.5, 0.6, PX)).toBe(0); // already over: room −0.1
  });

  it("rounds down to the lot, never up", () => {
    // lot 0.001: room = 1 − 0.9873 = 0.0127 → 0.012 (not 0.013)
    const g = new InventoryGuard(1, 0.05, 0.001, 0);
    expect(g.bidSize(0.9873, 0, 100)).toBeCloseTo(0.012, 12);
    // order size itself off the lot grid: 0.0259 → 0.025
    const h = new InventoryGuard(1, 0.0259, 0.001, 0);
    expect(h.askSize(0, 0, 100)).toBeCloseTo(0.025, 12);
    // room below one lot → nothing
    expect(g.bidSize(0.9995, 0, 100)).toBe(0);
  });

  it("applies the minimum notional: size × price < 5 → not quoted", () => {
    // 0.05 × 99 = 4.95 < 5 → 0; 0.05 × 100 = 5 → allowed
    expect(guard().bidSize(0, 0, 99)).toBe(0);
    expect(guard().bidSize(0, 0, 100)).toBe(0.05);
    // a shrunken size can fall below it: room 0.00008 BTC × 61 000 = 4.88 USDT < 5
    expect(guard().bidSize(0.99992, 0, PX)).toBe(0);
    // 0.0001 × 61 000 = 6.1 ≥ 5 → allowed
    expect(guard().bidSize(0.9999, 0, PX)).toBeCloseTo(0.0001, 12);
  });

  it("at the cap only the reducing side is quoted", () => {
    expect(guard().bidSize(1, 0, PX)).toBe(0);
    expect(guard().askSize(1, 0, PX)).toBe(0.05);
    expect(guard().askSize(-1, 0, PX)).toBe(0);
    expect(guard().bidSize(-1, 0, PX)).toBe(0.05);
    // beyond the cap (e.g. after q_max was lowered): still only the reducing side
    expect(guard().bidSize(1.3, 0, PX)).toBe(0);
    expect(guard().askSize(1.3, 0, PX)).toBe(0.05);
  });

  it("rejects q_max ≤ 0 and order size ≤ 0 with a ConfigError naming the field", () => {
    expect(() => new InventoryGuard(0, 0.05, 0.00001, 5)).toThrow(ConfigError);
    expect(() => new InventoryGuard(0, 0.05, 0.00001, 5)).toThrow("config: risk.q_max = 0: must be > 0 (base units)");
    expect(() => new InventoryGuard(1, -0.05, 0.00001, 5)).toThrow("config: orders.size = -0.05: must be > 0 (base units)");
  });

  it("property: |q + resting + new order| never exceeds q_max on either side", () => {
    const lot = 0.00001;
    fc.assert(
      fc.property(
        fc.double({ min: 0.001, max: 10, noNaN: true }), // q_max
        fc.double({ min: 0.00001, max: 1, noNaN: true }), // order size (fraction of q_max below)
        fc.double({ min: -1, max: 1, noNaN: true }), // q as a fraction of q_max
        fc.double({ min: 0, max: 1, noNaN: true }), // resting buys, fraction of the room
        fc.double({ min: 0, max: 1, noNaN: true }), // resting sells, fraction of the room
        fc.double({ min: 1, max: 100_000, noNaN: true }), // price
        fc.constantFrom(0, 5, 10),
        (qMax, sizeFrac, qFrac, buyFrac, sellFrac, px, minNotional) => {
          const size = Math.max(lot, sizeFrac * qMax);
          const g = new InventoryGuard(qMax, size, lot, minNotional);
          const q = qFrac * qMax;
          const restingBuy = buyFrac * (qMax - q); // within the cap
          const restingSell = sellFrac * (qMax + q);
          const bid = g.bidSize(q, restingBuy, px);
          const ask = g.askSize(q, restingSell, px);
          // never negative, never more than the order size, on the lot grid, 0 or ≥ min notional
          for (const s of [bid, ask]) {
            expect(s).toBeGreaterThanOrEqual(0);
            expect(s).toBeLessThanOrEqual(size + 1e-12);
            expect(Math.abs(s / lot - Math.round(s / lot))).toBeLessThan(1e-6);
            if (s > 0) expect(s * px).toBeGreaterThanOrEqual(minNotional);
          }
          // the cap holds if every resting order and the new one fill (float tolerance far below one lot)
          expect(q + restingBuy + bid).toBeLessThanOrEqual(qMax + 1e-9);
          expect(q - restingSell - ask).toBeGreaterThanOrEqual(-qMax - 1e-9);
        },
      ),
      { seed: 42, numRuns: 500 },
    );
  });
});
