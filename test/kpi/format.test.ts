import { describe, expect, it } from "vitest";
import { formatKpiTable, formatKpiValue, markoutLine } from "../../src/kpi/format.ts";
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
    expect(text).toMatch(/markouts .*100ms 2\.00 ticks 20\.0 bp \(n=1\)/); // 0.02 / 9.99 (the mean fill price) × 1e4 = 20.02 bp
    expect(lines[lines.length - 1]).toBe("quoting never paused");
  });

  it("paused time by cause, longest first, with its share of the run", () => {
    const t = new KpiTracker({ tickSize: 0.01, qMax: 1, fees: TEST_FEES, sampleIntervalNs: 1e9 });
    t.onQuotingState(0, "warming up"); // 0 → 1 s
    t.onStep(0, 1000);
    t.onQuotingState(1e9, null);
    t.onQuotingState(4e9, "stale feed"); // 4 → 7 s
    t.onQuotingState(7e9, "latency"); // 7 → 7.5 s
    t.onQuotingState(7.5e9, null);
    const lines = formatKpiTable(t.finish(10e9, 1000)).split("\n");
    // 4.5 s of 10 s = 45 %
    expect(lines[lines.length - 1]).toBe("quoting paused 4.5 s (45.0 % of the run): stale feed 3.0 s, warming up 1.0 s, latency guard 0.5 s");
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

  it("amounts in the instrument's assets when given (BTC, USDT), the generic names otherwise", () => {
    const t = new KpiTracker({ tickSize: 0.01, qMax: 1, fees: TEST_FEES, sampleIntervalNs: 1e9 });
    t.onOrderSubmitted(1);
    t.onAckLatency(12e6);
    t.onStep(0, 1000);
    t.onFill(makeFill({ tNs: 0, orderId: 1, side: 1, qty: 0.1, priceTicks: 999, midAtFillTicks: 1000, halfSpreadAtPlacementTicks: 1 }));
    const r = t.finish(2e9, 1001);
    const text = formatKpiTable(r, { base: "BTC", quote: "USDT" });
    expect(text).toMatch(/^PnL\s+0\.0020 USDT\s+> 0\s+PASS\*$/m);
    expect(text).toMatch(/^RMS inventory\s+[\d.]+ BTC\s/m);
    expect(text).toContain("fees: custom (maker 0 bp, taker 0 bp) → 0.0000 USDT;");
    expect(text).toContain("volume 0.100000 BTC / 1.00 USDT, fees 0.0000 USDT, final position 0.1000 BTC"); // 0.1 · 9.99
    expect(text).toMatch(/max drawdown [\d.]+ USDT/);
    expect(text).toContain("= 0.0020 USDT");
    expect(text).not.toMatch(/\b(base|quote)\b/);
    expect(formatKpiTable(r)).toMatch(/^PnL\s+0\.0020 quote/m);
    expect(formatKpiValue(2, "base", { base: "ETH", quote: "BTC" })).toBe("2.000 ETH");
  });

  it("markouts in ticks and in bp of the mean fill price", () => {
    const m = (horizonMs: number, meanTicks: number | null, count: number) => ({ horizonMs, meanTicks, meanQuote: meanTicks === null ? null : meanTicks * 0.01, count });
    // mean fill price 60 000: 1 tick = 0.01 / 60 000 × 1e4 = 0.0016667 bp
    const line = markoutLine({ volumeBase: 2, volumeQuote: 120_000, markouts: [m(100, 4.17, 3), m(1000, 98.83, 3), m(60_000, -7200, 2), m(5000, null, 0)] });
    expect(line).toBe("markouts (qty-weighted, side·(mid_t+h − fill price); bp of the mean fill price): 100ms 4.17 ticks 0.0070 bp (n=3), 1s 98.83 ticks 0.16 bp (n=3), 60s -7200.00 ticks -12.0 bp (n=2), 5s n/a (n=0)");
    // no fills: no price to divide by, ticks only
    expect(markoutLine({ volumeBase: 0, volumeQuote: 0, markouts: [m(100, null, 0)] })).toMatch(/: 100ms n\/a \(n=0\)$/);
  });
});

describe("assetNames: the units the terminal shows", () => {
  it("splits a symbol into base and quote assets, generic names when it cannot", async () => {
    const { assetNames } = await import("../../src/kpi/formatValue.ts");
    expect(assetNames("BTCUSDT")).toEqual({ base: "BTC", quote: "USDT" });
    expect(assetNames("eth-btc")).toEqual({ base: "ETH", quote: "BTC" });
    expect(assetNames("AMZN")).toEqual({ base: "base", quote: "quote" });
  });
});
