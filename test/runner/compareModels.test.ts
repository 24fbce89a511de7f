import { describe, expect, it } from "vitest";
import { rootRng } from "../../src/core/rng.ts";
import { compareModels, formatModelComparison, MODEL_VARIANTS } from "../../src/runner/compareModels.ts";
import { syntheticData } from "../../src/data/sources/syntheticData.ts";
import { NS_PER_S } from "../../src/core/time.ts";

describe("model comparison", () => {
  it("runs every queue and latency variant on the same data; each is deterministic, and stochastic latency depends on the seed", async () => {
    const data = (seed: string) => () => syntheticData("default", rootRng(seed), { durationNs: 900 * NS_PER_S });
    const a = await compareModels({}, data("5"), "5");
    const b = await compareModels({}, data("5"), "5");
    expect(a.map((r) => r.variant)).toEqual(MODEL_VARIANTS.map((v) => v.name));
    expect(b.map((r) => r.resultsHash)).toEqual(a.map((r) => r.resultsHash)); // same seed → same hash, every model
    const lognormal = MODEL_VARIANTS.findIndex((v) => v.overrides.includes("sim.latency.kind=lognormal"));
    const other = await compareModels({}, data("5"), "6", [MODEL_VARIANTS[lognormal]]);
    expect(other[0].resultsHash).not.toBe(a[lognormal].resultsHash); // the latency stream follows the run seed
    const table = formatModelComparison(a);
    expect(table.split("\n")).toHaveLength(MODEL_VARIANTS.length + 2);
    expect(table).toMatch(/queue prob_power n=3/);
  });
});
