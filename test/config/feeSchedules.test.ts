import { describe, expect, it } from "vitest";
import { DEFAULT_FEE_SCHEDULE, FEE_SCHEDULE_NAMES, FEE_SCHEDULES, feeAssumption, resolveFees } from "../../src/config/feeSchedules.ts";
import { parseConfig, parseConfigValue } from "../../src/config/load.ts";
import { configErrorOf } from "../support/configError.ts";

describe("fee schedules", () => {
  it("the published tiers, bp of notional: spot VIP 0 10/10, spot VIP 9 1.2/2.4 (the default), USDⓈ-M VIP 0 2/5", () => {
    expect(FEE_SCHEDULES).toEqual({
      "binance-spot-vip0": { maker_bps: 10, taker_bps: 10 },
      "binance-spot-vip9": { maker_bps: 1.2, taker_bps: 2.4 },
      "binance-usdm-vip0": { maker_bps: 2, taker_bps: 5 },
    });
    expect(DEFAULT_FEE_SCHEDULE).toBe("binance-spot-vip9");
    expect(FEE_SCHEDULE_NAMES).toEqual(["binance-spot-vip0", "binance-spot-vip9", "binance-usdm-vip0", "custom"]);
  });

  it("resolveFees: rates from the schedule; rates alone make it custom; a differing rate is a conflict", () => {
    expect(resolveFees({})).toEqual({ schedule: "binance-spot-vip9", maker_bps: 1.2, taker_bps: 2.4 });
    expect(resolveFees({ schedule: "binance-usdm-vip0" })).toEqual({ schedule: "binance-usdm-vip0", maker_bps: 2, taker_bps: 5 });
    expect(resolveFees({ maker_bps: -0.5 })).toEqual({ schedule: "custom", maker_bps: -0.5, taker_bps: 2.4 }); // the missing rate from the default
    expect(resolveFees({ schedule: "custom", taker_bps: 3 })).toEqual({ schedule: "custom", maker_bps: 1.2, taker_bps: 3 });
    expect(resolveFees({ schedule: "binance-spot-vip0", maker_bps: 10 })).toEqual({ schedule: "binance-spot-vip0", maker_bps: 10, taker_bps: 10 }); // agreeing is fine
    expect(resolveFees({ schedule: "binance-spot-vip0", taker_bps: 7.5 })).toEqual({
      field: "taker_bps",
      value: 7.5,
      rule: 'differs from schedule binance-spot-vip0 (10 bp); set fees.schedule to "custom" or leave the rate out',
    });
  });

  it("feeAssumption: the KPI report's words for the fees", () => {
    expect(feeAssumption({ schedule: "binance-spot-vip9", maker_bps: 1.2, taker_bps: 2.4 })).toEqual({ schedule: "binance-spot-vip9", makerBps: 1.2, takerBps: 2.4 });
  });
});

describe("config fees and kpi sections", () => {
  it("defaults: Binance spot VIP 9 (1.2 / 2.4 bp); PnL required", () => {
    const c = parseConfig({});
    expect(c.fees).toEqual({ schedule: "binance-spot-vip9", maker_bps: 1.2, taker_bps: 2.4 });
    expect(c.kpi).toEqual({ required: ["pnl"] });
  });

  it("a named schedule fills in its rates; rates without a schedule are custom", () => {
    expect(parseConfig({ fees: { schedule: "binance-spot-vip0" } }).fees).toEqual({ schedule: "binance-spot-vip0", maker_bps: 10, taker_bps: 10 });
    expect(parseConfig({ fees: { maker_bps: 0, taker_bps: 1 } }).fees).toEqual({ schedule: "custom", maker_bps: 0, taker_bps: 1 });
    expect(parseConfig({ fees: { maker_bps: -1 } }).fees).toEqual({ schedule: "custom", maker_bps: -1, taker_bps: 2.4 });
  });

  it("a named schedule with a differing rate: ConfigError naming field, value and rule", () => {
    const e = configErrorOf(() => parseConfig({ fees: { schedule: "binance-spot-vip9", maker_bps: 1 } }));
    expect(e.field).toBe("fees.maker_bps");
    expect(e.value).toBe(1);
    expect(e.message).toBe('config: fees.maker_bps = 1: differs from schedule binance-spot-vip9 (1.2 bp); set fees.schedule to "custom" or leave the rate out');
  });

  it("an unknown schedule: ConfigError listing the known ones", () => {
    const e = configErrorOf(() => parseConfigValue({ fees: { schedule: "binance-spot-vip3" } }));
    expect(e.field).toBe("fees.schedule");
    expect(e.message).toBe('config: fees.schedule = "binance-spot-vip3": unknown fee schedule; known: binance-spot-vip0, binance-spot-vip9, binance-usdm-vip0, custom');
    expect(configErrorOf(() => parseConfigValue({ fees: { maker_fee: 1 } })).message).toBe("config: fees.maker_fee = 1: unknown field");
  });

  it("kpi.required: rule ids of KPI_RULES; an unknown id lists the valid ones; [] is allowed", () => {
    expect(parseConfig({ kpi: { required: ["pnl", "cancel_ratio"] } }).kpi.required).toEqual(["pnl", "cancel_ratio"]);
    expect(parseConfig({ kpi: { required: [] } }).kpi.required).toEqual([]);
    const e = configErrorOf(() => parseConfig({ kpi: { required: ["pnl", "profit"] } }));
    expect(e.field).toBe("kpi.required.1");
    expect(e.message).toBe('config: kpi.required.1 = "profit": unknown KPI rule; valid: spread_captured, rms_inventory, fill_ratio, cancel_ratio, latency_p99, pnl');
  });

  it("round trip: the filled-in config (what the manifest records) parses to itself", () => {
    for (const input of [{}, { fees: { maker_bps: 0 } }, { fees: { schedule: "binance-usdm-vip0" } }, { fees: { schedule: "custom" } }, { kpi: { required: [] } }]) {
      const c = parseConfigValue(input);
      const again = parseConfig(JSON.parse(JSON.stringify(c)));
      expect(again).toEqual(c);
      expect(JSON.stringify(again)).toBe(JSON.stringify(c)); // key order too: the manifest's bytes
    }
  });
});
