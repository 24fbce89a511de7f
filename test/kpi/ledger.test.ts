import { describe, expect, it } from "vitest";
import { Ledger } from "../../src/kpi/ledger.ts";
import { KpiTracker } from "../../src/kpi/tracker.ts";
import { makeFill, TEST_FEES } from "./fillFixture.ts";

// tick 0.01. Buy 2 @ 10000 ticks (100.00), taker fee +0.02; sell 1 @ 10050 ticks (100.50), maker rebate −0.005.
const buy = makeFill({ tNs: 1e9, orderId: 1, side: 1, qty: 2, priceTicks: 10_000, feeQuote: 0.02, isMaker: false, midAtFillTicks: 10_001, halfSpreadAtPlacementTicks: 1 });
const sell = makeFill({ tNs: 2e9, orderId: 2, side: -1, qty: 1, priceTicks: 10_050, feeQuote: -0.005, midAtFillTicks: 10_040, halfSpreadAtPlacementTicks: 10 });

describe("Ledger", () => {
  it("books position, cash and fees (a maker rebate is a negative fee)", () => {
    const ledger = new Ledger(0.01);
    ledger.applyFill(buy);
    ledger.applyFill(sell);
    expect(ledger.position).toBe(1); // 2 − 1
    // cash = −2·100 − 0.02 + 1·100.5 + 0.005 = −99.515
    expect(ledger.cashQuote).toBeCloseTo(-99.515, 10);
    // fees = 0.02 − 0.005 = 0.015
    expect(ledger.feesQuote).toBeCloseTo(0.015, 12);
    // equity at mid 10020 = −99.515 + 1·100.20 = 0.685
    // (check: (100.5 − 100) + (100.2 − 100) − 0.015 = 0.685)
    expect(ledger.equity(10_020)).toBeCloseTo(0.685, 10);
    // mid may be x.5 ticks: −99.515 + 100.205 = 0.69
    expect(ledger.equity(10_020.5)).toBeCloseTo(0.69, 10);
  });

  it("starts flat: zero equity at any mid", () => {
    expect(new Ledger(0.01).equity(12_345.5)).toBe(0);
  });
});

describe("PnL split", () => {
  it("spread capture + inventory − fees = total", () => {
    const t = new KpiTracker({ tickSize: 0.01, qMax: 5, fees: TEST_FEES, sampleIntervalNs: 1e9 });
    t.onStep(0, 10_000);
    t.onFill(buy);
    t.onFill(sell);
    const r = t.finish(3e9, 10_020);
    expect(r.pnl).toBeCloseTo(0.685, 10);
    // spread capture = [2·(+1)·(10001 − 10000) + 1·(−1)·(10040 − 10050)] ticks·base · 0.01 = (2 + 10)·0.01 = 0.12
    expect(r.pnlSplit.spreadCapture).toBeCloseTo(0.12, 12);
    expect(r.pnlSplit.fees).toBeCloseTo(0.015, 12);
    // inventory = 0.685 − 0.12 + 0.015 = 0.58; independently Σ side·qty·(mid_end − mid_fill)·tick
    //           = 2·(10020 − 10001)·0.01 − 1·(10020 − 10040)·0.01 = 0.38 + 0.20 = 0.58
    expect(r.pnlSplit.inventory).toBeCloseTo(0.58, 10);
    expect(r.pnlSplit.spreadCapture + r.pnlSplit.inventory - r.pnlSplit.fees).toBeCloseTo(r.pnl, 12);
    expect(r.fees).toBeCloseTo(0.015, 12);
    expect(r.volumeBase).toBe(3);
    // 2·100 + 1·100.5 = 300.5
    expect(r.volumeQuote).toBeCloseTo(300.5, 10);
    expect(r.finalPosition).toBe(1);
  });
});
