import { describe, expect, it } from "vitest";
import { BookFeed } from "../../src/research/bookFeed.ts";
import { OfiBucketer } from "../../src/research/ofiBuckets.ts";
import { runOfiStudy, windowFits } from "../../src/research/ofiStudy.ts";
import { parseWindowSpec } from "../../src/research/windowSpec.ts";
import { DEPTH, DEPTH_CLEAR, SNAPSHOT, TRADE, marketOf, type Ev } from "./fixtures.ts";

const BID = 1;
const ASK = -1;

// Bucket 1 s. Book: bid 100@2, asks 101@3 and 102@4 at t = 0.
//  0.5 s  bid 100 → 5: e = +5 − 2 = +3 (bucket 0, which never counts: no book before it)
//  1.2 s  ask 101 deleted: best ask 102@4 is higher: e = +qa' = +3; mid 100.5 → 101
//  1.7 s  bid 101@1 (a better bid): e = +1; mid → 101.5          bucket 1: OFI 4, Δmid +1
//  (2 s … 3 s: nothing)                                          bucket 2: OFI 0, Δmid 0
//  3.5 s  a sell of 1 at 101 takes the bid: 101 → 0 and 100 → 4 in the same timestamp;
//         settled best bid 100@4 is lower: e = −qb' = −1; mid → 101      bucket 3: OFI −1, Δmid −0.5
const EVENTS: Ev[] = [
  [0, SNAPSHOT, BID, 100, 2],
  [0, SNAPSHOT, ASK, 101, 3],
  [0, SNAPSHOT, ASK, 102, 4],
  [0.5, DEPTH, BID, 100, 5],
  [1.2, DEPTH, ASK, 101, 0],
  [1.7, DEPTH, BID, 101, 1],
  [3.5, TRADE, ASK, 101, 1],
  [3.5, DEPTH, BID, 101, 0],
  [3.5, DEPTH, BID, 100, 4],
];

function feed(events: Ev[], bucketS: number, endS?: number) {
  const b = new OfiBucketer(bucketS * 1e9);
  const f = new BookFeed([b]);
  for (const [t, kind, side, price, qty] of events) f.onEvent(t * 1e9, kind, side, price, qty);
  f.finish(endS === undefined ? undefined : endS * 1e9);
  return b.series;
}

describe("OfiBucketer: hand-worked buckets", () => {
  it("sums the CKS OFI of settled top-of-book changes and the mid change per bucket", () => {
    const s = feed(EVENTS, 1, 4);
    expect(s.tS).toEqual([1, 2, 3]);
    expect(s.ofi).toEqual([4, 0, -1]);
    expect(s.dMidTicks).toEqual([1, 0, -0.5]);
    expect(s.dropped).toBe(1); // bucket 0
  });

  it("drops the last bucket when the data ends inside it", () => {
    const s = feed(EVENTS, 1); // ends at the last event, 3.5 s
    expect(s.tS).toEqual([1, 2]);
  });

  it("drops a bucket in which the book was one-sided, and counts no OFI across the gap", () => {
    const events: Ev[] = [
      ...EVENTS,
      [4.2, DEPTH_CLEAR, ASK, 0, 0],
      [4.4, DEPTH, ASK, 103, 1], // valid again, but the change from the one-sided book is not counted
      [5.5, DEPTH, ASK, 103, 2], // more size at the same best ask: e = −qa + qa′ = −2 + 1 = −1
    ];
    const s = feed(events, 1, 6);
    expect(s.tS).toEqual([1, 2, 3, 5]);
    expect(s.ofi).toEqual([4, 0, -1, -1]);
    expect(s.dMidTicks).toEqual([1, 0, -0.5, 0]);
    expect(s.dropped).toBe(2); // buckets 0 and 4
  });

  it("a state crossed only in the middle of one timestamp does not count", () => {
    const events: Ev[] = [
      [0, SNAPSHOT, BID, 100, 2],
      [0, SNAPSHOT, ASK, 101, 3],
      [1.5, DEPTH, BID, 101, 1], // crossed for a moment…
      [1.5, DEPTH, ASK, 101, 0], // …until the ask leaves in the same timestamp
      [1.5, DEPTH, ASK, 102, 2],
    ];
    // settled: bid 100@2 → 101@1 (+1), ask 101@3 → 102@2 (+3): OFI +4, mid 100.5 → 101.5
    const s = feed(events, 1, 2);
    expect(s.tS).toEqual([1]);
    expect(s.ofi).toEqual([4]);
    expect(s.dMidTicks).toEqual([1]);
  });
});

