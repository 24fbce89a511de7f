import { describe, expect, it } from "vitest";
import { rootRng } from "../../../src/core/rng.ts";
import { crashFraction, crashStartSeconds, FLASH_CRASH_DEFAULTS, flashCrash } from "../../../src/runner/stress/scenarios/flashCrash.ts";
import { batchOf, bookAfter, bookRows, collect, crossedAfter, dataOf, monotone, T, type Row } from "./support.ts";

describe("flash-crash", () => {
  it("the path: linear fall to the full drop over 30 s, linear recovery over 5 min, 0 outside", () => {
    const p = FLASH_CRASH_DEFAULTS;
    const at = [-1, 0, 15, 30, 30 + 150, 30 + 240, 330, 400].map((t) => crashFraction(t, p));
    [0, 0, 0.5, 1, 0.5, 0.2, 0, 0].forEach((f, i) => expect(at[i]).toBeCloseTo(f, 12));
  });

  it("starts at a seeded time in 10–60 % of the run", () => {
    const start = (seed: number) => crashStartSeconds(FLASH_CRASH_DEFAULTS, rootRng(seed).fork("stress-flash-crash"), 6 * 3600e9);
    for (let seed = 1; seed <= 20; seed++) {
      expect(start(seed)).toBeGreaterThanOrEqual(0.1 * 6 * 3600);
      expect(start(seed)).toBeLessThanOrEqual(0.6 * 6 * 3600);
    }
    expect(start(1)).toBe(start(1));
    expect(start(2)).not.toBe(start(1));
  });

  it("shifts every price by −3 % × the path on the tick grid, never crosses, and recovers to the source", async () => {
    // a book around 100 000 ticks; a buy trade at the best ask every 0.5 s for 400 s; crash at 10 s
    const rows: Row[] = bookRows(0, 100_000);
    for (let t = 0.5; t <= 400; t += 0.5) rows.push([t, T, 1, 100_001, 0.01]);
    const source = dataOf([batchOf(rows.slice(0, 300)), batchOf(rows.slice(300))]);
    const out = await collect(flashCrash({ startSeconds: 10 }).apply(source, rootRng(1)));
    const tradeAt = (tS: number) => out.price[out.kind.findIndex((k, i) => k === T && out.exch[i] === tS * 1e9)];
    const bestBidAt = (tS: number) => bookAfter(out, out.exch.findLastIndex((t) => t <= tS * 1e9) + 1).bids[0][0];
    const drop = Math.round(0.03 * 100_000); // 3000 ticks
    expect(tradeAt(5)).toBe(100_001);
    expect(tradeAt(25)).toBe(100_001 - drop / 2);
    expect(tradeAt(40)).toBe(100_001 - drop);
    expect(bestBidAt(40)).toBe(99_999 - drop);
    expect(tradeAt(40 + 150)).toBe(100_001 - drop / 2);
    expect(bestBidAt(40 + 150)).toBe(99_999 - drop / 2);
    expect(tradeAt(40 + 240)).toBe(100_001 - 0.2 * drop);
    expect(tradeAt(345)).toBe(100_001);
    expect(bookAfter(out)).toEqual(bookAfter(await collect(source)));
    expect(crossedAfter(out)).toEqual([]);
    expect(monotone(out)).toBe(true);
    expect(out.price.every(Number.isInteger)).toBe(true);
  });

  it("draws its start from the run's seed: the same seed gives the same stream", async () => {
    const source = dataOf([batchOf([...bookRows(0, 100_000), ...Array.from({ length: 100 }, (_, k): Row => [k * 10, T, 1, 100_001, 0.01])])]);
    const a = await collect(flashCrash().apply(source, rootRng(5), { durationNs: 1000e9 }));
    expect(await collect(flashCrash().apply(source, rootRng(5), { durationNs: 1000e9 }))).toEqual(a);
    expect(await collect(flashCrash().apply(source, rootRng(6), { durationNs: 1000e9 }))).not.toEqual(a);
  });
});
