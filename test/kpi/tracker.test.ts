import { describe, expect, it } from "vitest";
import { KpiTracker } from "../../src/kpi/tracker.ts";
import { makeFill, TEST_FEES } from "./fillFixture.ts";

const S = 1e9;
const MS = 1e6;

describe("KpiTracker spread captured", () => {
  it("Σ qty·side·(mid − price) / Σ qty·half-spread × 100 over three fills", () => {
    const t = new KpiTracker({ tickSize: 0.01, qMax: 5, fees: TEST_FEES, sampleIntervalNs: S });
    t.onStep(0, 101);
    // A buy 2 @ 100, mid 101, half-spread 1: captured 2·(+1)·(101 − 100) = 2,    quoted 2·1 = 2
    t.onFill(makeFill({ tNs: 1 * S, orderId: 1, side: 1, qty: 2, priceTicks: 100, midAtFillTicks: 101, halfSpreadAtPlacementTicks: 1 }));
    // B sell 1 @ 103, mid 101.5, half-spread 2: captured 1·(−1)·(101.5 − 103) = 1.5, quoted 1·2 = 2
    t.onFill(makeFill({ tNs: 2 * S, orderId: 2, side: -1, qty: 1, priceTicks: 103, midAtFillTicks: 101.5, halfSpreadAtPlacementTicks: 2 }));
    // C buy 1 @ 102, mid 101.5 (adverse), half-spread 1: captured 1·(+1)·(101.5 − 102) = −0.5, quoted 1
    t.onFill(makeFill({ tNs: 3 * S, orderId: 3, side: 1, qty: 1, priceTicks: 102, midAtFillTicks: 101.5, halfSpreadAtPlacementTicks: 1 }));
    const r = t.finish(4 * S, 101);
    // (2 + 1.5 − 0.5) / (2 + 2 + 1) × 100 = 3/5 × 100 = 60 %
    expect(r.spreadCapturedPct).toBeCloseTo(60, 12);
    expect(r.pnlSplit.spreadCapture).toBeCloseTo(0.03, 12); // 3 ticks·base × 0.01
    expect(r.fills).toBe(3);
    expect(r.rules.find((x) => x.id === "spread_captured")?.passed).toBe(false); // 60 < 70
  });
});

describe("KpiTracker RMS inventory", () => {
  it("time-weights q² over uneven piecewise-constant intervals", () => {
    const t = new KpiTracker({ tickSize: 1, qMax: 2, fees: TEST_FEES, sampleIntervalNs: S });
    t.onStep(0, 100);
    t.onFill(makeFill({ tNs: 1 * S, orderId: 1, side: 1, qty: 0.5 })); // q = 0.5
    t.onStep(2 * S, 100); // a step in the middle of a constant stretch changes nothing
    t.onFill(makeFill({ tNs: 2.5 * S, orderId: 2, side: 1, qty: 0.25 })); // q = 0.75
    t.onFill(makeFill({ tNs: 4 * S, orderId: 3, side: -1, qty: 1 })); // q = −0.25
    const r = t.finish(10 * S, 100);
    // ∫q²dt = 0·1 + 0.25·1.5 + 0.5625·1.5 + 0.0625·6 = 0.375 + 0.84375 + 0.375 = 1.59375 base²·s
    // over 10 s: 0.159375 → RMS = sqrt(0.159375) ≈ 0.399218
    expect(r.durationSeconds).toBe(10);
    expect(r.rmsInventory).toBeCloseTo(Math.sqrt(0.159375), 12);
    expect(r.rmsInventoryRatio).toBeCloseTo(Math.sqrt(0.159375) / 2, 12);
    // target 0.4·q_max = 0.8 base
    const rule = r.rules.find((x) => x.id === "rms_inventory");
    expect(rule?.threshold).toBeCloseTo(0.8, 12);
    expect(rule?.passed).toBe(true);
    expect(r.finalPosition).toBe(-0.25);
  });

  it("counts from options.startTNs when given", () => {
    const t = new KpiTracker({ tickSize: 1, qMax: 1, fees: TEST_FEES, sampleIntervalNs: S, startTNs: 0 });
    t.onFill(makeFill({ tNs: 2 * S, side: 1, qty: 1 })); // q = 1 from 2 s to 4 s
    const r = t.finish(4 * S, 1000);
    expect(r.rmsInventory).toBeCloseTo(Math.sqrt(2 / 4), 12); // ∫ = 1·2 over 4 s
  });

  it("rejects events out of time order", () => {
    const t = new KpiTracker({ tickSize: 1, qMax: 1, fees: TEST_FEES, sampleIntervalNs: S });
    t.onStep(2 * S, 100);
    expect(() => t.onFill(makeFill({ tNs: 1 * S }))).toThrow(/time order/);
  });
});

