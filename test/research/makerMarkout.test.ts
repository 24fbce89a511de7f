import { describe, expect, it } from "vitest";
import { MakerMarkout } from "../../src/research/makerMarkout.ts";
import { DEPTH, SNAPSHOT, TRADE, feedOrders, type Ev } from "./fixtures.ts";

const BID = 1;
const ASK = -1;

// 0    bid 100, ask 102                                   mid 101
// 1    buy 0.1 @102 + 0.1 @106: reach 5 (106 − 101); the sweep leaves ask 107   mid 103.5
// 1.5  bid 108, ask 110                                   mid 109 (m(1 + 1 s) = mid + 8)
// 3    sell 0.1 @108: reach 1 (109 − 108); bid 106        mid 108
// 3.5  ask 108                                            mid 107
const EVENTS: Ev[] = [
  [0, SNAPSHOT, BID, 100, 1],
  [0, SNAPSHOT, ASK, 102, 1],
  [1, TRADE, BID, 102, 0.1],
  [1, TRADE, BID, 106, 0.1],
  [1, DEPTH, ASK, 102, 0],
  [1, DEPTH, ASK, 107, 1],
  [1.5, DEPTH, BID, 100, 0],
  [1.5, DEPTH, BID, 108, 1],
  [1.5, DEPTH, ASK, 107, 0],
  [1.5, DEPTH, ASK, 110, 1],
  [3, TRADE, ASK, 108, 0.1],
  [3, DEPTH, BID, 108, 0],
  [3, DEPTH, BID, 106, 1],
  [3.5, DEPTH, ASK, 110, 0],
  [3.5, DEPTH, ASK, 108, 1],
];

function run(distances: number[], horizonsS: number[]) {
  const m = new MakerMarkout(distances, horizonsS.map((h) => h * 1e9));
  feedOrders(EVENTS, [m], 5);
  return m.result();
}

describe("MakerMarkout", () => {
  it("a buy reaching mid + 5 with the mid at mid + 8 one second later: markout −3 at d = 5; an order that does not reach d is not counted", () => {
    const f = run([1, 5, 10], [0.1, 1, 60]);
    expect(f.distancesTicks).toEqual([1, 5, 10]);
    expect(f.horizonsS).toEqual([0.1, 1, 60]);
    const [d1, d5, d10] = f.distances;
    expect([d1.fills, d5.fills, d10.fills]).toEqual([2, 1, 0]); // the sell reaches only 1 tick, nothing reaches 10
    // d = 5, h = 1 s: the maker sold at 106, mid 109: −3
    expect(d5.horizons[1]).toMatchObject({ horizonS: 1, n: 1, mean: -3 });
    // d = 5, h = 0.1 s: mid 103.5 after the sweep: 106 − 103.5 = +2.5
    expect(d5.horizons[0]).toMatchObject({ n: 1, mean: 2.5 });
    // d = 1, h = 1 s: the buy −(109 − 102) = −7, the sell (maker bought at 108) 107 − 108 = −1: mean −4, s² = 18, se = 3
    expect(d1.horizons[1].n).toBe(2);
    expect(d1.horizons[1].mean).toBe(-4);
    expect(d1.horizons[1].se).toBeCloseTo(3, 12);
    // d = 1, h = 0.1 s: the buy 102 − 103.5 = −1.5, the sell 108 − 108 = 0
    expect(d1.horizons[0].mean).toBe(-0.75);
    // 60 s: past the data's end (5 s)
    expect(d1.horizons[2]).toMatchObject({ n: 0 });
    expect(d10.horizons.every((h) => h.n === 0 && Number.isNaN(h.mean))).toBe(true);
  });

  it("markout = d − ε·(m(t+h) − m(t⁻)): the same at every distance up to the order's reach, shifted by d", () => {
    const f = run([1, 2, 3, 4, 5, 6], [1]);
    expect(f.distances.map((d) => d.fills)).toEqual([2, 1, 1, 1, 1, 0]);
    // the buy alone beyond 1 tick: impact +8 at 1 s
    expect(f.distances.slice(1, 5).map((d) => d.horizons[0].mean)).toEqual([2 - 8, 3 - 8, 4 - 8, 5 - 8]);
  });

  it("rejects distances that are not positive and ascending", () => {
    expect(() => new MakerMarkout([5, 1], [1e9])).toThrow(/ascending/);
    expect(() => new MakerMarkout([0, 1], [1e9])).toThrow(/> 0/);
  });
});
