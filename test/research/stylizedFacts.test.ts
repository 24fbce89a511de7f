import { describe, expect, it } from "vitest";
import { BookFeed } from "../../src/research/bookFeed.ts";
import { GridSampler } from "../../src/research/gridSampler.ts";
import { autocorrelation } from "../../src/research/stats.ts";
import { syntheticSource } from "../../src/research/marketSource.ts";
import { countFacts, sizeFacts, spreadFacts, stylizedFacts } from "../../src/research/stylizedFacts.ts";
import { TradeCounter } from "../../src/research/tradeCounter.ts";
import { DEPTH, SNAPSHOT, TRADE, marketOf, type Ev } from "./fixtures.ts";

const BID = 1;
const ASK = -1;

// 2 s of a hand-made market, sampled every 100 ms:
//   0    s  bid 100@1, ask 101@2                 spread 1, mid 100.5   instants 0.0–0.2 (3)
//   0.25 s  ask 103@2 in, ask 101 out           spread 3, mid 101.5   instants 0.3–0.9 (7)
//   1.0  s  bid 102@3                            spread 1, mid 102.5   instants 1.0–1.9 (10)
//   trades: 0.5 s buy 0.5 + buy 0.25 (one market order of 0.75), 1.5 s sell 1
const EVENTS: Ev[] = [
  [0, SNAPSHOT, BID, 100, 1],
  [0, SNAPSHOT, ASK, 101, 2],
  [0.25, DEPTH, ASK, 103, 2],
  [0.25, DEPTH, ASK, 101, 0],
  [0.5, TRADE, BID, 103, 0.5],
  [0.5, TRADE, BID, 103, 0.25],
  [1.0, DEPTH, BID, 102, 3],
  [1.5, TRADE, ASK, 102, 1],
];

describe("GridSampler", () => {
  it("samples the settled book at every 100 ms instant before the end", () => {
    const g = new GridSampler(1e8);
    const f = new BookFeed([g]);
    for (const [t, kind, side, price, qty] of EVENTS) f.onEvent(t * 1e9, kind, side, price, qty);
    f.finish(2e9);
    expect([...g.mids.view()]).toEqual([...Array(3).fill(100.5), ...Array(7).fill(101.5), ...Array(10).fill(102.5)]);
    expect([...g.spreadHist.entries()].sort()).toEqual([[1, 13], [3, 7]]);
    expect(g.validSamples).toBe(20);
    expect(g.bidQtySum / g.validSamples).toBe(2); // (10·1 + 10·3) / 20
    expect(g.askQtySum / g.validSamples).toBe(2);
  });

  it("marks instants with a one-sided book as NaN and leaves them out of the spread", () => {
    const g = new GridSampler(1e8);
    const f = new BookFeed([g]);
    f.onEvent(0, SNAPSHOT, BID, 100, 1);
    f.onEvent(0.15e9, DEPTH, ASK, 102, 1);
    f.finish(0.3e9);
    expect([...g.mids.view()]).toEqual([NaN, NaN, 101]);
    expect(g.validSamples).toBe(1);
  });
});

describe("TradeCounter", () => {
  it("joins prints with the same timestamp and side into one market order and counts orders per complete bin", () => {
    const t = new TradeCounter([1e9, 10e9]);
    t.onTrade(0.1e9, 1, 0, 1);
    t.onTrade(0.1e9, 1, 0, 2);
    t.onTrade(0.1e9, -1, 0, 1); // other side: a new order
    t.onTrade(1.5e9, 1, 0, 0.5);
    t.onTrade(2.2e9, 1, 0, 0.5);
    t.finish(3e9);
    expect(t.prints).toBe(5);
    expect(t.orders).toBe(4);
    expect([...t.sizes.view()]).toEqual([3, 1, 0.5, 0.5]);
    expect([...t.counts(0)]).toEqual([2, 1, 1]);
    expect([...t.counts(1)]).toEqual([]); // no complete 10 s bin in 3 s
  });

  it("reports empty bins as zero counts", () => {
    const t = new TradeCounter([1e9]);
    t.onTrade(2.5e9, 1, 0, 1);
    t.finish(4e9);
    expect([...t.counts(0)]).toEqual([0, 0, 1, 0]);
  });
});

describe("fact summaries, hand-computed", () => {
  it("spread facts from a histogram", () => {
    const s = spreadFacts(new Map([[1, 13], [3, 7]]));
    expect(s.meanTicks).toBeCloseTo(1.7, 12); // (13 + 21) / 20
    expect([s.p50Ticks, s.p90Ticks, s.p99Ticks]).toEqual([1, 3, 3]);
    expect(s.shareOneTick).toBe(0.65);
    expect(s.samples).toBe(20);
  });

  it("size facts (nearest rank)", () => {
    const s = sizeFacts([5, 1, 4, 2, 3, 10, 6, 8, 7, 9]);
    expect(s).toEqual({ n: 10, median: 5, mean: 5.5, p90: 9, p99: 10 });
  });

  it("count facts", () => {
    const c = countFacts([1, 3, 2, 6], 1, 2);
    expect(c.meanCount).toBe(3);
    expect(c.fano).toBeCloseTo(3.5 / 3, 12);
    expect(c.cv).toBeCloseTo(Math.sqrt(3.5) / 3, 12);
    expect(c.acf).toHaveLength(2);
    // deviations −2 0 −1 3 (Σd² 14): lag 1 = (0 + 0 − 3)/14
    expect(c.acf[0]).toBeCloseTo(-3 / 14, 12);
  });
});

