import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core/rng.ts";
import { RollingWindow } from "../../src/signals/rollingWindow.ts";

function direct(values: number[]): { total: number; mean: number; std: number } {
  const n = values.length;
  const total = values.reduce((a, b) => a + b, 0);
  const mean = n === 0 ? 0 : total / n;
  const v = n < 2 ? 0 : values.reduce((a, x) => a + (x - mean) ** 2, 0) / n;
  return { total, mean, std: Math.sqrt(v) };
}

describe("RollingWindow", () => {
  it("is empty at first: count 0, total 0, mean 0, std 0", () => {
    const w = new RollingWindow(3);
    expect(w.count()).toBe(0);
    expect(w.total()).toBe(0);
    expect(w.mean()).toBe(0);
    expect(w.std()).toBe(0);
  });

  it("one value: std 0; two values: population std", () => {
    const w = new RollingWindow(3);
    w.push(4);
    expect(w.mean()).toBe(4);
    expect(w.std()).toBe(0);
    w.push(8); // mean 6, var = (4 + 4)/2 = 4 → std 2
    expect(w.mean()).toBe(6);
    expect(w.std()).toBe(2);
    expect(w.total()).toBe(12);
  });

  it("keeps only the latest `size` values once pushes go past capacity", () => {
    const w = new RollingWindow(3);
    for (const x of [1, 2, 3, 4, 5]) w.push(x);
    // holds 3, 4, 5: total 12, mean 4, var = (1 + 0 + 1)/3 = 2/3
    expect(w.count()).toBe(3);
    expect(w.total()).toBe(12);
    expect(w.mean()).toBe(4);
    expect(w.std()).toBeCloseTo(Math.sqrt(2 / 3), 14);
    w.push(-10); // holds 4, 5, −10: total −1, mean −1/3
    expect(w.total()).toBe(-1);
    expect(w.mean()).toBeCloseTo(-1 / 3, 14);
    // var = (16 + 25 + 100)/3 − 1/9 = 47 − 1/9 = 422/9
    expect(w.std()).toBeCloseTo(Math.sqrt(422 / 9), 12);
  });

  it("size 1 holds the last value only", () => {
    const w = new RollingWindow(1);
    w.push(3);
    w.push(7);
    expect(w.count()).toBe(1);
    expect(w.total()).toBe(7);
    expect(w.std()).toBe(0);
  });

  it("constant values have std exactly 0", () => {
    const w = new RollingWindow(5);
    for (let i = 0; i < 12; i++) w.push(0.1);
    expect(w.std()).toBe(0);
    expect(w.mean()).toBeCloseTo(0.1, 15);
  });

  it("stays accurate over 1e6 pushes (drift bounded): matches a direct computation at checkpoints", () => {
    const size = 997; // not a divisor of the checkpoints, so some checks fall mid-turn
    const w = new RollingWindow(size);
    const rng = new Rng("rolling-window-drift");
    const ring = new Float64Array(size);
    const checkpoints = new Set([1_000, 12_345, 100_000, 500_001, 999_999, 1_000_000]);
    let worst = 0;
    for (let i = 1; i <= 1_000_000; i++) {
      const x = rng.next() * 200 - 50 + (i % 1000 === 0 ? 1e6 : 0); // occasional large values stress cancellation
      ring[(i - 1) % size] = x;
      w.push(x);
      if (checkpoints.has(i)) {
        const held = Array.from(ring.subarray(0, Math.min(i, size)));
        const d = direct(held);
        expect(w.count()).toBe(Math.min(i, size));
        const errTotal = Math.abs(w.total() - d.total);
        worst = Math.max(worst, errTotal);
        expect(errTotal).toBeLessThan(1e-6);
        expect(Math.abs(w.mean() - d.mean)).toBeLessThan(1e-9);
        expect(Math.abs(w.std() - d.std) / d.std).toBeLessThan(1e-9);
      }
    }
    expect(worst).toBeLessThan(1e-6);
  });
});
