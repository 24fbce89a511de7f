import { describe, expect, it } from "vitest";
import { configSchema } from "../../src/config/schema.ts";
import type { MmConfig } from "../../src/config/schema.ts";

describe("configSchema defaults (Binance spot BTC-USDT)", () => {
  const c: MmConfig = configSchema.parse({});

  it("strategy parameters", () => {
    expect(c.quoter).toBe("avellaneda_stoikov");
    expect(c.gamma).toBe(0.5);
    expect(c.k).toBe(0.7);
    expect(c.A).toBe(1);
    expect(c.horizon).toEqual({ mode: "rolling", tau_seconds: 10 });
    expect(c.ofi).toEqual({ beta: 0.5, window_seconds: 1, z_window: 300, z_clamp: 3 });
    expect(c.volatility).toEqual({ window: 100, base_window: 6000, base_sigma: 0 });
  });

  it("risk: q_max, volatility regime ×1.5 above 2σ_base, latency guard 300/250 ms", () => {
    expect(c.risk.q_max).toBe(0.5);
    expect(c.risk.vol_regime_ratio).toBe(2);
    expect(c.risk.vol_regime_spread_multiplier).toBe(1.5);
    expect(c.risk.latency_guard).toEqual({ enabled: true, window: 200, window_seconds: 30, pause_above_ms: 300, resume_below_ms: 250 });
  });

  it("symbol filters: tick 0.01, lot 0.00001, min notional 5 USDT; loop 100 ms", () => {
    expect(c.symbol).toEqual({ name: "BTCUSDT", venue: "binance-spot", tick_size: 0.01, lot_size: 0.00001, min_notional: 5 });
    expect(c.loop.interval_ms).toBe(100);
    expect(c.orders).toEqual({ size: 0.01, requote_threshold_ticks: 100, requote_behind_threshold_ticks: 300, max_age_ms: 60_000 });
    expect(c.fees).toEqual({ schedule: "binance-spot-vip9", maker_bps: 1.2, taker_bps: 2.4 }); // Binance spot VIP 9, standard rates
  });

  it("is plain JSON: a JSON round trip gives an equal config that parses to itself", () => {
    const text = JSON.stringify(c);
    expect(JSON.parse(text)).toEqual(c);
    expect(configSchema.parse(JSON.parse(text))).toEqual(c);
  });

  it("session horizon defaults to a one-day session", () => {
    expect(configSchema.parse({ horizon: { mode: "session" } }).horizon).toEqual({ mode: "session", session_seconds: 86_400 });
  });

  it("a partial nested object keeps the other nested defaults", () => {
    const p = configSchema.parse({ risk: { q_max: 3 } });
    expect(p.risk.q_max).toBe(3);
    expect(p.risk.vol_regime_spread_multiplier).toBe(1.5);
    expect(p.risk.latency_guard.pause_above_ms).toBe(300);
  });
});
