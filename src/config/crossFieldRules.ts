import { ConfigError } from "../core/errors.ts";
import { MAX_CALIBRATION_COUNTS, MAX_OFI_WINDOW_STEPS } from "./limits.ts";
import type { MmConfig } from "./schema.ts";

/** Loop steps in the OFI window (at least one), as the engine counts them. */
export function ofiWindowSteps(config: Pick<MmConfig, "ofi" | "loop">): number {
  return Math.max(1, Math.round((config.ofi.window_seconds * 1000) / config.loop.interval_ms));
}

/** The rules between two or more fields of a schema-valid config; throws a ConfigError naming each field for the first broken one. */
export function checkCrossFieldRules(c: MmConfig): void {
  const loopMs = c.loop.interval_ms;
  const guard = c.risk.latency_guard;
  if (guard.resume_below_ms > guard.pause_above_ms) {
    throw new ConfigError("risk.latency_guard.resume_below_ms", guard.resume_below_ms, `must be ≤ risk.latency_guard.pause_above_ms (${guard.pause_above_ms}) for hysteresis`);
  }
  // The guard is updated once per step: an ack that ages out within a step is never counted.
  if (guard.window_seconds * 1000 < loopMs) {
    throw new ConfigError("risk.latency_guard.window_seconds", guard.window_seconds, `must be ≥ loop.interval_ms (${loopMs} ms) in seconds: the guard is updated once per step, so a shorter window drops acks unseen`);
  }
  if (c.volatility.base_window <= c.volatility.window) {
    throw new ConfigError("volatility.base_window", c.volatility.base_window, `must be > volatility.window (${c.volatility.window}): the baseline is the longer EWMA`);
  }
  if (c.orders.size < c.symbol.lot_size) {
    throw new ConfigError("orders.size", c.orders.size, `must be ≥ symbol.lot_size (${c.symbol.lot_size})`);
  }
  if (c.orders.size > c.risk.q_max) {
    throw new ConfigError("orders.size", c.orders.size, `must be ≤ risk.q_max (${c.risk.q_max})`);
  }
  if (c.orders.max_age_ms < loopMs) {
    throw new ConfigError("orders.max_age_ms", c.orders.max_age_ms, `must be ≥ loop.interval_ms (${loopMs}): quotes are replaced at steps, so a shorter age replaces every quote at every step`);
  }
  checkOnlineCalibration(c.calibration.online);
  if (c.ofi.window_seconds * 1000 < loopMs) {
    throw new ConfigError("ofi.window_seconds", c.ofi.window_seconds, `must cover at least one loop interval (${loopMs} ms)`);
  }
  const steps = ofiWindowSteps(c);
  if (steps > MAX_OFI_WINDOW_STEPS) {
    throw new ConfigError("ofi.window_seconds", c.ofi.window_seconds, `must span at most ${MAX_OFI_WINDOW_STEPS} steps of loop.interval_ms (${loopMs} ms), not ${steps}: the engine keeps one OFI value per step of the window`);
  }
  // The timeseries and the KPI equity are sampled at steps: a finer grid only repeats a step's values (1e-6 ms: 1e8 of them a step).
  if (c.record.interval_ms < loopMs) {
    throw new ConfigError("record.interval_ms", c.record.interval_ms, `must be ≥ loop.interval_ms (${loopMs}): samples are taken at loop steps, so a shorter period only repeats a step's values`);
  }
  const silenceMs = c.feed.max_silence_ms;
  if (silenceMs !== 0 && silenceMs < loopMs) {
    throw new ConfigError("feed.max_silence_ms", silenceMs, `must be 0 (off) or ≥ loop.interval_ms (${loopMs}): the feed's silence is checked once per step`);
  }
}

/** The online calibration's window is a whole number of re-fit buckets, with few enough counts to add up at each re-fit, and its fits can reach min_points. */
function checkOnlineCalibration(online: MmConfig["calibration"]["online"]): void {
  const buckets = online.window_seconds / online.every_seconds;
  if (!(buckets >= 1 && Math.abs(buckets - Math.round(buckets)) <= 1e-9 * buckets)) {
    throw new ConfigError("calibration.online.window_seconds", online.window_seconds, `must be a whole multiple of calibration.online.every_seconds (${online.every_seconds})`);
  }
  const counts = Math.round(buckets) * online.levels;
  if (counts > MAX_CALIBRATION_COUNTS) {
    throw new ConfigError(
      "calibration.online.window_seconds",
      online.window_seconds,
      `must keep at most ${MAX_CALIBRATION_COUNTS} counts, not ${counts} (window_seconds / calibration.online.every_seconds (${online.every_seconds}) buckets × calibration.online.levels (${online.levels})): every re-fit adds them all up`,
    );
  }
  if (online.min_points > online.levels) {
    throw new ConfigError("calibration.online.min_points", online.min_points, `must be ≤ calibration.online.levels (${online.levels}): a fit has one point per distance at most, so none would ever be applied`);
  }
}
