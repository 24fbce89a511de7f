import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../src/config/load.ts";
import { DigestCache } from "../../../src/core/digestCache.ts";
import { rootRng } from "../../../src/core/rng.ts";
import { NS_PER_S } from "../../../src/core/time.ts";
import { readAllEvents } from "../../../src/data/arrow/reader.ts";
import { writeEventFile } from "../../../src/data/arrow/writer.ts";
import { syntheticMarket } from "../../../src/data/synthetic/generator.ts";
import type { EventColumns } from "../../../src/data/schema.ts";
import { runBacktest } from "../../../src/runner/backtest.ts";
import { fileData } from "../../../src/data/sources/fileData.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mmlab-marketdata-"));

/** A synthetic file of several record batches, after `spoil` edits its events (all in one batch). */
async function writeFile(name: string, spoil: (c: EventColumns) => void = () => undefined): Promise<string> {
  const file = path.join(dir, name);
  const market = syntheticMarket({ durationS: 3600 }, rootRng(9));
  const batches = [...market.batches];
  expect(batches.length).toBeGreaterThan(1); // the spoiled batch is not the one read to open the file
  spoil(batches[batches.length - 1]);
  await writeEventFile(file, market.meta, batches);
  return file;
}

describe("fileData: rows checked while converted", () => {
  for (const [what, spoil] of [
    ["a side out of range", (c: EventColumns) => (c.side[c.length - 3] = 3)],
    ["a negative price", (c: EventColumns) => (c.price[c.length - 2] = -1)],
    ["exch_ts going back", (c: EventColumns) => (c.exchTs[c.length - 1] = c.exchTs[c.length - 2] - 1n)],
  ] as const) {
    it(`a backtest stops at ${what} with the reader's own error (file, row, field, rule)`, async () => {
      const file = await writeFile(`bad-${what.replaceAll(" ", "-")}.arrow`, spoil);
      const expected = await readAllEvents(file).then(
        () => "no error",
        (e: Error) => e.message,
      );
      expect(expected).toMatch(/: row \d+: /);
      const actual = await runBacktest({ config: parseConfig({}), data: await fileData(file), rng: rootRng(1) }).then(
        () => "no error",
        (e: Error) => e.message,
      );
      expect(actual).toBe(expected);
    });
  }
});

describe("fileData: the data digest of an unchanged file comes from the digest cache", () => {
  const cacheDir = path.join(dir, "cache");
  const cacheFile = path.join(cacheDir, "file-digests.json");
  const run = async (file: string, durationNs?: number) => (await runBacktest({ config: parseConfig({}), data: await fileData(file), rng: rootRng(1), durationNs })).dataHash;

  /** Writes a data file and waits until the file system's clock is past its ctime (so its digest may be recorded). */
  async function settledFile(name: string): Promise<{ file: string; sha256: string }> {
    const file = await writeFile(name);
    const { ctimeNs } = fs.statSync(file, { bigint: true });
    while (((await new DigestCache(cacheDir).clockNs()) ?? 0n) <= ctimeNs) await new Promise((r) => setTimeout(r, 2));
    return { file, sha256: createHash("sha256").update(fs.readFileSync(file)).digest("hex") };
  }

  /** Replaces the recorded digest of every entry (to see whether a run took it from the cache). */
  function tamperCache(sha256: string): void {
    const json = JSON.parse(fs.readFileSync(cacheFile, "utf8"));
    for (const e of json.entries) e.sha256 = sha256;
    fs.writeFileSync(cacheFile, JSON.stringify(json));
  }

  it("records the digest of a file read to the end, uses it while the file is unchanged, and hashes a changed file again", async () => {
    process.env.MMLAB_CACHE_DIR = cacheDir;
    try {
      const { file, sha256 } = await settledFile("cached.arrow");
      expect(await run(file)).toBe(sha256); // hashed on the way, recorded
      tamperCache("f".repeat(64));
      expect(await run(file)).toBe("f".repeat(64)); // taken from the cache: the file was not hashed
      expect(await run(file, 60 * NS_PER_S)).toBe("f".repeat(64)); // also for a run that stops early
      // the same bytes written again: a new ctime, so a new entry
      fs.writeFileSync(file, fs.readFileSync(file));
      expect(await run(file)).toBe(sha256);
    } finally {
      delete process.env.MMLAB_CACHE_DIR;
    }
  });

  it("a run that stops early records the digest it computes for the manifest", async () => {
    process.env.MMLAB_CACHE_DIR = cacheDir;
    try {
      const { file, sha256 } = await settledFile("early.arrow");
      expect(await run(file, 60 * NS_PER_S)).toBe(sha256);
      tamperCache("e".repeat(64));
      expect(await run(file)).toBe("e".repeat(64));
    } finally {
      delete process.env.MMLAB_CACHE_DIR;
    }
  });

  it("MMLAB_CACHE_DIR=off: every run hashes the file, nothing is written", async () => {
    const { file, sha256 } = await settledFile("uncached.arrow");
    fs.rmSync(cacheDir, { recursive: true, force: true });
    process.env.MMLAB_CACHE_DIR = "off";
    try {
      expect(await run(file)).toBe(sha256);
      expect(await run(file, 60 * NS_PER_S)).toBe(sha256);
      expect(fs.existsSync(cacheDir)).toBe(false);
    } finally {
      delete process.env.MMLAB_CACHE_DIR;
    }
  });
});
