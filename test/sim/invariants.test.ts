import fc from "fast-check";
import { afterAll, describe, expect, it, vi } from "vitest";
import { L2Book } from "../../src/book/l2book.ts";
import { parseConfig } from "../../src/config/load.ts";
import { rootRng } from "../../src/core/rng.ts";
import { Side } from "../../src/core/side.ts";
import type { EventBatch } from "../../src/data/schema.ts";
import { EventKind } from "../../src/data/schema.ts";
import type { OrderRequest } from "../../src/venue/venue.ts";
import { runBacktest } from "../../src/runner/backtest.ts";
import { syntheticData } from "../../src/data/sources/syntheticData.ts";
import { SimVenue } from "../../src/sim/simVenue.ts";
import { NS_PER_S } from "../../src/core/time.ts";

/*
 * Whole-run invariants of runBacktest on random short synthetic streams:
 *   - every fill is at its order's limit exactly (so never worse: bid ≤ limit, ask ≥ limit), on the
 *     order's side, and an order never fills more than its size;
 *   - kpis.finalPosition = Σ side·qty over the fills table;
 *   - kpis.pnl = cash + position·mid, cash = −Σ side·qty·price − Σ fee, mid = the final mid of the data;
 *   - |position| ≤ q_max at every timeseries row (and after every fill).
 * The orders' limits are read by spying on SimVenue.submit (the call goes through unchanged).
 */
const submitSpy = vi.spyOn(SimVenue.prototype, "submit");
afterAll(() => submitSpy.mockRestore());

async function finalMidTicks(scenario: string, seed: number, durationS: number): Promise<number> {
  const book = new L2Book();
  for await (const b of syntheticData(scenario, rootRng(seed), { durationNs: durationS * NS_PER_S }).batches() as AsyncIterable<EventBatch>) {
    for (let i = 0; i < b.length; i++) {
      if (b.kind[i] === EventKind.DEPTH || b.kind[i] === EventKind.SNAPSHOT) book.update(b.side[i], b.priceTicks[i], b.qty[i]);
      else if (b.kind[i] === EventKind.DEPTH_CLEAR) book.clear(b.side[i]);
    }
  }
  return book.midTicks();
}

describe("backtest invariants (property)", () => {
  it("fills at the limit, position = Σ fills, PnL = cash + q·mid, |q| ≤ q_max", async () => {
    let runsWithFills = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 60, max: 300 }),
        fc.constantFrom("default", "high-vol", "low-liquidity", "jumpy"),
        fc.constantFrom(0.1, 0.15, 1),
        fc.constantFrom(1, 5, 50),
        async (seed, durationS, scenario, qMax, requoteTicks) => {
          submitSpy.mockClear();
          const config = parseConfig({
            risk: { q_max: qMax },
            orders: { size: 0.05, requote_threshold_ticks: requoteTicks, max_age_ms: 10_000 },
            volatility: { window: 20, base_window: 200 },
          });
          const tick = config.symbol.tick_size;
          const r = await runBacktest({ config, data: syntheticData(scenario, rootRng(seed), { durationNs: durationS * NS_PER_S }), rng: rootRng(seed) });
          expect(r.stepErrors).toEqual([]);

          const orders = new Map<number, OrderRequest>();
          for (const [req] of submitSpy.mock.calls) orders.set(req.orderId, req);
          const f = r.fills;
          const n = f.price.length;
          if (n > 0) runsWithFills++;
          expect(r.kpis.fills).toBe(n);

          const filledPerOrder = new Map<number, number>();
          let position = 0;
          let cash = 0;
          for (let i = 0; i < n; i++) {
            const id = f.order_id[i];
            const order = orders.get(id);
            expect(order, `fill ${i}: order ${id} was never submitted`).toBeDefined();
            const side = f.side[i];
            expect(side).toBe(order!.side);
            const limit = order!.priceTicks * tick;
            const price = f.price[i];
            if (side === Side.BID) expect(price).toBeLessThanOrEqual(limit + 1e-9);
            else expect(price).toBeGreaterThanOrEqual(limit - 1e-9);
            expect(Math.abs(price - limit)).toBeLessThan(1e-9); // at the limit exactly
            expect(f.qty[i]).toBeGreaterThan(0);
            const filled = (filledPerOrder.get(id) ?? 0) + f.qty[i];
            filledPerOrder.set(id, filled);
            expect(filled).toBeLessThanOrEqual(order!.qty + 1e-9);
            position += side * f.qty[i];
            cash -= side * f.qty[i] * price + f.fee[i];
            expect(Math.abs(position)).toBeLessThanOrEqual(qMax + 1e-9);
          }

          expect(r.kpis.finalPosition).toBeCloseTo(position, 9);

          const mid = await finalMidTicks(scenario, seed, durationS);
          expect(Number.isFinite(mid)).toBe(true);
          const expectedPnl = cash + position * mid * tick;
          // only the summation order differs: agree to ~1e-9 of the traded notional
          expect(Math.abs(r.kpis.pnl - expectedPnl)).toBeLessThanOrEqual(1e-9 * (1 + r.kpis.volumeQuote));

          const q = r.timeseries.q;
          expect(q.length).toBeGreaterThan(0);
          for (let i = 0; i < q.length; i++) expect(Math.abs(q[i])).toBeLessThanOrEqual(qMax + 1e-9);
        },
      ),
      { seed: 42, numRuns: 50 },
    );
    expect(runsWithFills).toBeGreaterThan(10); // the invariants were exercised on real fills
  });
});
