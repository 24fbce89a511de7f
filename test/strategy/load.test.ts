import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { loadConfigFile, parseConfig } from "../../src/config/load.ts";
import { ConfigError, MmlabError } from "../../src/core/errors.ts";
import { defineStrategy, isStrategyDefinition, quoteAtPrices } from "../../src/strategy/api.ts";
import { avellanedaStoikovStrategy } from "../../src/strategy/avellanedaStoikov.ts";
import { glftStrategy } from "../../src/strategy/glft.ts";
import { loadStrategyModule, resolveStrategy } from "../../src/strategy/load.ts";
import { resetRequest, testView } from "../support/strategyHarness.ts";

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

describe("defineStrategy", () => {
  it("returns a frozen, recognisable definition", () => {
    const d = defineStrategy({ name: "x", params: z.object({}), create: () => ({ onStep() {} }) });
    expect(isStrategyDefinition(d)).toBe(true);
    expect(Object.isFrozen(d)).toBe(true);
    expect(d.description).toBe("");
    expect(isStrategyDefinition({ name: "x" })).toBe(false);
    expect(isStrategyDefinition(null)).toBe(false);
  });

  it("refuses a bad name, params that are not a zod schema, or no create function", () => {
    const create = () => ({ onStep() {} });
    expect(() => defineStrategy({ name: "has space", params: z.object({}), create })).toThrow(/name must be letters/);
    expect(() => defineStrategy({ name: "x", params: {} as z.ZodObject, create })).toThrow(/params must be a zod schema/);
    expect(() => defineStrategy({ name: "x", params: z.object({}), create: undefined as never })).toThrow(/create must be a function/);
  });
});

describe("quoteAtPrices", () => {
  it("turns two prices into a centre and offsets that place back to the same prices", () => {
    const r = resetRequest(testView());
    quoteAtPrices(r, 6_099_990, 6_100_011);
    expect(r.centreTicks).toBe(6_100_000.5);
    expect(r.centreTicks - r.bidOffsetTicks).toBe(6_099_990);
    expect(r.centreTicks + r.askOffsetTicks).toBe(6_100_011);
    quoteAtPrices(r, NaN, 6_100_011);
    expect(r.bidOffsetTicks).toBeNaN();
    expect(r.centreTicks + r.askOffsetTicks).toBe(6_100_011);
  });
});

describe("resolveStrategy", () => {
  it("without strategy.module: the built-in quoter with its params from the config", async () => {
    const r = await resolveStrategy(parseConfig({ gamma: 0.2 }));
    expect(r.definition).toBe(avellanedaStoikovStrategy);
    expect(r.params).toEqual({ gamma: 0.2, k: 0.7, ofi_beta: 0.5 });
    expect(r.moduleSha256).toBeUndefined();
    expect((await resolveStrategy(parseConfig({ quoter: "glft" }))).definition).toBe(glftStrategy);
  });

  it("a module: loads its default export, fills in the params' defaults and hashes the file", async () => {
    const r = await resolveStrategy(parseConfig({ strategy: { module: fixture("halfSpread.ts") } }));
    expect(r.definition.name).toBe("half_spread");
    expect(r.params).toEqual({ half_spread_ticks: 40 });
    expect(r.moduleSha256).toMatch(/^[0-9a-f]{64}$/);
    const set = await resolveStrategy(parseConfig({ strategy: { module: fixture("halfSpread.ts"), params: { half_spread_ticks: 7 } } }));
    expect(set.params).toEqual({ half_spread_ticks: 7 });
  });

  it("params that fail the strategy's schema: a ConfigError naming strategy.params.<field>, the value and the rule", async () => {
    const bad = resolveStrategy(parseConfig({ strategy: { module: fixture("halfSpread.ts"), params: { half_spread_ticks: -1 } } }));
    await expect(bad).rejects.toThrow(ConfigError);
    await expect(bad).rejects.toThrow(/^config: strategy\.params\.half_spread_ticks = -1: .*\(params of strategy half_spread\)$/);
    const unknown = resolveStrategy(parseConfig({ strategy: { module: fixture("halfSpread.ts"), params: { half_sprad_ticks: 3 } } }));
    await expect(unknown).rejects.toThrow(/half_sprad_ticks = 3: unknown field/);
  });

  it("a given definition (library use) takes its params from strategy.params", async () => {
    const { definition } = await loadStrategyModule(fixture("halfSpread.ts"));
    const r = await resolveStrategy(parseConfig({ strategy: { params: { half_spread_ticks: 9 } } }), definition);
    expect(r.params).toEqual({ half_spread_ticks: 9 });
    await expect(resolveStrategy(parseConfig({}), { name: "x" } as never)).rejects.toThrow(/not a strategy made by defineStrategy/);
  });
});

describe("loadStrategyModule: one clear line for each way a module can be wrong", () => {
  it.each([
    ["a missing file", "no-such-strategy.ts", /^strategy module .*no-such-strategy\.ts: cannot be read \(ENOENT\)$/],
    ["a module that throws while loading", "throwsOnLoad.ts", /^strategy module .*throwsOnLoad\.ts: failed to load: this module cannot be imported$/],
    ["a default export that is not a strategy", "notAStrategy.ts", /^strategy module .*notAStrategy\.ts: its default export is not a strategy \(write `export default defineStrategy/],
  ])("%s", async (_what, file, message) => {
    const load = loadStrategyModule(fixture(file));
    await expect(load).rejects.toThrow(MmlabError);
    await expect(load).rejects.toThrow(message);
  });

  it("a syntax error names the module", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mmlab-strategy-"));
    writeFileSync(join(dir, "broken.ts"), "export default defineStrategy({ name: 'x', \n");
    await expect(loadStrategyModule(join(dir, "broken.ts"))).rejects.toThrow(/^strategy module .*broken\.ts: failed to load: /);
  });

  it("a config file's relative strategy.module is the file beside it, wherever the command runs", () => {
    const dir = mkdtempSync(join(tmpdir(), "mmlab-strategy-"));
    writeFileSync(join(dir, "config.json"), JSON.stringify({ strategy: { module: "./mine.ts" } }));
    expect(loadConfigFile(join(dir, "config.json")).strategy.module).toBe(join(dir, "mine.ts"));
  });
});
