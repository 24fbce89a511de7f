import { expect, it } from "vitest";
import { calibrate } from "../../src/estimators/calibrate.ts";
import { toEventBatch } from "../../src/data/batch.ts";
import { importerFor } from "../../src/data/importers/index.ts";
import type { EventBatch } from "../../src/data/schema.ts";
import { describeWithSharedData, sample } from "../support/sharedData.ts";

describeWithSharedData("calibration on the real Binance spot BTC-USDT sample", () => {
  it("gives finite, plausible A, k, σ (≈ 650 s, ≈ 6,900 market orders)", async () => {
    const files = [sample("binance-spot-btcusdt/btcusdt_20240808.gz"), sample("binance-spot-btcusdt/btcusdt_20240809.gz")];
    const imported = await importerFor("binance").open(files, {});
    let origin: bigint | undefined;
    const batches = async function* (): AsyncGenerator<EventBatch> {
      for await (const c of imported.batches) {
        origin ??= c.exchTs[0];
        yield toEventBatch(c, origin, imported.meta.tickSize);
      }
    };
    // whole ticks from 1 to 291 ticks (2.91 USDT)
    const r = await calibrate(batches(), { tickSize: imported.meta.tickSize, grid: { offsetTicks: 1, stepTicks: 10, levels: 30 } });
    expect(r.intensity.seconds).toBeGreaterThan(600);
    expect(r.marketOrders).toBeGreaterThan(5000);
    expect(r.intensity.A).toBeGreaterThan(0.5);
    expect(r.intensity.A).toBeLessThan(5);
    expect(r.intensity.k).toBeGreaterThan(0.05);
    expect(r.intensity.k).toBeLessThan(2);
    expect(r.intensity.r2).toBeGreaterThan(0.9);
    expect(r.sigma).toBeGreaterThan(1);
    expect(r.sigma).toBeLessThan(20);
  }, 60_000);
});
