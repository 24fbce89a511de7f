import { describe, expect, it } from "vitest";
import { Propagator } from "../../../src/data/synthetic/propagator.ts";

describe("Propagator: impact = Σ ε·max(η·v^ψ, reach)·(ρ + (1 − ρ)·e^{−t/T})", () => {
  it("an order moves the price at once by η·v^ψ; a share ρ stays, the rest decays with T", () => {
    // η = 100 ticks per base unit^ψ, ψ = 0.5, ρ = 0.6, T = 10 s
    const p = new Propagator(100, 0.5, 0.6, 10);
    expect(p.at(0)).toBe(0);
    p.add(1, 4, 0); // 100·√4 = 200 ticks: 120 permanent, 80 transient
    expect(p.at(0)).toBeCloseTo(200, 12);
    expect(p.at(10e9)).toBeCloseTo(120 + 80 * Math.exp(-1), 10);
    expect(p.at(1e12)).toBeCloseTo(120, 6);
  });

  it("a sweep that trades farther than η·v^ψ moves the price to its last price", () => {
    const p = new Propagator(10, 0.5, 0.5, 1);
    p.add(-1, 1, 75); // η·√1 = 10 < reach 75: the shift is −75
    expect(p.at(0)).toBeCloseTo(-75, 12);
    expect(p.at(2e9)).toBeCloseTo(-37.5 - 37.5 * Math.exp(-2), 10);
  });

  it("impacts add up, each decaying from its own time", () => {
    const p = new Propagator(1, 1, 0, 1);
    p.add(1, 2, 0); // +2 at t = 0
    p.at(1e9);
    p.add(-1, 1, 0); // −1 at t = 1 s
    expect(p.at(2e9)).toBeCloseTo(2 * Math.exp(-2) - Math.exp(-1), 12);
  });
});
