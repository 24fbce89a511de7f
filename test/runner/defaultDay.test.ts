import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/load.ts";
import { rootRng } from "../../src/core/rng.ts";
import { runBacktest } from "../../src/runner/backtest.ts";
import { syntheticData } from "../../src/runner/marketData.ts";

/** What `npm start` runs: the default config on the default synthetic 24 h day, seed 1. */
describe("the default synthetic day with the default config", () => {
  it("passes the KPI rules (≥ 80 %), with every rule evaluated against its stated target", async () => {
    const rng = rootRng("1");
    const result = await runBacktest({ config: parseConfig({}), data: syntheticData("default", rng, 86_400), rng });
    const k = result.kpis;
    expect(k.rulesTotal).toBe(6);
    expect(k.rulesPassed).toBeGreaterThanOrEqual(5);
    expect(k.passed).toBe(true);
    // the targets themselves, not relaxed: each rule's verdict agrees with its definition
    expect(k.spreadCapturedPct !== null && k.spreadCapturedPct >= 70).toBe(k.rules.find((r) => r.id === "spread_captured")!.passed);
    expect(k.rmsInventoryRatio !== null && k.rmsInventoryRatio <= 0.4).toBe(k.rules.find((r) => r.id === "rms_inventory")!.passed);
    expect(k.fillRatio !== null && k.fillRatio >= 0.05).toBe(k.rules.find((r) => r.id === "fill_ratio")!.passed);
    expect(k.cancelRatio !== null && k.cancelRatio <= 0.7).toBe(k.rules.find((r) => r.id === "cancel_ratio")!.passed);
    expect(k.latencyP99Ms !== null && k.latencyP99Ms <= 300).toBe(k.rules.find((r) => r.id === "latency_p99")!.passed);
    expect(k.pnl !== null && k.pnl > 0).toBe(k.rules.find((r) => r.id === "pnl")!.passed);
    expect(k.pnl).toBeGreaterThan(0);
    expect(result.steps).toBe(864_000 - 1);
    expect(result.stepErrors).toEqual([]);
  });
});
