import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/load.ts";
import { rootRng } from "../../src/core/rng.ts";
import { syntheticData } from "../../src/data/sources/index.ts";
import { runBacktest } from "../../src/runner/backtest.ts";
import { NS_PER_S } from "../../src/core/time.ts";

/** The example strategies of experiments/strategies/, each run as a user would: by path. */
const example = (name: string): string => fileURLToPath(new URL(`../../experiments/strategies/${name}`, import.meta.url));

async function run(settings: object, hours: number) {
  const config = parseConfig(settings);
  return runBacktest({ config, data: syntheticData("default", rootRng(1), { durationNs: (hours * 3600) * NS_PER_S }), rng: rootRng(1) });
}

describe("example strategies (experiments/strategies/)", () => {
  it("V1 on the public API gives the built-in V1's results hash (6 h of the default day)", { timeout: 300_000 }, async () => {
    const builtin = await run({}, 6);
    const onApi = await run({ strategy: { module: example("avellanedaStoikov.ts") } }, 6);
    expect(onApi.resultsHash).toBe(builtin.resultsHash);
    expect(onApi.kpis.fills).toBeGreaterThan(0);
    expect(onApi.inputHashes["strategy.module"]).toMatch(/^[0-9a-f]{64}$/);
    // and with its params moved off the defaults, the same as the built-in with the same values
    const moved = await run({ strategy: { module: example("avellanedaStoikov.ts"), params: { gamma: 0.2, k: 0.3, ofi_beta: 0.8 } } }, 1);
    const builtinMoved = await run({ gamma: 0.2, k: 0.3, ofi: { beta: 0.8 } }, 1);
    expect(moved.resultsHash).toBe(builtinMoved.resultsHash);
  });

  it("the fixed-spread quoter trades both sides at its distance, without step errors", { timeout: 300_000 }, async () => {
    const r = await run({ strategy: { module: example("fixedSpread.ts"), params: { half_spread_ticks: 30 } } }, 1);
    expect(r.stepErrors).toEqual([]);
    expect(r.kpis.fills).toBeGreaterThan(10);
    const bid = r.timeseries.bid, mid = r.timeseries.mid;
    let quoted = 0;
    for (let i = 0; i < bid.length; i++) {
      if (Number.isNaN(bid[i])) continue;
      quoted++;
      expect(mid[i] - bid[i]).toBeGreaterThanOrEqual(0.3 - 1e-9); // ≥ 30 ticks of 0.01 (outward rounding)
    }
    expect(quoted).toBeGreaterThan(0);
  });

  it("the toxicity filter's state changes what it quotes: with a threshold no markout reaches, it is the fixed-spread quoter", { timeout: 300_000 }, async () => {
    const common = { half_spread_ticks: 30, horizon_s: 2, threshold_ticks: 5, widen_ticks: 200 };
    const filtered = await run({ strategy: { module: example("toxicityFilter.ts"), params: common } }, 1);
    const never = await run({ strategy: { module: example("toxicityFilter.ts"), params: { ...common, threshold_ticks: 1e12 } } }, 1);
    const fixed = await run({ strategy: { module: example("fixedSpread.ts"), params: { half_spread_ticks: 30 } } }, 1);
    expect(filtered.stepErrors).toEqual([]);
    expect(never.resultsHash).toBe(fixed.resultsHash);
    expect(filtered.resultsHash).not.toBe(never.resultsHash);
    expect(filtered.kpis.fills).toBeLessThan(never.kpis.fills); // it backed off toxic sides
  });
});
