import { describe, expect, it } from "vitest";
import { MarkoutTracker } from "../../src/kpi/markouts.ts";
import { KpiTracker } from "../../src/kpi/tracker.ts";
import { makeFill, TEST_FEES } from "./fillFixture.ts";

const S = 1e9;

describe("MarkoutTracker", () => {
  it("uses the first mid at or after t+h, weights by qty, and leaves out horizons past the end", () => {
    const m = new MarkoutTracker(0.01); // horizons 100 ms, 1 s, 5 s, 10 s, 30 s, 60 s
    // A: buy 1 @ 1000 at t = 0;  B: sell 3 @ 1010 at t = 15 s.
    m.onFill(makeFill({ tNs: 0, side: 1, qty: 1, priceTicks: 1000 }));
    const mids: [number, number][] = [
      [0.05 * S, 1001],
      [0.1 * S, 1002], // A@100ms (t+h = 0.1 s exactly) → 1002
      [0.5 * S, 1003],
      [1.2 * S, 1004], // A@1s → 1004
      [6 * S, 1005], // A@5s → 1005
      [10 * S, 1006], // A@10s → 1006
    ];
    for (const [t, mid] of mids) m.onMid(t, mid);
    m.onFill(makeFill({ tNs: 15 * S, side: -1, qty: 3, priceTicks: 1010 }));
    const later: [number, number][] = [
      [15.05 * S, 1007],
      [15.2 * S, 1008], // B@100ms → 1008
      [16 * S, 1009], // B@1s → 1009
      [20 * S, 1011], // B@5s → 1011
      [25 * S, 1010], // B@10s → 1010
      [30 * S, 1012], // A@30s → 1012
      [40 * S, 1013], // end of run: B@30s (45 s), A@60s (60 s), B@60s (75 s) stay unresolved
    ];
    for (const [t, mid] of later) m.onMid(t, mid);

    // markout = side·(mid − price), ticks:
    //   A (buy @1000):  100ms 2, 1s 4, 5s 5, 10s 6, 30s 12
    //   B (sell @1010): 100ms −(1008−1010)=2, 1s −(1009−1010)=1, 5s −(1011−1010)=−1, 10s 0
    // qty-weighted (A qty 1, B qty 3):
    //   100ms (2 + 3·2)/4 = 2;  1s (4 + 3·1)/4 = 1.75;  5s (5 − 3)/4 = 0.5;  10s (6 + 0)/4 = 1.5;  30s 12/1 = 12
    const r = m.result();
    expect(r.map((x) => x.horizonMs)).toEqual([100, 1000, 5000, 10000, 30000, 60000]);
    expect(r.map((x) => x.count)).toEqual([2, 2, 2, 2, 1, 0]);
    const ticks = [2, 1.75, 0.5, 1.5, 12];
    ticks.forEach((v, h) => {
      expect(r[h].meanTicks).toBeCloseTo(v, 12);
      expect(r[h].meanQuote).toBeCloseTo(v * 0.01, 12); // tick = 0.01 quote
    });
    expect(r[5].meanTicks).toBeNull();
    expect(r[5].meanQuote).toBeNull();
  });

  it("stays correct across compaction of resolved records (many fills)", () => {
    const m = new MarkoutTracker(1, [1, 2]); // horizons 1 ms and 2 ms
    // 20 000 buys @ 100, one per ms; the mid at time k ms is 100 + (k mod 2), so a fill at
    // k ms sees mid 100 + (k+1 mod 2) at 1 ms and 100 + (k mod 2) at 2 ms: mean 0.5 tick at both.
    const n = 20_000;
    for (let k = 0; k < n; k++) {
      m.onMid(k * 1e6, 100 + (k % 2));
      m.onFill(makeFill({ tNs: k * 1e6, side: 1, qty: 1, priceTicks: 100 }));
    }
    for (let k = n; k < n + 2; k++) m.onMid(k * 1e6, 100 + (k % 2));
    const r = m.result();
    expect(r.map((x) => x.count)).toEqual([n, n]);
    expect(r[0].meanTicks).toBeCloseTo(0.5, 12);
    expect(r[1].meanTicks).toBeCloseTo(0.5, 12);
  });
});

describe("KpiTracker markouts", () => {
  it("resolves at finish with the final mid only horizons with t+h ≤ end", () => {
    const t = new KpiTracker({ tickSize: 0.01, qMax: 1, fees: TEST_FEES, sampleIntervalNs: S });
    t.onStep(0, 1000);
    t.onFill(makeFill({ tNs: 0, side: 1, qty: 1, priceTicks: 1000 }));
    // No step before the end: the final mid 1003 at t = 1 s is the first mid ≥ 0.1 s and ≥ 1 s.
    const r = t.finish(S, 1003);
    expect(r.markouts.map((x) => x.count)).toEqual([1, 1, 0, 0, 0, 0]);
    expect(r.markouts[0].meanTicks).toBe(3); // +1·(1003 − 1000)
    expect(r.markouts[1].meanQuote).toBeCloseTo(0.03, 12);
    expect(r.markouts[2].meanTicks).toBeNull();
  });
});
