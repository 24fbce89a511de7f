import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/load.ts";
import { rootRng } from "../../src/core/rng.ts";
import { passRule } from "../../src/kpi/targets.ts";
import { runBacktest } from "../../src/runner/backtest.ts";
import { syntheticData } from "../../src/data/sources/syntheticData.ts";
import { NS_PER_S } from "../../src/core/time.ts";

/**
 * What `npm start` runs: the default config on the default synthetic 24 h day, seed 1. The day
 * adversely selects resting quotes, as real markets do, and fees are a real Binance tier: the
 * verdict is what the numbers say, and a losing run never passes.
 */
describe("the default synthetic day with the default config", () => {
  it("fills are adversely selected (markouts < 0 at 1 s and 10 s), fees are charged, and the verdict follows the rules and the required PnL", async () => {
    const rng = rootRng("1");
    const result = await runBacktest({ config: parseConfig({}), data: syntheticData("default", rng, { durationNs: 86_400 * NS_PER_S }), rng });
    const k = result.kpis;
    expect(k.rulesTotal).toBe(6);
    // the targets themselves, not relaxed: each rule's verdict agrees with its definition
    expect(k.spreadCapturedPct !== null && k.spreadCapturedPct >= 70).toBe(k.rules.find((r) => r.id === "spread_captured")!.passed);
    expect(k.rmsInventoryRatio !== null && k.rmsInventoryRatio <= 0.4).toBe(k.rules.find((r) => r.id === "rms_inventory")!.passed);
    expect(k.fillRatio !== null && k.fillRatio >= 0.05).toBe(k.rules.find((r) => r.id === "fill_ratio")!.passed);
    expect(k.cancelRatio !== null && k.cancelRatio <= 0.7).toBe(k.rules.find((r) => r.id === "cancel_ratio")!.passed);
    expect(k.latencyP99Ms !== null && k.latencyP99Ms <= 300).toBe(k.rules.find((r) => r.id === "latency_p99")!.passed);
    expect(k.pnl !== null && k.pnl > 0).toBe(k.rules.find((r) => r.id === "pnl")!.passed);
    // the verdict: ≥ 80 % of the rules AND the required PnL rule
    expect(k.requiredRules).toEqual(["pnl"]);
    expect(k.passed).toBe(passRule(k.rules) && k.pnl > 0);
    if (k.pnl <= 0) expect(k.failReasons.join("; ")).toMatch(/required rule pnl failed/);
    // honest market: the mid moves through our fills, as on every real file
    for (const h of [1000, 10_000]) expect(k.markouts.find((m) => m.horizonMs === h)!.meanTicks).toBeLessThan(0);
    // real fees, shown with the break-even maker fee
    expect(k.feeSchedule).toEqual({ schedule: "binance-spot-vip9", makerBps: 1.2, takerBps: 2.4 });
    expect(k.fees).toBeGreaterThan(0);
    expect(k.breakEvenMakerFeeBps).not.toBeNull();
    expect(k.pnl).toBeCloseTo(k.pnlSplit.spreadCapture + k.pnlSplit.inventory - k.pnlSplit.fees, 6);
    expect(result.steps).toBe(864_000 - 1);
    expect(result.stepErrors).toEqual([]);
  });
});
