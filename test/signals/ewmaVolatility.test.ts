import { describe, expect, it } from "vitest";
import { EwmaVolatility } from "../../src/signals/ewmaVolatility.ts";

describe("EwmaVolatility", () => {
  it("α = 2/(N+1): N = 3 → α = 0.5, N = 100 → α = 2/101", () => {
    // N = 3: v0 = 1 (first observation), then x = 0 → v = 1 + 0.5·(0 − 1) = 0.5
    const a = new EwmaVolatility(3);
    a.update(1, 1);
    a.update(0, 1);
    expect(a.sigma() ** 2).toBeCloseTo(0.5, 15);
    // N = 100: v = 1 + (2/101)(0 − 1) = 99/101
    const b = new EwmaVolatility(100);
    b.update(1, 1);
    b.update(0, 1);
    expect(b.sigma() ** 2).toBeCloseTo(99 / 101, 15);
  });

  it("hand-computed 3-step sequence (N = 3, α = 0.5)", () => {
    const v = new EwmaVolatility(3);
    expect(v.sigma()).toBe(0); // before any observation
    expect(v.count()).toBe(0);
    // step 1: Δ = 1, dt = 1   → x = 1/1 = 1            → v = 1 (first observation initialises)
    v.update(1, 1);
    expect(v.sigma()).toBeCloseTo(1, 15);
    // step 2: Δ = −2, dt = 1  → x = 4                  → v = 1 + 0.5·(4 − 1) = 2.5
    v.update(-2, 1);
    expect(v.sigma()).toBeCloseTo(Math.sqrt(2.5), 15);
    // step 3: Δ = 0.5, dt = 0.5 → x = 0.25/0.5 = 0.5   → v = 2.5 + 0.5·(0.5 − 2.5) = 1.5
    v.update(0.5, 0.5);
    expect(v.sigma()).toBeCloseTo(Math.sqrt(1.5), 15); // 1.2247…
    expect(v.count()).toBe(3);
  });

  it("units: Δmid in quote currency, dt in seconds → σ in quote/√s", () => {
    // a constant Δ = 0.1 quote every 0.1 s: x = 0.01/0.1 = 0.1 quote²/s → σ = √0.1 = 0.316227766 quote/√s
    const v = new EwmaVolatility(100);
    for (let i = 0; i < 500; i++) v.update(i % 2 === 0 ? 0.1 : -0.1, 0.1);
    expect(v.sigma()).toBeCloseTo(Math.sqrt(0.01 / 0.1), 12);
    expect(v.sigma()).toBeCloseTo(0.316227766, 8);
    // the same path sampled every 1 s with Δ = √10·0.1 per step has the same σ (a random-walk scaling check)
    const w = new EwmaVolatility(100);
    for (let i = 0; i < 50; i++) w.update(0.1 * Math.sqrt(10), 1);
    expect(w.sigma()).toBeCloseTo(v.sigma(), 12);
  });

  it("forgets geometrically: after a jump the excess decays by (1 − α) per step", () => {
    const v = new EwmaVolatility(9); // α = 0.2
    v.update(0, 1); // v = 0
    v.update(10, 1); // v = 0 + 0.2·100 = 20
    expect(v.sigma() ** 2).toBeCloseTo(20, 12);
    v.update(0, 1); // 20·0.8 = 16
    v.update(0, 1); // 12.8
    expect(v.sigma() ** 2).toBeCloseTo(12.8, 12);
  });
});
