import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../../src/config/load.ts";
import { DigestCache } from "../../../src/core/digestCache.ts";
import { rootRng } from "../../../src/core/rng.ts";
import { NS_PER_S } from "../../../src/core/time.ts";
import { writeHftbacktestNpz } from "../../../src/data/exporters/hftbacktestNpz.ts";
import { openMarketData } from "../../../src/data/sources/fileData.ts";
import { syntheticMarket } from "../../../src/data/synthetic/generator.ts";
import { runBacktest } from "../../../src/runner/backtest.ts";

/**
 * A backtest on an hftbacktest `.npz` reads the file once: its SHA-256 (the manifest's data hash)
 * comes from the digest cache when the file is unchanged, else from the bytes read for the events,
 * and is then recorded — as for event files (fileData.test.ts).
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mmlab-npzdata-"));
const cacheDir = path.join(dir, "cache");
const cacheFile = path.join(cacheDir, "file-digests.json");
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const config = parseConfig({});
const symbol = config.symbol;

/** A synthetic hour as an `.npz`, once the file system's clock is past its ctime (so its digest may be recorded). */
async function settledNpz(name: string): Promise<{ file: string; sha256: string }> {
  const file = path.join(dir, name);
  const market = syntheticMarket({ durationS: 3600 }, rootRng(5));
  await writeHftbacktestNpz(file, market.batches);
  const { ctimeNs } = fs.statSync(file, { bigint: true });
  while (((await new DigestCache(cacheDir).clockNs()) ?? 0n) <= ctimeNs) await new Promise((r) => setTimeout(r, 2));
  return { file, sha256: createHash("sha256").update(fs.readFileSync(file)).digest("hex") };
}

/** Every entry's digest replaced (to see whether a run took its digest from the cache). */
function tamperCache(sha256: string): void {
  const json = JSON.parse(fs.readFileSync(cacheFile, "utf8"));
  for (const e of json.entries) e.sha256 = sha256;
  fs.writeFileSync(cacheFile, JSON.stringify(json));
}

async function withCache<T>(value: string, body: () => Promise<T>): Promise<T> {
  process.env.MMLAB_CACHE_DIR = value;
  try {
    return await body();
  } finally {
    delete process.env.MMLAB_CACHE_DIR;
  }
}

const run = async (file: string, durationNs?: number) => (await runBacktest({ config, data: await openMarketData(file, symbol), rng: rootRng(1), durationNs })).dataHash;

describe("openMarketData on an .npz: the data digest, hashed once and cached", () => {
  it("is worked out from the bytes read for the events (the file may be gone when it is asked for), and recorded", async () => {
    const { file, sha256 } = await settledNpz("once.npz");
    await withCache(cacheDir, async () => {
      const data = await openMarketData(file, symbol);
      let events = 0;
      for await (const batch of data.batches()) events += batch.length;
      expect(events).toBeGreaterThan(10_000);
      const copy = `${file}.kept`;
      fs.renameSync(file, copy); // not there to be read again
      expect(await data.hash()).toBe(sha256);
      fs.renameSync(copy, file);
      const recorded = JSON.parse(fs.readFileSync(cacheFile, "utf8")).entries.map((e: { sha256: string }) => e.sha256);
      expect(recorded).toContain(sha256);
    });
  });

  it("a repeated run takes it from the cache (the file is not hashed), also when it stops early; a changed file is hashed again", async () => {
    const { file, sha256 } = await settledNpz("cached.npz");
    await withCache(cacheDir, async () => {
      expect(await run(file)).toBe(sha256); // hashed on the way, recorded
      tamperCache("f".repeat(64));
      expect(await run(file)).toBe("f".repeat(64)); // from the cache
      expect(await run(file, 600 * NS_PER_S)).toBe("f".repeat(64));
      fs.writeFileSync(file, fs.readFileSync(file)); // the same bytes, a new ctime: another file for the cache
      expect(await run(file)).toBe(sha256);
    });
  });

  it("a run that stops early hashes the file for the manifest, and records it", async () => {
    const { file, sha256 } = await settledNpz("early.npz");
    await withCache(cacheDir, async () => {
      expect(await run(file, 600 * NS_PER_S)).toBe(sha256);
      tamperCache("e".repeat(64));
      expect(await run(file)).toBe("e".repeat(64));
    });
  });

  it("MMLAB_CACHE_DIR=off: every run hashes the file as it reads it, and nothing is written", async () => {
    const { file, sha256 } = await settledNpz("uncached.npz");
    fs.rmSync(cacheDir, { recursive: true, force: true });
    await withCache("off", async () => {
      const data = await openMarketData(file, symbol);
      for await (const batch of data.batches()) expect(batch.length).toBeGreaterThan(0);
      fs.rmSync(file);
      expect(await data.hash()).toBe(sha256);
      expect(fs.existsSync(cacheDir)).toBe(false);
    });
  });
});
