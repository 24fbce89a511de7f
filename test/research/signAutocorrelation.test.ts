import { describe, expect, it } from "vitest";
import { SignAutocorrelation } from "../../src/research/signAutocorrelation.ts";
import { TRADE, feedOrders } from "./fixtures.ts";

describe("SignAutocorrelation", () => {
  it("C(k) over consecutive market orders, hand-computed", () => {
    const c = new SignAutocorrelation([1, 2, 4]);
    // signs + + − +; the two buy prints at 0.1 s are one order
    feedOrders(
      [
        [0.1, TRADE, 1, 100, 1],
        [0.1, TRADE, 1, 101, 1],
        [0.2, TRADE, 1, 100, 1],
        [0.3, TRADE, -1, 99, 1],
        [0.4, TRADE, 1, 100, 1],
      ],
      [c],
      1,
    );
    const f = c.result();
    expect(f.orders).toBe(4);
    expect(f.meanSign).toBe(0.5);
    // deviations from 0.5: ½ ½ −1½ ½, Σd² = 3; lag 1: ¼ − ¾ − ¾ = −1¼; lag 2: −¾ + ¼ = −½
    expect(f.lags[0].acf).toBeCloseTo(-1.25 / 3, 12);
    expect(f.lags[1].acf).toBeCloseTo(-0.5 / 3, 12);
    expect(f.lags[2].acf).toBeNaN(); // k ≥ n
    expect(f.lags[0].se).toBe(0.5); // 1/√4
  });

  it("a persistent flow (runs of four orders) has C(1) = 9/16", () => {
    const c = new SignAutocorrelation([1]);
    const signs = [1, 1, 1, 1, -1, -1, -1, -1, 1, 1, 1, 1, -1, -1, -1, -1];
    signs.forEach((s, i) => c.onMarketOrder(i, s));
    // mean 0, Σd² = 16; lag 1: 15 products, 12 of +1 and 3 of −1 → 9/16
    expect(c.result().lags[0].acf).toBeCloseTo(9 / 16, 12);
  });
});
