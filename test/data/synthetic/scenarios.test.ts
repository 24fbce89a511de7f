import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { scenarioParams, SYNTHETIC_SCENARIOS } from "../../../src/data/synthetic/scenarios.ts";

describe("scenarioParams: a named scenario or a market file", () => {
  const dir = mkdtempSync(join(tmpdir(), "mmlab-scenario-"));

  it("a name gives its overrides", () => {
    expect(scenarioParams("jumpy")).toEqual(SYNTHETIC_SCENARIOS.jumpy);
  });

  it("a market.json gives its parameters, validated (defaults filled in)", () => {
    const path = join(dir, "market.json");
    writeFileSync(path, JSON.stringify({ impactTicks: 42, informedShare: 0.1 }));
    const p = scenarioParams(path) as Record<string, unknown>;
    expect(p.impactTicks).toBe(42);
    expect(p.informedShare).toBe(0.1);
    expect(p.tickSize).toBe(0.01);
  });

  it("a bad name, a missing file, bad JSON, an unknown field or a bad value is one error naming it", () => {
    expect(() => scenarioParams("nope")).toThrow(/scenario "nope": unknown; choose one of default, high-vol, low-liquidity, jumpy, or a market.json file/);
    expect(() => scenarioParams(join(dir, "missing.json"))).toThrow(/missing\.json: cannot read the market file \(ENOENT\)/);
    writeFileSync(join(dir, "broken.json"), "{ nope");
    expect(() => scenarioParams(join(dir, "broken.json"))).toThrow(/broken\.json: not valid JSON/);
    writeFileSync(join(dir, "unknown.json"), JSON.stringify({ impactTicks: 1, colour: "red" }));
    expect(() => scenarioParams(join(dir, "unknown.json"))).toThrow(/unknown\.json: colour: unknown field/);
    writeFileSync(join(dir, "bad.json"), JSON.stringify({ informedShare: 2 }));
    expect(() => scenarioParams(join(dir, "bad.json"))).toThrow(/bad\.json: informedShare = 2: /);
  });
});
