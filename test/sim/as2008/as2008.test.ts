import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../src/core/errors.ts";
import { type As2008PathOut, resolveAs2008Params, runAs2008, runAs2008Paths, simulateAs2008Path } from "../../../src/sim/as2008/as2008.ts";
import { AS2008_PUBLISHED } from "../../../src/sim/as2008/paperValues.ts";
import { optimalSpread } from "../../../src/strategy/avellanedaStoikov.ts";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const newOut = (): As2008PathOut => ({ invProfit: 0, invQ: 0, symProfit: 0, symQ: 0, spreadSum: 0 });
/** A uniform source replaying `values` (draw order per step: bid fill, ask fill, price step). */
const replay = (values: number[]) => {
  let i = 0;
  return () => values[i++];
};

describe("one path, worked by hand", () => {
  // γ = 0.1, k = 1.5, σ = 2, T = 1, dt = 0.5 (two steps), A = 1 so p = 0.5·e^(−k·δ) < 1:
  // a uniform of 0 always fills, 0.99 never does; price uniform < 0.5 is an up-move of σ√dt = √2.
  const p = resolveAs2008Params({ gamma: 0.1, k: 1.5, A: 1, sigma: 2, s0: 100, T: 1, dt: 0.5 });
  const c = 20 * Math.log(1 + 0.1 / 1.5); // (2/γ)ln(1 + γ/k)
  const d0 = 0.4 + c; // δ at τ = 1: γσ²τ = 0.1·4·1
  const d1 = 0.2 + c; // δ at τ = 0.5
  const up = Math.SQRT2;

  it("buys at the first bid, sells at the skewed second ask", () => {
    // step 0: bid fills, ask does not, price up; step 1: ask fills, bid does not, price down.
    const out = simulateAs2008Path(p, replay([0, 0.99, 0.3, 0.99, 0, 0.7]), newOut());
    const bid0 = 100 - d0 / 2;
    const s1 = 100 + up;
    const invAsk1 = s1 - 1 * 0.1 * 4 * 0.5 + d1 / 2; // r = S − qγσ²τ with q = 1, τ = 0.5
    const symAsk1 = s1 + d1 / 2;
    expect(out.invQ).toBe(0);
    expect(out.symQ).toBe(0);
    expect(out.invProfit).toBeCloseTo(invAsk1 - bid0, 12);
    expect(out.symProfit).toBeCloseTo(symAsk1 - bid0, 12);
    expect(out.symProfit - out.invProfit).toBeCloseTo(0.2, 12); // the skew gave up 0.2 to sell
    expect(out.spreadSum).toBeCloseTo(d0 + d1, 12);
  });

  it("marks a held unit at S_T", () => {
    // step 0: bid fills, price up; step 1: no fills, price up again → q = 1, S_T = 100 + 2√2.
    const out = simulateAs2008Path(p, replay([0, 0.99, 0.1, 0.99, 0.99, 0.2]), newOut());
    expect(out.invQ).toBe(1);
    expect(out.symQ).toBe(1);
    expect(out.invProfit).toBeCloseTo(-(100 - d0 / 2) + (100 + 2 * up), 12);
    expect(out.symProfit).toBeCloseTo(out.invProfit, 12);
  });

  it("fills exactly when the uniform is below A·e^(−k·δ)·dt, clamped to 1", () => {
    const prob = 0.5 * Math.exp(-1.5 * (d0 / 2));
    const below = simulateAs2008Path(p, replay([prob - 1e-9, 0.99, 0.3, 0.99, 0.99, 0.3]), newOut());
    const above = simulateAs2008Path(p, replay([prob + 1e-9, 0.99, 0.3, 0.99, 0.99, 0.3]), newOut());
    expect([below.symQ, above.symQ]).toEqual([1, 0]);
    const huge = resolveAs2008Params({ ...p, A: 1e9 });
    const sure = simulateAs2008Path(huge, replay([0.999999, 0.999999, 0.3, 0.999999, 0.999999, 0.7]), newOut());
    expect(sure.symProfit).toBeCloseTo(d0 + d1, 12); // both sides filled twice: earned each full spread
  });

  it("the symmetric 'average' mode quotes the mean δ around the mid", () => {
    const avg = resolveAs2008Params({ ...p, symmetricSpread: "average" });
    const out = simulateAs2008Path(avg, replay([0, 0, 0.3, 0, 0, 0.7]), newOut());
    expect(out.symProfit).toBeCloseTo(d0 + d1, 12); // 2 × mean δ = δ0 + δ1
    expect(out.invProfit).toBeCloseTo(d0 + d1, 12);
  });
});

describe("validation", () => {
  it.each([
    [{ gamma: 0 }, "gamma"],
    [{ gamma: -1 }, "gamma"],
    [{ gamma: Number.NaN }, "gamma"],
    [{ gamma: 0.1, paths: 0 }, "paths"],
    [{ gamma: 0.1, paths: 1.5 }, "paths"],
    [{ gamma: 0.1, dt: 0 }, "dt"],
    [{ gamma: 0.1, dt: -0.005 }, "dt"],
    [{ gamma: 0.1, dt: 0.3 }, "dt"],
    [{ gamma: 0.1, T: 0 }, "T"],
    [{ gamma: 0.1, k: 0 }, "k"],
    [{ gamma: 0.1, A: -1 }, "A"],
    [{ gamma: 0.1, sigma: -2 }, "sigma"],
    [{ gamma: 0.1, q0: 0.5 }, "q0"],
  ])("%o → ConfigError on %s", (overrides, field) => {
    const run = () => runAs2008({ paths: 2, seed: 1, ...overrides } as Parameters<typeof runAs2008>[0]);
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(new RegExp(`^config: ${field} =`));
  });
});

