import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Ledger } from "../../src/kpi/ledger.ts";
import { KpiTracker } from "../../src/kpi/tracker.ts";
import { makeFill, TEST_FEES } from "./fillFixture.ts";

const fillArb = fc.record({
  side: fc.constantFrom(1 as const, -1 as const),
  lots: fc.integer({ min: 1, max: 2_000 }), // qty = lots · 0.001 base
  priceTicks: fc.integer({ min: 1, max: 20_000_000 }),
  midOffsetHalfTicks: fc.integer({ min: -40, max: 40 }), // mid = price + offset/2 (mid may be x.5)
  feeQuote: fc.double({ min: -5, max: 5, noNaN: true }),
  halfSpreadTicks: fc.integer({ min: 0, max: 50 }),
  gapNs: fc.integer({ min: 0, max: 5_000_000_000 }),
});

const runArb = fc.record({
  tickSize: fc.constantFrom(0.01, 0.1, 0.5, 1),
  fills: fc.array(fillArb, { maxLength: 60 }),
  endMidTicks: fc.integer({ min: 1, max: 20_000_000 }).map((x) => x + 0.5 * (x % 2)),
});

/** |a − b| ≤ 1e-9 relative to the run's scale (float sums of large notionals cannot do better than that scale). */
function closeRel(a: number, b: number, scale: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b), scale);
}

describe("ledger / PnL split properties", () => {
  it("position = Σ side·qty, equity = cash + position·mid·tick, split sums to pnl", () => {
    fc.assert(
      fc.property(runArb, ({ tickSize, fills, endMidTicks }) => {
        const ledger = new Ledger(tickSize);
        const tracker = new KpiTracker({ tickSize, qMax: 1, fees: TEST_FEES, sampleIntervalNs: 1e9 });
        let tNs = 0;
        let position = 0;
        let cash = 0;
        let inventoryPnl = 0;
        let scale = 0;
        tracker.onStep(0, endMidTicks);
        fills.forEach((f, i) => {
          tNs += f.gapNs;
          const fill = makeFill({
            tNs,
            orderId: i,
            side: f.side,
            qty: f.lots * 0.001,
            priceTicks: f.priceTicks,
            midAtFillTicks: f.priceTicks + f.midOffsetHalfTicks / 2,
            feeQuote: f.feeQuote,
            halfSpreadAtPlacementTicks: f.halfSpreadTicks,
          });
          ledger.applyFill(fill);
          tracker.onFill(fill);
          tracker.onStep(tNs, fill.midAtFillTicks);
          // Independent bookkeeping, same summation order.
          position += fill.side * fill.qty;
          cash += -fill.side * fill.qty * fill.priceTicks * tickSize - fill.feeQuote;
          inventoryPnl += fill.side * fill.qty * (endMidTicks - fill.midAtFillTicks) * tickSize;
          scale += fill.qty * fill.priceTicks * tickSize + Math.abs(fill.feeQuote);
        });
        const report = tracker.finish(tNs + 1e9, endMidTicks);

        expect(ledger.position).toBe(position);
        expect(tracker.position()).toBe(position);
        expect(closeRel(ledger.cashQuote, cash, scale)).toBe(true);
        const equity = ledger.equity(endMidTicks);
        expect(closeRel(equity, cash + position * endMidTicks * tickSize, scale)).toBe(true);
        expect(closeRel(report.pnl, equity, scale)).toBe(true);
        const { spreadCapture, inventory, fees } = report.pnlSplit;
        expect(closeRel(spreadCapture + inventory - fees, report.pnl, scale)).toBe(true);
        // The inventory part is also Σ side·qty·(mid_end − mid_at_fill)·tick, computed independently.
        expect(closeRel(inventory, inventoryPnl, scale)).toBe(true);
      }),
      { seed: 42, numRuns: 200 },
    );
  });
});
