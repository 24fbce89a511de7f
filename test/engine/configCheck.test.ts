import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/load.ts";
import type { MmConfig } from "../../src/config/schema.ts";
import { buildEngineParts, checkEngineConfig } from "../../src/engine/configCheck.ts";
import { glftStrategy } from "../../src/strategy/glft.ts";
import halfSpread from "../strategy/fixtures/halfSpread.ts";

const defaults = parseConfig({});

/** A config made in code from the defaults, past the schema (as a hot reload's caller may make one). */
function crafted(change: (c: MmConfig) => void): MmConfig {
  const c = structuredClone(defaults);
  change(c);
  return c;
}

describe("buildEngineParts: what TradingEngine.build builds", () => {
  it("builds every part from a valid config", () => {
    const parts = buildEngineParts(parseConfig({ calibration: { online: { enabled: true } }, horizon: { mode: "session", session_seconds: 3600 } }), undefined, 5_400n * 1_000_000_000n);
    expect(parts.onlineCalibration).toBeDefined();
    expect(parts.volatility.window).toBe(100);
    expect(parts.volatilityBase.window).toBe(6000);
    expect(parts.requoteLimits).toEqual({ thresholdTicks: 100, behindThresholdTicks: 300, maxAgeNs: 60_000 * 1e6 });
    expect(parts.epochOffsetS).toBe(1800); // 5400 s after the epoch is 1800 s into a 3600 s session
    expect(parts.params).toEqual({ gamma: 0.5, k: 0.7, ofi_beta: 0.5 });
    expect(buildEngineParts(defaults).onlineCalibration).toBeUndefined();
  });

  it("throws where the engine would, for configs that skipped the schema", () => {
    // the reload: a 1e13-step OFI window
    expect(() => buildEngineParts(crafted((c) => (c.ofi.window_seconds = 1e12)))).toThrow(RangeError);
    // a session shorter than a nanosecond: the epoch offset divides by zero
    expect(() => buildEngineParts(crafted((c) => (c.horizon = { mode: "session", session_seconds: 1e-12 })))).toThrow(RangeError);
    // an online calibration window that is no whole number of re-fits
    const online = crafted((c) => Object.assign(c.calibration.online, { enabled: true, window_seconds: 600, every_seconds: 70 }));
    expect(() => buildEngineParts(online)).toThrow(/calibration\.window_seconds = 600: must be a whole multiple/);
    expect(() => buildEngineParts(crafted((c) => (c.risk.q_max = 0)))).toThrow(/risk\.q_max = 0/);
    expect(() => buildEngineParts(crafted((c) => (c.risk.latency_guard.window = 2 ** 40)))).toThrow(RangeError);
  });
});

describe("checkEngineConfig: why a config cannot take over an engine", () => {
  it("undefined for the defaults and for a valid change", () => {
    expect(checkEngineConfig(defaults)).toBeUndefined();
    expect(checkEngineConfig(parseConfig({ gamma: 0.05, ofi: { window_seconds: 5 } }))).toBeUndefined();
    expect(checkEngineConfig(parseConfig({ quoter: "glft" }), glftStrategy)).toBeUndefined();
  });

  it("the rule of a crafted config the engine could not build, instead of a throw", () => {
    expect(checkEngineConfig(crafted((c) => (c.ofi.window_seconds = 1e12)))).toBe(
      "config: ofi.window_seconds = 1000000000000: must span at most 100000 steps of loop.interval_ms (100 ms), not 10000000000000: the engine keeps one OFI value per step of the window",
    );
    expect(checkEngineConfig(crafted((c) => (c.horizon = { mode: "session", session_seconds: 1e-12 })))).toMatch(/^config: horizon\.session_seconds = 1e-12: must be ≥ 1 \(/);
    expect(checkEngineConfig(crafted((c) => (c.loop.interval_ms = 1e-9)))).toMatch(/^config: loop\.interval_ms = 1e-9: must be ≥ 1 \(/);
    expect(checkEngineConfig(crafted((c) => (c.risk.latency_guard.window = 2 ** 40)))).toMatch(/^config: risk\.latency_guard\.window = 1099511627776: must be ≤ 10000 \(/);
    expect(checkEngineConfig(null as never)).toBe("config: must be a JSON object (got null)");
  });

  it("a config the schema accepts but the running strategy's params do not: refused with the strategy's rule", () => {
    const config = parseConfig({ strategy: { params: { half_spread_ticks: -3 } } }); // params are the strategy's to check
    expect(checkEngineConfig(config)).toBeUndefined(); // the built-in quoter ignores strategy.params
    expect(checkEngineConfig(config, halfSpread)).toBe("config: strategy.params.half_spread_ticks = -3: Too small: expected number to be >0 (params of strategy half_spread)");
    expect(() => buildEngineParts(config, halfSpread)).toThrow(/strategy\.params\.half_spread_ticks = -3/);
  });

  it("leaves the config it checks unchanged", () => {
    const config = parseConfig({ gamma: 0.2 });
    const before = structuredClone(config);
    checkEngineConfig(config);
    expect(config).toEqual(before);
  });
});