describe("random streams", () => {
  it("is deterministic per seed and changes with the seed", () => {
    const a = runAs2008({ gamma: 0.1, paths: 50, seed: 7 });
    expect(runAs2008({ gamma: 0.1, paths: 50, seed: 7 })).toEqual(a);
    expect(runAs2008({ gamma: 0.1, paths: 50, seed: 8 }).rows[0].profitMean).not.toBe(a.rows[0].profitMean);
  });

  it("path i does not depend on how many paths run", () => {
    const many = runAs2008Paths({ gamma: 0.1, paths: 1000, seed: 3 });
    const few = runAs2008Paths({ gamma: 0.1, paths: 100, seed: 3 });
    for (const s of ["inventory", "symmetric"] as const) {
      expect(Array.from(many[s].profit.subarray(0, 100))).toEqual(Array.from(few[s].profit));
      expect(Array.from(many[s].finalQ.subarray(0, 100))).toEqual(Array.from(few[s].finalQ));
    }
  });

  it("with a flat mid (σ = 0) the skew vanishes and both strategies coincide path by path", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 5, noNaN: true }), fc.double({ min: 0.1, max: 5, noNaN: true }), fc.integer(), (gamma, k, seed) => {
        const r = runAs2008Paths({ gamma, k, sigma: 0, paths: 3, seed });
        expect(Array.from(r.inventory.profit)).toEqual(Array.from(r.symmetric.profit));
        expect(r.spread).toBeCloseTo(optimalSpread(gamma, k, 0, 1), 12);
      }),
      { numRuns: 30 },
    );
  });
});

describe("the paper's qualitative results (1000 paths, seed 1)", () => {
  const runs = new Map(AS2008_PUBLISHED.map((t) => [t.gamma, runAs2008Paths({ gamma: t.gamma, paths: 1000, seed: 1 })]));

  it.each(AS2008_PUBLISHED.map((t) => t.gamma))("γ = %s: inventory has lower profit and final-q dispersion", (gamma) => {
    const [inv, sym] = runAs2008({ gamma, paths: 1000, seed: 1 }).rows;
    expect(inv.profitStd).toBeLessThan(sym.profitStd);
    expect(inv.finalQStd).toBeLessThan(sym.finalQStd);
  });

  it.each(AS2008_PUBLISHED.map((t) => t.gamma))("γ = %s: symmetric mean profit ≥ inventory mean − 3 paired s.e.", (gamma) => {
    // Tolerance: three standard errors of the paired per-path difference (common random numbers).
    const r = runs.get(gamma)!;
    const diff = r.symmetric.profit.map((x, i) => x - r.inventory.profit[i]);
    const m = diff.reduce((a, b) => a + b, 0) / diff.length;
    const sd = Math.sqrt(diff.reduce((a, b) => a + (b - m) ** 2, 0) / (diff.length - 1));
    expect(m).toBeGreaterThanOrEqual(-3 * (sd / Math.sqrt(diff.length)));
  });

  it("γ = 0.1 is within 10 % of the published Table 1", () => {
    // 10 % on means is ≈ 30 standard errors of the inventory mean profit (6.6/√1000 ≈ 0.21) and ≈ 15
    // of the symmetric one (≈ 0.43): it is not there for Monte Carlo noise but for specification gaps
    // (the working-paper version prints 62.94 / 67.21, ≈ 3 % lower; discrete vs continuous averaging).
    // Dispersions get 15 % (s.e. of a sample std ≈ 2.2 %; the symmetric std is ≈ 7 % above the paper's).
    // Mean final q is ≈ 0 in the paper: checked against 0 within 4 standard errors instead of 10 %.
    const paper = AS2008_PUBLISHED[0];
    const ours = runAs2008({ gamma: 0.1, paths: 1000, seed: 1 });
    for (let i = 0; i < 2; i++) {
      const [o, p] = [ours.rows[i], paper.rows[i]];
      expect(Math.abs(o.spread - p.spread)).toBeLessThan(0.01);
      expect(Math.abs(o.profitMean / p.profitMean - 1)).toBeLessThan(0.1);
      expect(Math.abs(o.profitStd / p.profitStd - 1)).toBeLessThan(0.15);
      expect(Math.abs(o.finalQStd / p.finalQStd - 1)).toBeLessThan(0.15);
      expect(Math.abs(o.finalQMean)).toBeLessThan((4 * o.finalQStd) / Math.sqrt(1000));
    }
  });
});

describe("experiments/as2008.ts", () => {
  it("--json prints 6 rows that parse", async () => {
    const stdout = await new Promise<string>((resolve, reject) => {
      const args = ["--import", "tsx", "experiments/as2008.ts", "--json", "--paths", "200", "--seed", "2"];
      execFile(process.execPath, args, { cwd: root }, (error, out, err) => (error ? reject(new Error(`${error.message}\n${err}`)) : resolve(out)));
    });
    const rows = JSON.parse(stdout) as Record<string, unknown>[];
    expect(rows).toHaveLength(6);
    const keys = ["0.1/inventory", "0.1/symmetric", "0.01/inventory", "0.01/symmetric", "1/inventory", "1/symmetric"];
    expect(rows.map((r) => `${r.gamma}/${r.strategy}`)).toEqual(keys);
    for (const r of rows) {
      expect(Object.keys(r).sort()).toEqual(["finalQMean", "finalQStd", "gamma", "profitMean", "profitStd", "spread", "strategy"]);
    }
    expect(rows[0].profitMean).toBe(runAs2008({ gamma: 0.1, paths: 200, seed: "2" }).rows[0].profitMean);
  });
});
