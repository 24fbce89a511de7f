import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import { writeEventFile } from "../../src/data/arrow/writer.ts";
import { importerFor } from "../../src/data/importers/index.ts";
import { fileData } from "../../src/data/sources/fileData.ts";
import { runOfiStudy } from "../../src/research/ofiStudy.ts";
import { stylizedFacts } from "../../src/research/stylizedFacts.ts";
import { parseWindowSpec } from "../../src/research/windowSpec.ts";
import { importMetadata } from "../../src/data/importers/importOutput.ts";
import { describeWithSharedData, sample } from "../support/sharedData.ts";

const BINANCE = [sample("binance-spot-btcusdt/btcusdt_20240808.gz"), sample("binance-spot-btcusdt/btcusdt_20240809.gz")];
const LOBSTER = [
  sample("lobster-amzn-l5/AMZN_2012-06-21_34200000_57600000_message_5_subset.csv"),
  sample("lobster-amzn-l5/AMZN_2012-06-21_34200000_57600000_orderbook_5_subset.csv"),
];

async function convert(format: string, inputs: string[], out: string): Promise<string> {
  const imported = await importerFor(format).open(inputs, {});
  await writeEventFile(out, imported.meta, imported.batches, importMetadata(imported));
  return out;
}

describeWithSharedData("OFI study and stylized facts on the real samples", () => {
  let btc: string;
  let amzn: string;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), "mmlab-research-real-"));
    btc = await convert("binance", BINANCE, join(dir, "btc.arrow"));
    amzn = await convert("lobster", LOBSTER, join(dir, "amzn.arrow"));
  });

  it("Binance BTC-USDT, 10 s buckets: OFI explains most of the mid change", async () => {
    const r = await runOfiStudy(await fileData(btc));
    expect(r.durationS).toBeCloseTo(650.47, 1);
    expect(r.overall.n).toBe(64); // 65 complete buckets in 650 s, minus the first
    expect(r.overall.beta).toBeCloseTo(58.52, 1); // ticks per BTC
    expect(r.overall.tBeta).toBeGreaterThan(8);
    expect(r.overall.tBetaHc1).toBeGreaterThan(8);
    expect(r.overall.r2).toBeCloseTo(0.593, 2);
  });

  it("Binance, 1 s buckets in windows of 60: β positive and significant in every window", async () => {
    const r = await runOfiStudy(await fileData(btc), { bucketNs: 1e9, window: parseWindowSpec("60b") });
    expect(r.overall.n).toBe(649);
    expect(r.overall.r2).toBeCloseTo(0.419, 2);
    expect(r.windows).toHaveLength(11);
    for (const w of r.windows) {
      expect(w.beta).toBeGreaterThan(0);
      expect(w.tBetaHc1).toBeGreaterThan(2);
    }
  });

  it("LOBSTER AMZN (2 min 20 s), 1 s buckets: β > 0 and significant", async () => {
    const r = await runOfiStudy(await fileData(amzn), { bucketNs: 1e9, window: parseWindowSpec("30b") });
    expect(r.overall.n).toBe(138);
    expect(r.overall.beta).toBeCloseTo(0.01134, 4); // ticks per share
    expect(r.overall.tBeta).toBeGreaterThan(5);
    expect(r.overall.tBetaHc1).toBeGreaterThan(3);
    expect(r.overall.r2).toBeCloseTo(0.196, 2);
    expect(r.windows.map((w) => w.n)).toEqual([30, 30, 30, 30, 18]);
  });

  it("Binance stylized facts: ~490 events/s, 1-tick spread almost always, clustered trades, R² as the study", async () => {
    const f = await stylizedFacts(await fileData(btc));
    expect(f.eventsPerS).toBeCloseTo(492, 0);
    expect(f.spread.p50Ticks).toBe(1);
    expect(f.spread.shareOneTick).toBeGreaterThan(0.99);
    expect(f.trades.counts[0].fano).toBeGreaterThan(5);
    expect(f.tradeSize.median).toBeGreaterThan(0);
    expect(f.volatility[3].sigmaQuotePerSqrtS).toBeGreaterThan(f.volatility[0].sigmaQuotePerSqrtS);
    expect(f.ofi.r2).toBeCloseTo(0.593, 2);
  });

  it("Binance order flow: market orders move the mid their way, their signs persist, and a resting order is adversely selected", async () => {
    const f = await stylizedFacts(await fileData(btc));
    expect(f.response.orders).toBeGreaterThan(6000);
    const r1 = f.response.lags.find((l) => l.lagS === 1)!;
    expect(r1.all.mean).toBeGreaterThan(2 * r1.all.se); // ≈ +340 ticks
    expect(f.signAcf.lags[0].acf).toBeGreaterThan(0.3); // C(1) ≈ 0.39
    expect(f.signAcf.lags[3].acf).toBeGreaterThan(0.1); // C(10) ≈ 0.15: long memory
    // the maker markout at d ≥ 25 ticks, h = 1 s: negative and significant, from well over 30 fills (≈ −880 ticks)
    for (const d of f.makerMarkout.distances.filter((x) => x.distanceTicks >= 25)) {
      const h1 = d.horizons.find((h) => h.horizonS === 1)!;
      expect(h1.n).toBeGreaterThan(1000);
      expect(h1.mean).toBeLessThan(-2 * h1.se);
    }
  });
});
