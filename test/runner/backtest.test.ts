import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/load.ts";
import { ConfigError } from "../../src/core/errors.ts";
import { rootRng } from "../../src/core/rng.ts";
import { NS_PER_S } from "../../src/core/time.ts";
import { runBacktest } from "../../src/runner/backtest.ts";
import { writeEventFile } from "../../src/data/arrow/writer.ts";
import { syntheticMarket } from "../../src/data/synthetic/generator.ts";
import { fileData, syntheticData } from "../../src/data/sources/index.ts";

describe("runBacktest", () => {
  it("refuses a config whose tick size differs from the data's, naming the field", async () => {
    const run = runBacktest({ config: parseConfig({ symbol: { tick_size: 0.1 } }), data: syntheticData("default", rootRng(1), { durationNs: 30 * NS_PER_S }), rng: rootRng(1) });
    await expect(run).rejects.toBeInstanceOf(ConfigError);
    await expect(
      runBacktest({ config: parseConfig({ symbol: { tick_size: 0.1 } }), data: syntheticData("default", rootRng(1), { durationNs: 30 * NS_PER_S }), rng: rootRng(1) }),
    ).rejects.toThrow(/symbol\.tick_size/);
  });

  it("runs to the end of the data: one step per loop interval, every event processed", async () => {
    const r = await runBacktest({ config: parseConfig({}), data: syntheticData("default", rootRng(3), { durationNs: 60 * NS_PER_S }), rng: rootRng(3) });
    // the first event is received ~5 ms after 0, so steps run at 100 ms, 200 ms, … up to the last
    // local event (< 60 s): 599 or 600 steps
    expect(r.steps).toBeGreaterThanOrEqual(590);
    expect(r.steps).toBeLessThanOrEqual(600);
    expect(r.events).toBeGreaterThan(1000);
    expect(r.dataHash).toMatch(/^[0-9a-f]{64}$/);
    expect(r.stepErrors).toEqual([]);
  });

  it("durationNs stops the run after that much data time (synthetic data longer than the duration)", async () => {
    // `durationNs`: stop after this much data time. 60 s of data, stop at 30 s.
    const r = await runBacktest({ config: parseConfig({}), data: syntheticData("default", rootRng(3), { durationNs: 60 * NS_PER_S }), rng: rootRng(3), durationNs: 30 * NS_PER_S });
    // steps at 100 ms … 30 s: 300
    expect(r.steps).toBe(300);
    for (const t of r.fills.exch_t_ns) expect(t).toBeLessThanOrEqual(30 * NS_PER_S);
    for (const t of r.timeseries.t_ns) expect(t).toBeLessThanOrEqual(30 * NS_PER_S);
    expect(r.dataHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("names a data file by the SHA-256 of its bytes, whether the run reads it all (hashed on the way) or stops early", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "mmlab-backtest-")), "day.arrow");
    const market = syntheticMarket({ durationS: 2400 }, rootRng(5)); // several record batches
    await writeEventFile(file, market.meta, market.batches);
    const sha256 = createHash("sha256").update(fs.readFileSync(file)).digest("hex");
    const whole = await runBacktest({ config: parseConfig({}), data: await fileData(file), rng: rootRng(5) });
    const part = await runBacktest({ config: parseConfig({}), data: await fileData(file), rng: rootRng(5), durationNs: 60 * NS_PER_S });
    expect(whole.dataHash).toBe(sha256);
    expect(part.dataHash).toBe(sha256);
    expect(part.events).toBeLessThan(whole.events);
  });
});
