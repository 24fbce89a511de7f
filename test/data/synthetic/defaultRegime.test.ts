import { describe, expect, it } from "vitest";
import { rootRng } from "../../../src/core/rng.ts";
import { stylizedFacts } from "../../../src/research/stylizedFacts.ts";
import { syntheticData } from "../../../src/data/sources/syntheticData.ts";
import { NS_PER_S } from "../../../src/core/time.ts";

/**
 * The default BTC-USDT regime against the facts of the real Binance sample it was tuned on
 * (docs/synthetic-market.md; the sample: 1 tick 99.3 % of the time, 2.1–2.4 BTC at the touch,
 * 10.7 market orders/s with a Fano factor of 10.5 over 1 s, order sizes median 0.003 BTC, mean
 * 0.063, p90 0.10, p99 1.16). The first two hours of the day (its quiet end), seed 1. Its fills are adversely selected, as on real data.
 */
describe("the default synthetic regime matches the Binance sample where it should", () => {
  it("spread, top-of-book depth, market-order sizes, arrival rate and clustering", async () => {
    const rng = rootRng("1");
    const f = await stylizedFacts(syntheticData("default", rng, { durationNs: (2 * 3600) * NS_PER_S }));
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
    // adverse selection of the real kind, strategy-free: a resting order that a market order reaches
    // is followed, on average, by the mid moving through it (every real file shows this)
    for (const d of f.makerMarkout.distances.filter((x) => x.distanceTicks >= 25 && x.distanceTicks <= 100)) {
      for (const h of d.horizons.filter((x) => x.horizonS === 1 || x.horizonS === 10)) {
        expect(h.n).toBeGreaterThan(30);
        expect(h.mean).toBeLessThan(-2 * h.se);
      }
    }
    // and the order flow moves the price: positive response at every lag
    for (const r of f.response.lags) expect(r.all.mean).toBeGreaterThan(0);
  });
});