describe("runOfiStudy", () => {
  it("streams across batch boundaries, stops at durationNs and fits per window of N buckets", async () => {
    // the best bid's size goes 1 → 3 → 2 → 6 → 6 → 1 → 4 at 1.5, 2.5, … s: OFI per bucket = the change
    const sizes = [3, 2, 6, 6, 1, 4];
    const events: Ev[] = [[0, SNAPSHOT, BID, 1000, 1], [0, SNAPSHOT, ASK, 1001, 1]];
    sizes.forEach((q, i) => events.push([i + 1.5, DEPTH, BID, 1000, q]));
    events.push([8.5, DEPTH, BID, 1005, 1]); // after the end: never read
    const r = await runOfiStudy(marketOf(events, 2), { bucketNs: 1e9, window: parseWindowSpec("3b"), durationNs: 7e9 });
    expect(r.series.tS).toEqual([1, 2, 3, 4, 5, 6]);
    expect(r.series.ofi).toEqual([2, -1, 4, 0, -5, 3]);
    expect(r.series.dMidTicks).toEqual([0, 0, 0, 0, 0, 0]);
    expect(r.windows.map((w) => [w.window, w.n, w.startS, w.endS])).toEqual([[0, 3, 1, 4], [1, 3, 4, 7]]);
    expect(r.overall.beta).toBe(0);
    expect(r.durationS).toBe(7);
    expect(r.events).toBe(events.length - 1);
  });

  it("β, t and R² of the study are those of the bucket series", async () => {
    // bucket k (k = 1..4): at k + 0.5 s the best bid grows by g_k, then at k + 0.6 s the whole
    // book moves by m_k ticks (a new bid one tick above, or the bid leaving): hand-picked so OFI
    // and Δmid are known exactly.
    const events: Ev[] = [
      [0, SNAPSHOT, BID, 100, 1],
      [0, SNAPSHOT, BID, 99, 1],
      [0, SNAPSHOT, ASK, 102, 1],
      [0, SNAPSHOT, ASK, 103, 1],
      [1.5, DEPTH, BID, 100, 3], // e = +2
      [1.6, DEPTH, BID, 101, 1], // better bid: e = +1 → bucket 1: OFI 3, mid 101 → 101.5 (+0.5)
      [2.5, DEPTH, ASK, 102, 0], // ask leaves to 103: e = +qa' = +1 → bucket 2: OFI 1, mid → 102 (+0.5)
      [3.5, DEPTH, BID, 101, 0], // bid leaves to 100@3: e = −qb' = −1; mid → 101.5
      [3.6, DEPTH, BID, 100, 0], // to 99@1: e = −3; mid → 101 → bucket 3: OFI −4, Δmid −1
    ];
    const r = await runOfiStudy(marketOf(events), { bucketNs: 1e9, durationNs: 5e9 });
    expect(r.series.ofi).toEqual([3, 1, -4, 0]);
    expect(r.series.dMidTicks).toEqual([0.5, 0.5, -1, 0]);
    // x = 3 1 −4 0 (x̄ = 0, Sxx = 26), y = .5 .5 −1 0 (ȳ = 0, Syy = 1.5), Sxy = 1.5 + .5 + 4 = 6
    expect(r.overall.beta).toBeCloseTo(6 / 26, 12);
    expect(r.overall.alpha).toBeCloseTo(0, 12);
    expect(r.overall.r2).toBeCloseTo(36 / (26 * 1.5), 12);
    expect(r.windows).toHaveLength(1); // default window 1 h
    expect(r.windows[0].beta).toBeCloseTo(6 / 26, 12);
  });
});

describe("windows", () => {
  it("parses durations and bucket counts", () => {
    expect(parseWindowSpec("1h")).toEqual({ kind: "time", ns: 3600e9 });
    expect(parseWindowSpec("60b")).toEqual({ kind: "buckets", count: 60 });
    expect(parseWindowSpec("20 buckets")).toEqual({ kind: "buckets", count: 20 });
    expect(() => parseWindowSpec("2b")).toThrow(/at least 3 buckets/);
    expect(() => parseWindowSpec("soon")).toThrow(/window "soon"/);
  });

  it("groups kept buckets by time window", () => {
    const series = { bucketS: 10, tS: [10, 20, 30, 3590, 3600, 3610, 3620], ofi: [1, 2, 3, 4, 1, 2, 3], dMidTicks: [2, 4, 6, 8, 1, 2, 4], dropped: 0 };
    const w = windowFits(series, { kind: "time", ns: 3600e9 });
    expect(w.map((x) => [x.window, x.n, x.startS, x.endS])).toEqual([[0, 4, 10, 3600], [1, 3, 3600, 3630]]);
    expect(w[0].beta).toBeCloseTo(2, 12);
    expect(w[0].r2).toBeCloseTo(1, 12);
    expect(w[1].beta).toBeCloseTo(1.5, 12);
  });
});
