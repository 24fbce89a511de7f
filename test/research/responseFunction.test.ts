import { describe, expect, it } from "vitest";
import { ResponseFunction } from "../../src/research/responseFunction.ts";
import { DEPTH, SNAPSHOT, TRADE, feedOrders, type Ev } from "./fixtures.ts";

const BID = 1;
const ASK = -1;

// A buy, the mid moves +2 ticks; a sell, the mid moves −1 tick:
//   0    bid 100, ask 101                               mid 100.5
//   1    ask 101 → 102 (same timestamp as the buy), buy 0.2 @101 + 0.3 @102   mid 101 (m(1⁻) = 100.5)
//   1.05 bid 102, ask 103                               mid 102.5
//   2    sell 0.1 @102                                  m(2⁻) = 102.5
//   2.5  bid 101, ask 102                               mid 101.5
const EVENTS: Ev[] = [
  [0, SNAPSHOT, BID, 100, 1],
  [0, SNAPSHOT, ASK, 101, 1],
  [1, DEPTH, ASK, 101, 0],
  [1, DEPTH, ASK, 102, 1],
  [1, TRADE, BID, 101, 0.2],
  [1, TRADE, BID, 102, 0.3],
  [1.05, DEPTH, BID, 100, 0],
  [1.05, DEPTH, BID, 102, 1],
  [1.05, DEPTH, ASK, 102, 0],
  [1.05, DEPTH, ASK, 103, 1],
  [2, TRADE, ASK, 102, 0.1],
  [2.5, DEPTH, BID, 102, 0],
  [2.5, DEPTH, BID, 101, 1],
  [2.5, DEPTH, ASK, 103, 0],
  [2.5, DEPTH, ASK, 102, 1],
];

describe("ResponseFunction", () => {
  it("R(ℓ) = mean ε·(m(t+ℓ) − m(t⁻)), hand-computed", () => {
    const r = new ResponseFunction([0.1e9, 1e9, 5e9]);
    feedOrders(EVENTS, [r], 4);
    const f = r.result();
    expect(f.orders).toBe(2);
    // ℓ = 0.1 s: buy m(1.1) = 102.5 → +2; sell m(2.1) = 102.5 → 0
    expect(f.lags[0].all.n).toBe(2);
    expect(f.lags[0].all.mean).toBe(1);
    expect(f.lags[0].all.se).toBeCloseTo(1, 12); // s² = 2, √(2/2)
    // ℓ = 1 s: buy m(2.0) = 102.5 → +2 (the sell at 2.0 moves nothing); sell m(3.0) = 101.5 → −1·(101.5 − 102.5) = +1
    expect(f.lags[1].all.mean).toBe(1.5);
    // ℓ = 5 s: past the end (4 s) for both
    expect(f.lags[2].all.n).toBe(0);
    expect(f.lags[2].all.mean).toBeNaN();
    expect(f.lags.map((l) => l.lagS)).toEqual([0.1, 1, 5]);
  });

  it("splits at the median order size (nearest rank: 0.1 of {0.1, 0.5}): the buy is the larger", () => {
    const r = new ResponseFunction([1e9]);
    feedOrders(EVENTS, [r], 4);
    const f = r.result();
    expect(f.medianQty).toBe(0.1);
    expect(f.lags[0].larger).toMatchObject({ n: 1, mean: 2 });
    expect(f.lags[0].notLarger).toMatchObject({ n: 1, mean: 1 });
  });

  it("a buy then the mid +2 ticks: R = 2", () => {
    const r = new ResponseFunction([1e9]);
    feedOrders(EVENTS.slice(0, 10), [r], 3);
    expect(r.result().lags[0].all).toMatchObject({ n: 1, mean: 2 });
  });

  it("leaves out orders without a valid mid before them or at t + ℓ", () => {
    const r = new ResponseFunction([0.5e9]);
    feedOrders(
      [
        [0, TRADE, BID, 100, 1], // no book yet
        [0, SNAPSHOT, BID, 100, 1],
        [0, SNAPSHOT, ASK, 101, 1],
        [1, TRADE, BID, 101, 1],
        [1.2, DEPTH, ASK, 101, 0], // one-sided over [1.2, 2): m(1.5) not valid
        [2, DEPTH, ASK, 102, 1],
      ],
      [r],
      3,
    );
    const f = r.result();
    expect(f.orders).toBe(1);
    expect(f.lags[0].all.n).toBe(0);
  });
});
