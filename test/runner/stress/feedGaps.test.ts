import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../src/config/load.ts";
import { rootRng } from "../../../src/core/rng.ts";
import { syntheticData } from "../../../src/data/sources/syntheticData.ts";
import { runBacktest } from "../../../src/runner/backtest.ts";
import { feedGaps, gapWindows, type FeedGapsParams } from "../../../src/runner/stress/scenarios/feedGaps.ts";
import { batchOf, bookAfter, bookRows, CLEAR, collect, crossedAfter, D, dataOf, monotone, SNAP, type Row } from "./support.ts";

const take = (it: Iterator<[number, number]>, n: number) => Array.from({ length: n }, () => it.next().value as [number, number]);

describe("feed-gaps", () => {
  it("places one 30 s gap in each 20 min period, at a seeded offset", () => {
    const p: FeedGapsParams = { gapSeconds: 30, everySeconds: 1200 };
    const windows = take(gapWindows(p, rootRng(1).fork("stress-feed-gaps")), 20);
    windows.forEach(([start, end], k) => {
      expect(end - start).toBeCloseTo(30e9, 0);
      expect(start).toBeGreaterThanOrEqual(k * 1200e9);
      expect(end).toBeLessThanOrEqual((k + 1) * 1200e9);
    });
    expect(take(gapWindows(p, rootRng(1).fork("stress-feed-gaps")), 20)).toEqual(windows);
    expect(take(gapWindows(p, rootRng(2).fork("stress-feed-gaps")), 20)).not.toEqual(windows);
  });

  it("drops the events in the gaps and re-sends the book after each: a depth clear, then a snapshot of every level", async () => {
    const p = { gapSeconds: 3, everySeconds: 10 };
    // a book around 1000; every 0.25 s the book moves one tick up or down (seeded) and a level changes size
    const rows: Row[] = bookRows(0, 1000);
    let mid = 1000;
    const rng = rootRng(7);
    for (let t = 0.25; t < 60; t += 0.25) {
      const next = mid + (rng.next() < 0.5 ? -1 : 1);
      for (const [, , side, price] of bookRows(t, mid)) rows.push([t, D, side, price, 0]);
      for (const [, , side, price, qty] of bookRows(t, next)) rows.push([t, D, side, price, qty + Math.round(t * 4) / 1000]);
      mid = next;
    }
    const source = dataOf([batchOf(rows.slice(0, 1000)), batchOf(rows.slice(1000))]);
    const src = await collect(source);
    const out = await collect(feedGaps(p).apply(source, rootRng(3)));
    const windows = take(gapWindows(p, rootRng(3).fork("stress-feed-gaps")), 6);

    // nothing inside a gap
    const inGap = (t: number) => windows.some(([s, e]) => t >= s && t < e);
    expect(out.exch.filter(inGap)).toEqual([]);
    // after each gap: clear + a snapshot equal to the source book just before the first event after the gap
    const clears = out.kind.flatMap((k, i) => (k === CLEAR ? [i] : []));
    expect(clears).toHaveLength(6);
    clears.forEach((i, g) => {
      expect(out.exch[i]).toBeGreaterThanOrEqual(windows[g][1]);
      expect(out.side[i]).toBe(0);
      const firstAfter = src.exch.findIndex((t) => t >= windows[g][1]);
      expect(out.exch[i]).toBe(src.exch[firstAfter]);
      let j = i + 1;
      while (out.kind[j] === SNAP) j++;
      const snapshot = bookAfter({ ...out, kind: out.kind.slice(i, j), side: out.side.slice(i, j), price: out.price.slice(i, j), qty: out.qty.slice(i, j) });
      expect(snapshot).toEqual(bookAfter(src, firstAfter));
      expect(j - i - 1).toBe(snapshot.bids.length + snapshot.asks.length); // every level once
      expect(bookAfter(out, j)).toEqual(bookAfter(src, firstAfter)); // consistent after the gap
    });
    // the events outside the gaps pass unchanged, in order
    const kept = src.exch.flatMap((t, i) => (inGap(t) ? [] : [[t, src.kind[i], src.side[i], src.price[i], src.qty[i]]]));
    const passed = out.exch.flatMap((t, i) => (out.kind[i] === CLEAR || (out.kind[i] === SNAP && t > 0) ? [] : [[t, out.kind[i], out.side[i], out.price[i], out.qty[i]]]));
    expect(passed).toEqual(kept);
    expect(bookAfter(out)).toEqual(bookAfter(src));
    expect(crossedAfter(out)).toEqual([]);
    expect(monotone(out)).toBe(true);
    // deterministic per seed
    expect(await collect(feedGaps(p).apply(source, rootRng(3)))).toEqual(out);
    expect(await collect(feedGaps(p).apply(source, rootRng(4)))).not.toEqual(out);
  });
});

describe("feed-gaps against the feed-health rule (feed.max_silence_ms)", () => {
  it("quoting pauses 1 s into each gap and resumes with the book after it; with the rule off it runs through the gaps", async () => {
    const p: FeedGapsParams = { gapSeconds: 30, everySeconds: 600 };
    const run = (maxSilenceMs: number) =>
      runBacktest({
        config: parseConfig({ feed: { max_silence_ms: maxSilenceMs } }),
        data: feedGaps(p).apply(syntheticData("default", rootRng(1), { durationNs: 1800e9 }), rootRng(1)),
        rng: rootRng(1),
      });
    const on = await run(1000);
    const windows = take(gapWindows(p, rootRng(1).fork("stress-feed-gaps")), 3);
    // the default market updates its book many times a second: the last update before a gap is
    // within a step of its start, so the pause comes at the first step 1 s after it, ± one step
    // (100 ms); the resume at the first step after the gap (latency: the rows arrive a little later)
    expect(on.feedEvents.map((e) => e.kind)).toEqual(["pause", "resume", "pause", "resume", "pause", "resume"]);
    windows.forEach(([startNs, endNs], k) => {
      const pause = on.feedEvents[2 * k].tNs;
      const resume = on.feedEvents[2 * k + 1].tNs;
      expect(pause).toBeGreaterThan(startNs + 1e9 - 100e6);
      expect(pause).toBeLessThanOrEqual(startNs + 1.1e9 + 100e6);
      expect(resume).toBeGreaterThanOrEqual(endNs);
      expect(resume).toBeLessThan(endNs + 1e9);
    });
    // the stale time: each gap less the 1 s the rule waits (to within the steps and the arrival latency)
    expect(on.kpis.pausedSeconds.staleFeed).toBeGreaterThan(3 * 28.5);
    expect(on.kpis.pausedSeconds.staleFeed).toBeLessThan(3 * 29.5);
    const off = await run(0);
    expect(off.feedEvents).toEqual([]);
    expect(off.kpis.pausedSeconds.staleFeed).toBe(0);
  }, 120_000);
});
