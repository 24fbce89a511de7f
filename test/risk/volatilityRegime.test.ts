import { describe, expect, it } from "vitest";
import { volatilitySpreadMultiplier } from "../../src/risk/volatilityRegime.ts";

describe("volatilitySpreadMultiplier (ratio 2, multiplier 1.5)", () => {
  const m = (sigma: number, base: number) => volatilitySpreadMultiplier(sigma, base, 2, 1.5);

  it("σ > 2·σ_base → 1.5", () => {
    expect(m(2.01, 1)).toBe(1.5); // 2.01 > 2
    expect(m(10, 1)).toBe(1.5);
    expect(m(0.5, 0.2)).toBe(1.5); // 0.5 > 0.4
  });

  it("σ = 2·σ_base exactly → 1 (the rule is strict)", () => {
    expect(m(2, 1)).toBe(1);
    expect(m(0.4, 0.2)).toBe(1);
  });

  it("σ = σ_base and σ below → 1", () => {
    expect(m(1, 1)).toBe(1);
    expect(m(1.99, 1)).toBe(1);
    expect(m(0, 1)).toBe(1);
  });

  it("σ_base = 0 (no baseline yet) → 1 whatever σ", () => {
    expect(m(5, 0)).toBe(1);
    expect(m(0, 0)).toBe(1);
  });

  it("uses the configured ratio and multiplier", () => {
    expect(volatilitySpreadMultiplier(3.5, 1, 3, 2)).toBe(2);
    expect(volatilitySpreadMultiplier(2.5, 1, 3, 2)).toBe(1);
  });
});