describe("stylizedFacts on the hand-made market", () => {
  it("computes every fact in one pass", async () => {
    const f = await stylizedFacts(marketOf(EVENTS), {
      volHorizonsS: [0.1, 1],
      acfHorizonsS: [0.1],
      maxLag: 2,
      countBinsS: [1],
      ofiBucketNs: 1e9,
      durationNs: 2e9,
    });
    expect(f.durationS).toBe(2);
    expect(f.events).toBe(8);
    expect(f.eventsPerS).toBe(4);
    expect(f.spread.meanTicks).toBeCloseTo(1.7, 12);
    expect(f.spread.shareOneTick).toBe(0.65);
    expect(f.depth).toEqual({ meanBestBidQty: 2, meanBestAskQty: 2 });
    expect(f.trades.printsPerS).toBe(1.5);
    expect(f.trades.ordersPerS).toBe(1);
    expect(f.trades.counts[0].bins).toBe(2);
    expect(f.trades.counts[0].fano).toBe(0); // one order in each second
    expect(f.tradeSize).toEqual({ n: 2, median: 0.75, mean: 0.875, p90: 1, p99: 1 });
    // 0.1 s: 19 returns, two of +1 tick: √(2 / (19·0.1)) ticks/√s; 1 s: one return of 2 ticks: 2 ticks/√s
    expect(f.volatility[0].returns).toBe(19);
    expect(f.volatility[0].sigmaQuotePerSqrtS).toBeCloseTo(0.01 * Math.sqrt(2 / 1.9), 12);
    expect(f.volatility[1]).toEqual({ horizonS: 1, returns: 1, sigmaQuotePerSqrtS: 0.02 });
    const r2 = Array.from({ length: 19 }, (_, k) => (k === 2 || k === 9 ? 1 : 0));
    expect(f.squaredReturnAcf[0].acf[0]).toBeCloseTo(autocorrelation(r2, 1), 12);
    expect(f.squaredReturnAcf[0].acf[1]).toBeCloseTo(autocorrelation(r2, 2), 12);
    // OFI in 1 s buckets: bucket 1 only (bucket 0 has no book before it): bid 100@1 → 102@3, e = +3, Δmid +1
    expect(f.ofi.n).toBe(1);
  });

  it("computes the order-flow metrics on the same pass", async () => {
    const f = await stylizedFacts(marketOf(EVENTS), { responseLagsS: [0.1, 1], signLags: [1], markoutDistancesTicks: [1, 2], markoutHorizonsS: [0.1], durationNs: 2e9 });
    // buy at 0.5 s: m(0.5⁻) = 101.5, prints at 103 (reach 1.5); m(0.6) = 101.5, m(1.5) = 102.5
    // sell at 1.5 s: m(1.5⁻) = 102.5, print at 102 (reach 0.5); m(1.6) = 102.5, 2.5 s is past the end
    expect(f.response.orders).toBe(2);
    expect(f.response.lags[0].all).toMatchObject({ n: 2, mean: 0 });
    expect(f.response.lags[1].all).toMatchObject({ n: 1, mean: 1 });
    expect(f.signAcf.orders).toBe(2);
    expect(f.makerMarkout.distances.map((d) => d.fills)).toEqual([1, 0]);
    expect(f.makerMarkout.distances[0].horizons[0]).toMatchObject({ horizonS: 0.1, n: 1, mean: 1 }); // sold at 102.5, mid 101.5
  });
});

describe("order-flow metrics on a 1 h synthetic default day", () => {
  it("are computed at every lag, distance and horizon (no sign asserted: the synthetic market is being retuned)", async () => {
    const src = syntheticSource("default", "1", 3600e9);
    const f = await stylizedFacts(src.data, { durationNs: src.durationNs });
    expect(f.response.orders).toBeGreaterThan(10_000);
    expect(f.response.lags.map((l) => l.lagS)).toEqual([0.1, 1, 5, 10, 30, 60]);
    for (const l of f.response.lags) {
      expect(l.all.n).toBeGreaterThan(10_000);
      expect(l.larger.n + l.notLarger.n).toBe(l.all.n);
      for (const m of [l.all, l.larger, l.notLarger]) expect(Number.isFinite(m.mean) && Number.isFinite(m.se)).toBe(true);
    }
    expect(f.signAcf.lags.map((c) => c.lag)).toEqual([1, 2, 5, 10, 50, 100]);
    for (const c of f.signAcf.lags) expect(Math.abs(c.acf)).toBeLessThan(1);
    expect(f.makerMarkout.distancesTicks).toEqual([1, 5, 10, 25, 50, 100, 200]);
    expect(f.makerMarkout.horizonsS).toEqual([0.1, 1, 10, 60]);
    const fills = f.makerMarkout.distances.map((d) => d.fills);
    expect(fills[0]).toBeGreaterThan(1000);
    for (let j = 1; j < fills.length; j++) expect(fills[j]).toBeLessThanOrEqual(fills[j - 1]); // farther quotes fill less
    for (const d of f.makerMarkout.distances) {
      for (const h of d.horizons) {
        expect(h.n).toBeLessThanOrEqual(d.fills);
        if (h.n > 1) expect(Number.isFinite(h.mean) && Number.isFinite(h.se)).toBe(true);
      }
    }
  });
});
