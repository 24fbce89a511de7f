import { describe, expect, it } from "vitest";
import { ofiWindowSteps } from "../../src/config/crossFieldRules.ts";
import { parseConfig } from "../../src/config/load.ts";
import { configErrorOf } from "../support/configError.ts";

/** The message of the ConfigError these overrides raise. */
const refused = (...sets: string[]) => configErrorOf(() => parseConfig({}, sets)).message;
/** The overrides parse. */
const passes = (...sets: string[]) => expect(() => parseConfig({}, sets)).not.toThrow();

describe("bounds between fields (each message names both fields)", () => {
  it("record.interval_ms ≥ loop.interval_ms", () => {
    passes("loop.interval_ms=50", "record.interval_ms=50");
    expect(refused("loop.interval_ms=50", "record.interval_ms=49")).toBe(
      "config: record.interval_ms = 49: must be ≥ loop.interval_ms (50): samples are taken at loop steps, so a shorter period only repeats a step's values",
    );
    expect(refused("record.interval_ms=1e-6")).toBe(
      "config: record.interval_ms = 0.000001: must be ≥ loop.interval_ms (100): samples are taken at loop steps, so a shorter period only repeats a step's values",
    );
  });

  it("orders.max_age_ms ≥ loop.interval_ms", () => {
    passes("orders.max_age_ms=100");
    expect(refused("orders.max_age_ms=99")).toBe(
      "config: orders.max_age_ms = 99: must be ≥ loop.interval_ms (100): quotes are replaced at steps, so a shorter age replaces every quote at every step",
    );
  });

  it("feed.max_silence_ms is 0 (off) or ≥ loop.interval_ms", () => {
    passes("feed.max_silence_ms=0");
    passes("feed.max_silence_ms=100");
    expect(refused("feed.max_silence_ms=99")).toBe("config: feed.max_silence_ms = 99: must be 0 (off) or ≥ loop.interval_ms (100): the feed's silence is checked once per step");
  });

  it("risk.latency_guard.window_seconds covers a loop interval", () => {
    passes("risk.latency_guard.window_seconds=0.1");
    expect(refused("risk.latency_guard.window_seconds=0.099")).toBe(
      "config: risk.latency_guard.window_seconds = 0.099: must be ≥ loop.interval_ms (100 ms) in seconds: the guard is updated once per step, so a shorter window drops acks unseen",
    );
  });

  it("ofi.window_seconds spans at most 100000 loop steps", () => {
    passes("ofi.window_seconds=10000"); // 100000 steps of 100 ms
    expect(refused("ofi.window_seconds=10000.1")).toBe(
      "config: ofi.window_seconds = 10000.1: must span at most 100000 steps of loop.interval_ms (100 ms), not 100001: the engine keeps one OFI value per step of the window",
    );
    // the same window is fine at a slower loop: the bound is in steps
    passes("ofi.window_seconds=10000.1", "loop.interval_ms=200");
    expect(refused("ofi.window_seconds=1e12")).toBe(
      "config: ofi.window_seconds = 1000000000000: must span at most 100000 steps of loop.interval_ms (100 ms), not 10000000000000: the engine keeps one OFI value per step of the window",
    );
  });

  it("the online calibration keeps at most 100000 counts (buckets × levels)", () => {
    passes("calibration.online.window_seconds=3600", "calibration.online.every_seconds=1", "calibration.online.levels=27"); // 3600 × 27 = 97 200
    passes("calibration.online.window_seconds=50000", "calibration.online.every_seconds=1", "calibration.online.levels=2", "calibration.online.min_points=2");
    expect(refused("calibration.online.window_seconds=3600", "calibration.online.every_seconds=1", "calibration.online.levels=28")).toBe(
      "config: calibration.online.window_seconds = 3600: must keep at most 100000 counts, not 100800 (window_seconds / calibration.online.every_seconds (1) buckets × calibration.online.levels (28)): every re-fit adds them all up",
    );
  });

  it("calibration.online.min_points ≤ calibration.online.levels", () => {
    passes("calibration.online.levels=5", "calibration.online.min_points=5");
    expect(refused("calibration.online.levels=5", "calibration.online.min_points=6")).toBe(
      "config: calibration.online.min_points = 6: must be ≤ calibration.online.levels (5): a fit has one point per distance at most, so none would ever be applied",
    );
  });

  it("ofiWindowSteps counts the window in loop steps as the engine does (rounded, at least one)", () => {
    expect(ofiWindowSteps(parseConfig({}))).toBe(10);
    expect(ofiWindowSteps({ ofi: { window_seconds: 0.15 }, loop: { interval_ms: 100 } } as never)).toBe(2);
    expect(ofiWindowSteps({ ofi: { window_seconds: 0.01 }, loop: { interval_ms: 100 } } as never)).toBe(1);
  });
});
