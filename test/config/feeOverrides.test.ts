import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/load.ts";
import { configErrorOf } from "../support/configError.ts";

describe("fee overrides (prepareFeeOverrides through parseConfig)", () => {
  it("--set on the fees: a rate alone becomes custom; a schedule alone brings its rates; both must agree", () => {
    expect(parseConfig({}, ["fees.maker_bps=1"]).fees).toEqual({ schedule: "custom", maker_bps: 1, taker_bps: 2.4 });
    expect(parseConfig({}, ["fees.schedule=binance-spot-vip0"]).fees).toEqual({ schedule: "binance-spot-vip0", maker_bps: 10, taker_bps: 10 });
    expect(parseConfig({ fees: { maker_bps: 0, taker_bps: 1 } }, ["fees.schedule=binance-usdm-vip0"]).fees).toEqual({ schedule: "binance-usdm-vip0", maker_bps: 2, taker_bps: 5 });
    expect(parseConfig({ fees: { maker_bps: 0, taker_bps: 1 } }, ["fees.schedule=custom"]).fees).toEqual({ schedule: "custom", maker_bps: 0, taker_bps: 1 }); // keeps the rates
    expect(parseConfig({ fees: { schedule: "binance-usdm-vip0" } }, ["fees.taker_bps=4"]).fees).toEqual({ schedule: "custom", maker_bps: 2, taker_bps: 4 });
    expect(parseConfig({}, ["fees.schedule=custom", "fees.maker_bps=0.5"]).fees).toEqual({ schedule: "custom", maker_bps: 0.5, taker_bps: 2.4 });
    expect(configErrorOf(() => parseConfig({}, ["fees.schedule=binance-spot-vip0", "fees.maker_bps=1"])).message).toBe(
      'config: fees.maker_bps = 1: differs from schedule binance-spot-vip0 (10 bp); set fees.schedule to "custom" or leave the rate out',
    );
    // a filled-in config taken as the input (a grid's base, a session's recorded config) takes rate overrides too
    expect(parseConfig(parseConfig({}), ["fees.maker_bps=0"]).fees).toEqual({ schedule: "custom", maker_bps: 0, taker_bps: 2.4 });
    expect(parseConfig({}, ["kpi.required=[]"]).kpi.required).toEqual([]);
  });
});
