import { describe, expect, it } from "vitest";
import { breakEvenMakerFeeBps } from "../../src/kpi/breakEven.ts";
import { KpiTracker } from "../../src/kpi/tracker.ts";
import { makeFill } from "./fillFixture.ts";

const VIP9 = { schedule: "binance-spot-vip9", makerBps: 1.2, takerBps: 2.4 };

describe("break-even maker fee", () => {
  it("(pnl + maker fees) / maker notional × 1e4", () => {
    expect(breakEvenMakerFeeBps(0.097588, 0.002412, 20.1)).toBeCloseTo(49.75124378, 6); // 0.1 / 20.1 × 1e4
    expect(breakEvenMakerFeeBps(-0.5, 0.25, 1000)).toBeCloseTo(-2.5, 12); // not even a 2.5 bp rebate saves it
    expect(breakEvenMakerFeeBps(1, 0, 0)).toBeNull();
  });

  it("two maker fills, by hand: buy 0.1 @ 100, sell 0.1 @ 101, 1.2 bp each", () => {
    const t = new KpiTracker({ tickSize: 0.01, qMax: 1, fees: VIP9, sampleIntervalNs: 1e9 });
    // notionals 10 and 10.1 quote; fees 10 · 1.2e-4 = 0.0012 and 10.1 · 1.2e-4 = 0.001212
    t.onFill(makeFill({ tNs: 0, orderId: 1, side: 1, qty: 0.1, priceTicks: 10_000, feeQuote: 0.0012, midAtFillTicks: 10_050 }));
    t.onFill(makeFill({ tNs: 1e9, orderId: 2, side: -1, qty: 0.1, priceTicks: 10_100, feeQuote: 0.001212, midAtFillTicks: 10_050 }));
    const r = t.finish(2e9, 10_050);
    // flat: pnl = 0.1 · (101 − 100) − 0.002412 = 0.097588
    expect(r.pnl).toBeCloseTo(0.097588, 12);
    expect(r.makerVolumeQuote).toBeCloseTo(20.1, 12);
    expect(r.makerFees).toBeCloseTo(0.002412, 12);
    // (0.097588 + 0.002412) / 20.1 × 1e4 = 0.1 / 20.1 × 1e4 = 49.751 bp: above that maker fee the round trip loses
    expect(r.breakEvenMakerFeeBps).toBeCloseTo(49.75124378, 6);
    expect(r.feeSchedule).toEqual(VIP9);
  });

  it("taker fills stay out of the maker notional but their fees stay in the PnL; no maker fill gives null", () => {
    const t = new KpiTracker({ tickSize: 1, qMax: 1, fees: VIP9, sampleIntervalNs: 1e9 });
    t.onFill(makeFill({ tNs: 0, orderId: 1, side: 1, qty: 1, priceTicks: 100, feeQuote: 0.024, isMaker: false }));
    expect(t.finish(1e9, 100)).toMatchObject({ makerVolumeQuote: 0, makerFees: 0, breakEvenMakerFeeBps: null });

    const u = new KpiTracker({ tickSize: 1, qMax: 1, fees: VIP9, sampleIntervalNs: 1e9 });
    u.onFill(makeFill({ tNs: 0, orderId: 1, side: 1, qty: 1, priceTicks: 100, feeQuote: 0.012, isMaker: true }));
    u.onFill(makeFill({ tNs: 0, orderId: 2, side: -1, qty: 1, priceTicks: 101, feeQuote: 0.0242, isMaker: false }));
    const r = u.finish(1e9, 100);
    // pnl = 1 − 0.012 − 0.0242 = 0.9638; break-even = (0.9638 + 0.012) / 100 × 1e4 = 97.58 bp
    expect(r.breakEvenMakerFeeBps).toBeCloseTo(97.58, 9);
  });
});
