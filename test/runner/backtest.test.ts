import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/load.ts";
import { ConfigError } from "../../src/core/errors.ts";
import { rootRng } from "../../src/core/rng.ts";
import { NS_PER_S } from "../../src/core/time.ts";
import { runBacktest } from "../../src/runner/backtest.ts";
import { syntheticData } from "../../src/runner/marketData.ts";

describe("runBacktest", () => {
  it("refuses a config whose tick size differs from the data's, naming the field", async () => {
    const run = runBacktest({ config: parseConfig({ symbol: { tick_size: 0.1 } }), data: syntheticData("default", rootRng(1), 30), rng: rootRng(1) });
    await expect(run).rejects.toBeInstanceOf(ConfigError);
    await expect(
      runBacktest({ config: parseConfig({ symbol: { tick_size: 0.1 } }), data: syntheticData("default", rootRng(1), 30), rng: rootRng(1) }),
    ).rejects.toThrow(/symbol\.tick_size/);
  });

  it("runs to the end of the data: one step per loop interval, every event processed", async () => {
    const r = await runBacktest({ config: parseConfig({}), data: syntheticData("default", rootRng(3), 60), rng: rootRng(3) });
    // the first event is received ~5 ms after 0, so steps run at 100 ms, 200 ms, … up to the last
    // local event (< 60 s): 599 or 600 steps
    expect(r.steps).toBeGreaterThanOrEqual(590);
    expect(r.steps).toBeLessThanOrEqual(600);
    expect(r.events).toBeGreaterThan(1000);
    expect(r.dataHash).toMatch(/^[0-9a-f]{64}$/);
    expect(r.stepErrors).toEqual([]);
  });

  it("durationNs stops the run after that much data time (synthetic data longer than the duration)", async () => {
    // DESIGN: `durationNs` — stop after this much data time. 60 s of data, stop at 30 s.
    const r = await runBacktest({ config: parseConfig({}), data: syntheticData("default", rootRng(3), 60), rng: rootRng(3), durationNs: 30 * NS_PER_S });
    // steps at 100 ms … 30 s: 300
    expect(r.steps).toBe(300);
    for (const t of r.fills.exch_t_ns) expect(t).toBeLessThanOrEqual(30 * NS_PER_S);
    for (const t of r.timeseries.t_ns) expect(t).toBeLessThanOrEqual(30 * NS_PER_S);
    expect(r.dataHash).toMatch(/^[0-9a-f]{64}$/);
  });
});
