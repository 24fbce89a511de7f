import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/load.ts";
import { rootRng } from "../../src/core/rng.ts";
import { runBacktest } from "../../src/runner/backtest.ts";
import { syntheticData } from "../../src/data/sources/syntheticData.ts";
import { NS_PER_S } from "../../src/core/time.ts";

describe("GLFT end to end", () => {
  it("parseConfig({ quoter: \"glft\" }) runs a 10-minute synthetic backtest with fills and no step errors", async () => {
    const rng = rootRng(1);
    const r = await runBacktest({ config: parseConfig({ quoter: "glft" }), data: syntheticData("default", rng, { durationNs: 600 * NS_PER_S }), rng });
    expect(r.stepErrors).toEqual([]);
    expect(r.steps).toBeGreaterThan(5900);
    expect(r.kpis.fills).toBeGreaterThan(0);
    expect(r.fills.price.length).toBe(r.kpis.fills);
  }, 60_000);
});
