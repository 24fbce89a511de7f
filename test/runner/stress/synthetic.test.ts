import { describe, expect, it } from "vitest";
import { L2Book } from "../../../src/book/l2book.ts";
import { rootRng } from "../../../src/core/rng.ts";
import { syntheticData } from "../../../src/data/sources/syntheticData.ts";
import { STRESS_SCENARIO_NAMES, STRESS_SCENARIOS } from "../../../src/runner/stress/registry.ts";
import { CLEAR, collect, crossedAfter, D, monotone, SNAP, type Events } from "./support.ts";
import { NS_PER_S } from "../../../src/core/time.ts";

const SECONDS = 1200;
const stressed = (name: keyof typeof STRESS_SCENARIOS, seed = 1) => {
  const rng = rootRng(seed);
  return STRESS_SCENARIOS[name].apply(syntheticData("default", rng, { durationNs: SECONDS * NS_PER_S }), rng, { durationNs: SECONDS * 1e9 });
};

/** The mid (ticks) at the end of each second. */
function midPerSecond(e: Events): number[] {
  const book = new L2Book();
  const mids: number[] = [];
  for (let i = 0; i < e.kind.length; i++) {
    while (e.exch[i] >= (mids.length + 1) * 1e9) mids.push(book.midTicks());
    if (e.kind[i] === D || e.kind[i] === SNAP) book.update(e.side[i], e.price[i], e.qty[i]);
    else if (e.kind[i] === CLEAR) book.clear(e.side[i]);
  }
  return mids;
}

function std(xs: number[]): number {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length);
}

describe("stress scenarios on a synthetic market (20 min)", async () => {
  const source = await collect(syntheticData("default", rootRng(1), { durationNs: SECONDS * NS_PER_S }));
  const sourceCrossed = crossedAfter(source);

  it("the source book is never crossed (so a crossed output would be the transform's)", () => {
    expect(sourceCrossed).toEqual([]);
  });

  for (const name of STRESS_SCENARIO_NAMES) {
    it(`${name}: timestamps non-decreasing, book never crossed, prices on the grid, deterministic per seed`, async () => {
      const out = await collect(stressed(name));
      expect(out.kind.length).toBeGreaterThan(10_000);
      expect(monotone(out)).toBe(true);
      expect(crossedAfter(out)).toEqual([]);
      expect(out.price.every((p, i) => Number.isInteger(p) && (p > 0 || out.kind[i] === CLEAR))).toBe(true);
      expect(await collect(stressed(name))).toEqual(out);
      const data = stressed(name);
      expect(data.description).toMatchObject({ kind: "stress", scenario: name, source: { kind: "synthetic", scenario: "default" } });
    });
  }

  it("high-volatility: 30 s mid changes ×~2.5 (between 2 and 2.7 times the source's)", async () => {
    const src = midPerSecond(source);
    const out = midPerSecond(await collect(stressed("high-volatility")));
    const moves = (m: number[]) => m.flatMap((x, i) => (i >= 30 && i % 30 === 0 ? [x - m[i - 30]] : []));
    const ratio = std(moves(out)) / std(moves(src));
    expect(ratio).toBeGreaterThan(2);
    expect(ratio).toBeLessThan(2.7);
  });

  it("flash-crash: the mid falls 3 % below the source's at the bottom and is back at the end", async () => {
    const src = midPerSecond(source);
    const out = midPerSecond(await collect(stressed("flash-crash")));
    const gaps = src.map((m, i) => (m - out[i]) / m);
    expect(Math.max(...gaps)).toBeCloseTo(0.03, 3);
    expect(gaps[gaps.length - 1]).toBe(0);
  });

  it("low-liquidity: the same events at the same prices with thinner depth", async () => {
    const out = await collect(stressed("low-liquidity"));
    expect(out.price).toEqual(source.price);
    const depth = (e: Events) => e.qty.reduce((a, q, i) => a + (e.kind[i] === D || e.kind[i] === SNAP ? q : 0), 0);
    expect(depth(out) / depth(source)).toBeCloseTo(0.3, 1);
  });

  it("feed-gaps: about 30 s of events lost per 20 min, one re-snapshot per gap", async () => {
    const out = await collect(stressed("feed-gaps"));
    const clears = out.kind.filter((k) => k === CLEAR).length;
    expect(clears).toBe(1);
    const lost = source.kind.length - (out.kind.length - out.kind.filter((k, i) => k === CLEAR || (k === SNAP && out.exch[i] > 0)).length);
    expect(lost / source.kind.length).toBeGreaterThan(0.5 * (30 / SECONDS));
    expect(lost / source.kind.length).toBeLessThan(2 * (30 / SECONDS));
  });
});
