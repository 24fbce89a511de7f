import { beforeAll, expect, it } from "vitest";
import { fitMarket, type MarketFit } from "../../../src/calibration/market/fitMarket.ts";
import { toEventBatch } from "../../../src/data/batch.ts";
import { importerFor } from "../../../src/data/importers/index.ts";
import { syntheticSchema } from "../../../src/data/synthetic/params.ts";
import type { MarketData } from "../../../src/data/sources/marketData.ts";
import { describeWithSharedData, sample } from "../../support/sharedData.ts";

/** The Binance capture converted on the fly (as test/calibration/binanceSample.test.ts reads it), as market data. */
async function binanceSample(): Promise<MarketData> {
  const files = [sample("binance-spot-btcusdt/btcusdt_20240808.gz"), sample("binance-spot-btcusdt/btcusdt_20240809.gz")];
  // a few depth sizes of the capture are finer than the 0.00001 lot: rounded to it
  const imported = await importerFor("binance").open(files, { snapToGrid: true });
  const iterator = imported.batches[Symbol.asyncIterator]();
  let first = await iterator.next();
  const originNs = first.done ? 0n : first.value.exchTs[0];
  return {
    meta: imported.meta,
    originNs,
    description: { kind: "file", path: "binance-spot-btcusdt/btcusdt_2024080{8,9}.gz" },
    async *batches() {
      for (; !first.done; first = await iterator.next()) yield toEventBatch(first.value, originNs, imported.meta.tickSize);
    },
    hash: async () => "",
  };
}

describeWithSharedData("market fit of the real Binance spot BTC-USDT sample (650 s, a violent midnight)", () => {
  let fit: MarketFit;
  beforeAll(async () => {
    fit = await fitMarket(await binanceSample());
  }, 120_000);

  it("sane values: σ of several USDT/√s, ~10 market orders/s, median order ~0.003 BTC, a valid market.json", () => {
    const p = fit.params;
    console.log(fit.estimates.map((e) => `${e.param.padEnd(22)} ${String(Number(e.value.toPrecision(4))).padStart(14)} ${e.unit}`).join("\n"));
    console.log(fit.warnings.map((w) => `warning: ${w}`).join("\n"));
    expect(syntheticSchema.parse(p)).toEqual(p);
    expect(p).toMatchObject({ symbol: "BTCUSDT", tickSize: 0.01, lotSize: 0.00001, seasonality: 0 });
    // its half-dollar-and-more moves come in bursts: jumps carry ~46 % of the variance (14 of them in 650 s, ~31 USDT);
    // Binance publishes depth every 100 ms
    expect(p.jumpsPerHour).toBeGreaterThan(30);
    expect(p.jumpStdQuote).toBeGreaterThan(10);
    expect(p.jumpStdQuote).toBeLessThan(60);
    expect(p.depthIntervalMs).toBe(100);
    expect(p.durationS).toBeCloseTo(650.5, 0);
    expect(p.initialPrice).toBeGreaterThan(55_000);
    expect(p.initialPrice).toBeLessThan(65_000);
    expect(p.sigmaQuotePerSqrtS).toBeGreaterThan(2);
    expect(p.sigmaQuotePerSqrtS).toBeLessThan(12);
    // market orders per second in the data and in the fitted market (its last simulation)
    const note = fit.estimates.find((e) => e.param === "tradeRatePerS")!.note!;
    const [, inData, inFit] = /market orders: ([\d.]+) \/s in the data, ([\d.]+) \/s in the last simulation/.exec(note)!.map(Number);
    expect(inData).toBeCloseTo(10.67, 1);
    expect(inFit).toBeGreaterThan(7);
    expect(inFit).toBeLessThan(15);
    expect(p.hawkesAlpha / p.hawkesBetaPerS).toBeLessThan(1);
    expect(p.tradeSizeMedian).toBeGreaterThan(0.001);
    expect(p.tradeSizeMedian).toBeLessThan(0.01);
    expect(p.tradeSizeMax).toBeGreaterThan(1);
    expect(p.impactTicks).toBeGreaterThan(0);
    expect(p.informedShare).toBeGreaterThanOrEqual(0);
    expect(fit.warnings.join(" ")).toMatch(/only 10\.\d minutes of data/);
  });
});
