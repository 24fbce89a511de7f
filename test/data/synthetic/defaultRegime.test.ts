import { describe, expect, it } from "vitest";
import { rootRng } from "../../../src/core/rng.ts";
import { stylizedFacts } from "../../../src/research/stylizedFacts.ts";
import { syntheticData } from "../../../src/runner/marketData.ts";

/**
 * The default BTC-USDT regime against the facts of the real Binance sample it was tuned on
 * (docs/synthetic-market.md; the sample: 1 tick 99.3 % of the time, 2.1–2.4 BTC at the touch,
 * 10.7 market orders/s with a Fano factor of 10.5 over 1 s, order sizes median 0.003 BTC, mean
 * 0.063, p90 0.10, p99 1.16). The first two hours of the day (its quiet end), seed 1.
 */
describe("the default synthetic regime matches the Binance sample where it should", () => {
  it("spread, top-of-book depth, market-order sizes, arrival rate and clustering", async () => {
    const rng = rootRng("1");
    const f = await stylizedFacts(syntheticData("default", rng, 2 * 3600));
    expect(f.spread.p50Ticks).toBe(1);
    expect(f.spread.p90Ticks).toBe(1);
    expect(f.spread.shareOneTick).toBeGreaterThan(0.97);
    for (const q of [f.depth.meanBestBidQty, f.depth.meanBestAskQty]) {
      expect(q).toBeGreaterThan(1.5);
      expect(q).toBeLessThan(3);
    }
    expect(f.tradeSize.median).toBeCloseTo(0.003, 3);
    expect(f.tradeSize.mean).toBeGreaterThan(0.04);
    expect(f.tradeSize.mean).toBeLessThan(0.09);
    expect(f.tradeSize.p90).toBeGreaterThan(0.06);
    expect(f.tradeSize.p90).toBeLessThan(0.14);
    expect(f.tradeSize.p99).toBeGreaterThan(0.7);
    expect(f.tradeSize.p99).toBeLessThan(2);
    expect(f.trades.ordersPerS).toBeGreaterThan(6);
    expect(f.trades.ordersPerS).toBeLessThan(16);
    expect(f.trades.counts[0].fano).toBeGreaterThan(4); // clustered: a Poisson process has 1
    expect(f.trades.counts[0].acf[0]).toBeGreaterThan(0.2);
    // deliberately calm (the sample: 6–9 USDT/√s) and sparser (the sample: ~490 events/s)
    for (const v of f.volatility) expect(v.sigmaQuotePerSqrtS).toBeLessThan(1.5);
    expect(f.eventsPerS).toBeLessThan(150);
  });
});