describe("KpiTracker order ratios and latency", () => {
  it("counts each order once: two partial fills, repeated cancels", () => {
    const t = new KpiTracker({ tickSize: 1, qMax: 1, fees: TEST_FEES, sampleIntervalNs: S });
    for (const id of [1, 2, 3, 4]) t.onOrderSubmitted(id);
    t.onStep(0, 100);
    t.onFill(makeFill({ tNs: 1 * S, orderId: 1, qty: 0.25 })); // order 1: partial fill
    t.onFill(makeFill({ tNs: 2 * S, orderId: 1, qty: 0.25 })); // order 1: second partial fill
    t.onOrderCancelled(2);
    t.onOrderCancelled(2); // reported twice, counts once
    t.onFill(makeFill({ tNs: 3 * S, orderId: 3, qty: 0.1 })); // order 3: partial fill, then cancelled
    t.onOrderCancelled(3);
    // order 4 rests unfilled
    const r = t.finish(4 * S, 100);
    expect(r.fills).toBe(3);
    expect([r.ordersSubmitted, r.ordersFilled, r.ordersCancelled]).toEqual([4, 2, 2]);
    expect(r.fillRatio).toBe(0.5); // orders {1, 3} / 4
    expect(r.cancelRatio).toBe(0.5); // orders {2, 3} / 4
  });

  it("latency P99 (nearest rank) in ms from ns samples", () => {
    const t = new KpiTracker({ tickSize: 1, qMax: 1, fees: TEST_FEES, sampleIntervalNs: S });
    // 100 acks of 1..100 ms: rank ⌈99⌉ = 99 → 99 ms
    for (let k = 100; k >= 1; k--) t.onAckLatency(k * MS);
    const r = t.finish(S, 100);
    expect(r.acks).toBe(100);
    expect(r.latencyP99Ms).toBe(99);
  });
});

describe("KpiTracker with zero fills", () => {
  it("reports spread captured as null and fails its rule; the report is plain JSON", () => {
    const t = new KpiTracker({ tickSize: 0.01, qMax: 1, fees: TEST_FEES, sampleIntervalNs: S });
    for (const id of [1, 2]) t.onOrderSubmitted(id);
    t.onAckLatency(20 * MS);
    t.onAckLatency(30 * MS);
    t.onStep(0, 1000);
    t.onOrderCancelled(1);
    t.onStep(S, 1001);
    const r = t.finish(2 * S, 1002);
    expect(r.spreadCapturedPct).toBeNull();
    const rule = r.rules.find((x) => x.id === "spread_captured");
    expect(rule).toMatchObject({ value: null, passed: false });
    // Passing: RMS 0 ≤ 0.4, cancel 1/2 ≤ 70 %, P99 30 ms. Failing: spread (null), fill ratio 0 < 5 %, PnL 0 (not > 0).
    expect(r.rmsInventory).toBe(0);
    expect(r.fillRatio).toBe(0);
    expect(r.cancelRatio).toBe(0.5);
    expect(r.latencyP99Ms).toBe(30);
    expect(r.pnl).toBe(0);
    expect([r.rulesPassed, r.rulesTotal, r.passed]).toEqual([3, 6, false]);
    expect(r.markouts.every((m) => m.count === 0 && m.meanTicks === null)).toBe(true);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r); // no NaN/Infinity/undefined anywhere
  });

  it("an empty run (no events at all) has null ratios, not fake numbers", () => {
    const r = new KpiTracker({ tickSize: 0.01, qMax: 1, fees: TEST_FEES, sampleIntervalNs: S }).finish(0, 1000);
    expect([r.rmsInventory, r.fillRatio, r.cancelRatio, r.latencyP99Ms, r.sharpe]).toEqual([null, null, null, null, null]);
    expect(r.rulesPassed).toBe(0);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });
});

describe("KpiTracker verdict", () => {
  it("reports the required rules and why it failed; PnL is required unless told otherwise", () => {
    const losing = (requiredRules?: string[]) => {
      const t = new KpiTracker({ tickSize: 1, qMax: 1, fees: TEST_FEES, sampleIntervalNs: S, ...(requiredRules ? { requiredRules } : {}) });
      t.onOrderSubmitted(1);
      t.onAckLatency(5e6);
      t.onStep(0, 100);
      t.onFill(makeFill({ tNs: 0, orderId: 1, side: 1, qty: 0.1, priceTicks: 99, midAtFillTicks: 100, halfSpreadAtPlacementTicks: 1 }));
      return t.finish(S, 97); // 0.1 · (97 − 99) = −0.2: every rule but PnL passes
    };
    const r = losing();
    expect([r.rulesPassed, r.passed, r.requiredRules, r.failReasons]).toEqual([5, false, ["pnl"], ["required rule pnl failed: -0.2000 quote (target > 0)"]]);
    expect(r.rules.filter((x) => x.required).map((x) => x.id)).toEqual(["pnl"]);
    expect(losing([])).toMatchObject({ passed: true, requiredRules: [], failReasons: [] });
  });

  it("refuses an unknown required rule id", () => {
    expect(() => new KpiTracker({ tickSize: 1, qMax: 1, fees: TEST_FEES, sampleIntervalNs: S, requiredRules: ["profit"] })).toThrow(/required rule "profit" is not a KPI rule/);
  });
});

describe("KpiTracker without a mid", () => {
  it("a NaN mid only advances time; the report stays finite", () => {
    const t = new KpiTracker({ tickSize: 1, qMax: 1, fees: TEST_FEES, sampleIntervalNs: S });
    t.onStep(0, NaN);
    t.onFill(makeFill({ tNs: 0, side: 1, qty: 1, priceTicks: 100 }));
    t.onStep(1 * S, NaN); // grid 1 s waits for a real mid
    t.onStep(1.5 * S, 103); // grid 1 s gets equity 3
    const r = t.finish(1.5 * S, 103);
    expect(r.equitySamples).toBe(1);
    expect(r.markouts[0]).toMatchObject({ count: 1, meanTicks: 3 }); // first real mid ≥ 0.1 s
    expect(r.rmsInventory).toBe(1);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    expect(() => t.finish(2 * S, NaN)).toThrow(/not a number/);
  });
});
