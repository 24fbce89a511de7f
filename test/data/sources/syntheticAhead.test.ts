import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../src/config/load.ts";
import { MmlabError } from "../../../src/core/errors.ts";
import { rootRng } from "../../../src/core/rng.ts";
import { NS_PER_S } from "../../../src/core/time.ts";
import { EventBatchPool } from "../../../src/data/batch.ts";
import type { MarketData } from "../../../src/data/sources/marketData.ts";
import { syntheticData, syntheticParamsData } from "../../../src/data/sources/syntheticData.ts";
import type { SyntheticParamsInput } from "../../../src/data/synthetic/params.ts";
import { runBacktest } from "../../../src/runner/backtest.ts";
import { rowsOf } from "../../support/batchRows.ts";

// Worker threads start from the compiled sources: generous timeouts for a busy machine.
const TIMEOUT_MS = 120_000;

/** Every batch's rows, read as a run reads them: each batch given back to `pool` once read, after a scribble on it. */
async function readAll(data: MarketData, stopAfter = Infinity) {
  const pool = new EventBatchPool();
  const rows = [];
  for await (const b of data.batches(pool)) {
    rows.push(rowsOf(b));
    // a consumer's scribbles on a batch it gave back must not reach a later one (the worker fills its buffer again)
    b.orderId.fill(7, 0, b.length);
    b.priceTicks.fill(-1, 0, b.length);
    pool.give(b);
    if (rows.length >= stopAfter) break;
  }
  return rows;
}

const params: SyntheticParamsInput = { durationS: 900, batchRows: 2048 };

describe("synthetic data generated ahead in a worker thread", () => {
  it("gives the batches and the hash of the market generated in this thread, batch for batch", { timeout: TIMEOUT_MS }, async () => {
    const here = syntheticParamsData(params, rootRng(5), "test");
    const expected = await readAll(here);
    const ahead = syntheticParamsData(params, rootRng(5), "test", true);
    expect(ahead.meta).toEqual(here.meta);
    expect(ahead.originNs).toBe(here.originNs);
    expect(ahead.description).toEqual(here.description);
    const actual = await readAll(ahead);
    expect(expected.length).toBeGreaterThan(8); // more batches than the worker makes ahead: buffers are filled again
    expect(actual).toEqual(expected);
    expect(await ahead.hash()).toBe(await here.hash());
  });

  it("names the whole market when the run stops early, or reads none of it", { timeout: TIMEOUT_MS }, async () => {
    const whole = await syntheticParamsData(params, rootRng(5), "test").hash();
    const stopped = syntheticParamsData(params, rootRng(5), "test", true);
    expect(await readAll(stopped, 2)).toHaveLength(2);
    expect(await stopped.hash()).toBe(whole);
    expect(await syntheticParamsData(params, rootRng(5), "test", true).hash()).toBe(whole);
  });

  it("checks the parameters in the calling thread, and streams its batches once", { timeout: TIMEOUT_MS }, async () => {
    expect(() => syntheticParamsData({ durationS: -1 }, rootRng(5), "test", true)).toThrow(/durationS/);
    const data = syntheticParamsData({ durationS: 5 }, rootRng(5), "test", true);
    await readAll(data);
    await expect(readAll(data)).rejects.toThrow(/streamed once/);
  });

  it("fails with the generator's error, as in this thread", { timeout: TIMEOUT_MS }, async () => {
    const beyondTicks: SyntheticParamsInput = { durationS: 5, initialPrice: 1e9, tickSize: 0.01 }; // 10^11 ticks: past the int32 tick range
    const here = await readAll(syntheticParamsData(beyondTicks, rootRng(5), "test")).catch((e: unknown) => e);
    expect(here).toBeInstanceOf(MmlabError);
    const ahead = syntheticParamsData(beyondTicks, rootRng(5), "test", true);
    await expect(readAll(ahead)).rejects.toThrow(new MmlabError((here as Error).message));
    await expect(readAll(ahead)).rejects.toThrow(/streamed once/);
    await expect(ahead.hash()).rejects.toThrow((here as Error).message);
  });

  it("runs a backtest to the same results as a market generated in this thread", { timeout: TIMEOUT_MS }, async () => {
    const config = parseConfig({}, []);
    const durationNs = 1800 * NS_PER_S;
    const run = (ahead: boolean) => runBacktest({ config, data: syntheticData("default", rootRng(2), { durationNs, ahead }), rng: rootRng(2), durationNs });
    const [here, ahead] = [await run(false), await run(true)];
    expect(ahead.events).toBeGreaterThan(100_000);
    expect(ahead.resultsHash).toBe(here.resultsHash);
    expect(ahead.dataHash).toBe(here.dataHash);
  });

  it("does not keep the process alive when its market is never read", { timeout: TIMEOUT_MS }, () => {
    const module = fileURLToPath(new URL("../../../src/data/sources/syntheticData.ts", import.meta.url));
    const rng = fileURLToPath(new URL("../../../src/core/rng.ts", import.meta.url));
    const script = `import { syntheticData } from ${JSON.stringify(module)}; import { rootRng } from ${JSON.stringify(rng)};
      syntheticData("default", rootRng(1), { ahead: true }); console.log("done");`;
    const out = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8", timeout: TIMEOUT_MS / 2 });
    expect(out.trim()).toBe("done");
  });
});
