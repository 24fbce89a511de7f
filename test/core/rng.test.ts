import { describe, expect, it } from "vitest";
import { Rng, rootRng } from "../../src/core/rng.ts";

const draw = (r: Rng, n: number) => Array.from({ length: n }, () => r.next());

describe("Rng", () => {
  it("same seed → same sequence; different seed → different sequence", () => {
    expect(draw(new Rng("s"), 50)).toEqual(draw(new Rng("s"), 50));
    expect(draw(new Rng("s"), 50)).not.toEqual(draw(new Rng("t"), 50));
    expect(draw(rootRng(7), 10)).toEqual(draw(new Rng("mmlab:7"), 10));
    expect(draw(rootRng(7), 10)).toEqual(draw(rootRng("7"), 10));
  });

  it("next() is uniform on [0, 1)", () => {
    const r = new Rng("uniform");
    let sum = 0;
    for (let i = 0; i < 100_000; i++) {
      const x = r.next();
      expect(x >= 0 && x < 1).toBe(true);
      sum += x;
    }
    // mean 0.5, standard error √(1/12/1e5) ≈ 0.0009 → 5 SE ≈ 0.0046
    expect(Math.abs(sum / 100_000 - 0.5)).toBeLessThan(0.0046);
  });

  it("fork(label) depends only on the seed and the label, not on draws from the parent or siblings", () => {
    const a1 = draw(rootRng(1).fork("a"), 20);
    const root = rootRng(1);
    const b = root.fork("b");
    draw(b, 1000); // drawing from a sibling…
    draw(root, 1000); // …and from the parent
    expect(draw(root.fork("a"), 20)).toEqual(a1); // …does not shift "a"
    expect(root.fork("a").seed).toBe("mmlab:1/a");
    expect(draw(root.fork("a"), 20)).not.toEqual(draw(root.fork("b"), 20));
    expect(draw(root.fork("a").fork("x"), 5)).toEqual(draw(new Rng("mmlab:1/a/x"), 5));
  });

  it("normal(): mean ≈ 0 and variance ≈ 1 over 1e5 draws", () => {
    const r = new Rng("normal");
    const n = 100_000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const z = r.normal();
      s += z;
      s2 += z * z;
    }
    const mean = s / n;
    const variance = s2 / n - mean * mean;
    // SE of the mean = 1/√n ≈ 0.0032 → 5 SE ≈ 0.016; SE of the variance ≈ √(2/n) ≈ 0.0045 → 5 SE ≈ 0.022
    expect(Math.abs(mean)).toBeLessThan(0.016);
    expect(Math.abs(variance - 1)).toBeLessThan(0.022);
  });

  it("normal() is deterministic, including the cached second value", () => {
    const a = new Rng("n");
    const b = new Rng("n");
    const xs = Array.from({ length: 7 }, () => a.normal());
    expect(Array.from({ length: 7 }, () => b.normal())).toEqual(xs);
  });

  it("exponential(rate) has mean 1/rate; int(n) is an integer in [0, n)", () => {
    const r = new Rng("exp");
    let s = 0;
    for (let i = 0; i < 100_000; i++) s += r.exponential(4);
    // mean 0.25, SE = 0.25/√1e5 ≈ 0.00079 → 5 SE ≈ 0.004
    expect(Math.abs(s / 100_000 - 0.25)).toBeLessThan(0.004);
    const counts = new Array(5).fill(0);
    for (let i = 0; i < 50_000; i++) {
      const k = r.int(5);
      expect(Number.isInteger(k) && k >= 0 && k < 5).toBe(true);
      counts[k]++;
    }
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500); // SE ≈ 89
  });
});
