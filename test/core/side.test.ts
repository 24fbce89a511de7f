import { describe, expect, it } from "vitest";
import { Side } from "../../src/core/side.ts";

describe("Side", () => {
  it("+1 bid/buy, −1 ask/sell: the sign used in every formula", () => {
    expect(Side.BID).toBe(1);
    expect(Side.ASK).toBe(-1);
    // e.g. a buy of 2 at 100 changes cash by −side·qty·px
    expect(-Side.BID * 2 * 100).toBe(-200);
    expect(-Side.ASK * 2 * 100).toBe(200);
  });
});
