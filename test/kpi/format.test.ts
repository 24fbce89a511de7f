import { describe, expect, it } from "vitest";
import { formatKpiTable } from "../../src/kpi/format.ts";
import { KpiTracker } from "../../src/kpi/tracker.ts";
import { makeFill, TEST_FEES } from "./fillFixture.ts";

describe("formatKpiTable", () => {
  it("one row per rule, the verdict line and the extra figures", () => {
    const t = new KpiTracker({ tickSize: 0.01, qMax: 1, fees: TEST_FEES, sampleIntervalNs: 1e9 });
    t.onOrderSubmitted(1);
    t.onAckLatency(12e6);
    t.onStep(0, 1000);
    t.onFill(makeFill({ tNs: 0, orderId: 1, side: 1, qty: 0.1, priceTicks: 999, midAtFillTicks: 1000, halfSpreadAtPlacementTicks: 1 }));
    const text = formatKpiTable(t.finish(2e9, 1001));
    const lines = text.split("\n");
    expect(lines[0]).toMatch(/^KPI\s+value\s+target\s+result$/);
    expect(lines[2]).toMatch(/^Spread captured\s+100\.0 %\s+≥ 70 %\s+PASS$/); // 0.1·1 / 0.1·1
    expect(lines[3]).toMatch(/^RMS inventory .*≤ 0\.4·q_max = 0\.4\s+PASS$/);
    expect(lines[4]).toMatch(/^Fill ratio\s+100\.0 %\s+≥ 5 %\s+PASS$/);
    expect(lines[6]).toMatch(/^Latency P99\s+12\.0 ms/);
    expect(lines[7]).toMatch(/^PnL\s+0\.0020 quote\s+> 0\s+PASS\*$/); // 0.1·(1001 − 999)·0.01 = 0.002; required by default
    expect(lines[8]).toBe("* required: the run fails when this rule fails");
    expect(lines[9]).toBe("6/6 rules passed, required: pnl → PASS (≥ 80 % and every required rule needed)");
    // fees 0 (the fill carries none); break-even (0.002 + 0) / (0.1·999·0.01) × 1e4 = 0.002 / 0.999 × 1e4 = 20.02 bp
    expect(lines[10]).toBe("fees: custom (maker 0 bp, taker 0 bp) → 0.0000 quote; break-even maker fee 20.02 bp");
    expect(text).toMatch(/max drawdown/);
    // spread capture 0.1·(1000 − 999)·0.01 = 0.001; inventory 0.002 − 0.001 + 0 = 0.001
    expect(text).toContain("PnL split: spread capture 0.0010 + inventory 0.0010 − fees 0.0000 = 0.0020 quote");
    expect(text).toMatch(/markouts .*100ms 2\.00 ticks \(n=1\)/);
  });

  it("a losing run with 5/6 rules fails, saying why; the fee line names the schedule and its rates", () => {
    const t = new KpiTracker({ tickSize: 0.01, qMax: 1, fees: { schedule: "binance-spot-vip9", makerBps: 1.2, takerBps: 2.4 }, sampleIntervalNs: 1e9 });
    t.onOrderSubmitted(1);
    t.onAckLatency(12e6);
    t.onStep(0, 1000);
    // buy 0.1 @ 9.99 (notional 0.999), fee 0.999 · 1.2e-4 = 0.00011988
    t.onFill(makeFill({ tNs: 0, orderId: 1, side: 1, qty: 0.1, priceTicks: 999, midAtFillTicks: 1000, halfSpreadAtPlacementTicks: 1, feeQuote: 0.00011988 }));
    // marked at 9.98: pnl = 0.1·(998 − 999)·0.01 − 0.00011988 = −0.00111988
    const r = t.finish(2e9, 998);
    expect(r.passed).toBe(false);
    expect(r.failReasons).toEqual(["required rule pnl failed: -0.0011 quote (target > 0)"]);
    const lines = formatKpiTable(r).split("\n");
    expect(lines[7]).toMatch(/^PnL\s+-0\.0011 quote\s+> 0\s+FAIL\*$/);
    expect(lines[9]).toBe("5/6 rules passed, required: pnl → FAIL (required rule pnl failed)");
    // break-even (−0.00111988 + 0.00011988) / 0.999 × 1e4 = −0.001 / 0.999 × 1e4 = −10.01 bp
    expect(lines[10]).toBe("fees: binance-spot-vip9 (maker 1.2 bp, taker 2.4 bp) → 0.0001 quote; break-even maker fee -10.01 bp");
  });

  it("without required rules the verdict line is the plain 80 % rule and nothing is starred", () => {
    const t = new KpiTracker({ tickSize: 0.01, qMax: 1, fees: TEST_FEES, requiredRules: [], sampleIntervalNs: 1e9 });
    t.onOrderSubmitted(1);
    t.onAckLatency(12e6);
    t.onStep(0, 1000);
    t.onFill(makeFill({ tNs: 0, orderId: 1, side: 1, qty: 0.1, priceTicks: 999, midAtFillTicks: 1000, halfSpreadAtPlacementTicks: 1 }));
    const text = formatKpiTable(t.finish(2e9, 998)); // loses 0.001: 5/6
    expect(text).toContain("5/6 rules passed → PASS (≥ 80 % needed)");
    expect(text).not.toContain("*");
  });
});
