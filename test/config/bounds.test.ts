import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/load.ts";
import type { MmConfig } from "../../src/config/schema.ts";
import { configErrorOf } from "../support/configError.ts";

/** One bound of one field: `at` parses (with `with` set too), `beyond` fails with `message`. */
interface Bound {
  path: string;
  at: number;
  beyond: number;
  message: string;
  with?: string[];
}

const LOGNORMAL = ["sim.latency.kind=lognormal"];
const MINUTE_LEG = "slower than a minute is an outage, and its messages pile up in flight";

/** Every single-field bound of the schema's time, window and size fields (limits.ts), written out by hand. */
const BOUNDS: Bound[] = [
  { path: "loop.interval_ms", at: 1, beyond: 0.999, message: "must be ≥ 1 (trading loop period, ms: every window is counted in loop steps, so a shorter period multiplies them)" },
  {
    path: "loop.interval_ms",
    at: 60_000,
    beyond: 60_001,
    message: "must be ≤ 60000 (trading loop period, ms: quotes are placed once per step, and a minute between steps is no quoting loop)",
    // the fields that must cover at least one loop interval
    with: ["ofi.window_seconds=60", "record.interval_ms=60000", "feed.max_silence_ms=60000", "risk.latency_guard.window_seconds=60"],
  },
  { path: "record.interval_ms", at: 86_400_000, beyond: 86_400_001, message: "must be ≤ 86400000 (timeseries sampling period, ms: at least one row a day)" },
  {
    path: "feed.max_silence_ms",
    at: 3_600_000,
    beyond: 3_600_001,
    message: "must be ≤ 3600000 (longest time without a book update before quoting pauses, ms: an hour of silence is an outage, not a health limit; 0 turns the rule off)",
  },
  { path: "horizon.tau_seconds", at: 86_400, beyond: 86_401, message: "must be ≤ 86400 (constant T − t, seconds: a day; the spread γσ²τ grows with τ)" },
  {
    path: "horizon.session_seconds",
    at: 1,
    beyond: 0.999,
    message: "must be ≥ 1 (session length, seconds; T − t runs down to each session end, and a session under a second is no trading session)",
    with: ["horizon.mode=session"],
  },
  { path: "horizon.session_seconds", at: 604_800, beyond: 604_801, message: "must be ≤ 604800 (session length, seconds: a week is the longest trading session)", with: ["horizon.mode=session"] },
  { path: "ofi.z_window", at: 2, beyond: 1, message: "must be ≥ 2 (past window sums in the z-score: a z-score needs two to have a spread)" },
  { path: "ofi.z_window", at: 100_000, beyond: 100_001, message: "must be ≤ 100000 (past window sums in the z-score: the engine keeps each one)" },
  {
    path: "volatility.window",
    at: 1_000_000,
    beyond: 1_000_001,
    message: "must be ≤ 1000000 (EWMA observations for σ: quoting waits for this many steps, 28 h at 100 ms)",
    with: ["volatility.base_window=2000000"],
  },
  {
    path: "volatility.base_window",
    at: 10_000_000,
    beyond: 10_000_001,
    message: "must be ≤ 10000000 (EWMA observations for σ_base: at weight 2/(N+1) a step, a longer baseline stays near its first observations for days)",
  },
  { path: "risk.latency_guard.window", at: 10_000, beyond: 10_001, message: "must be ≤ 10000 (acks in the rolling P99: they are kept sorted, and each ack shifts up to this many)" },
  {
    path: "risk.latency_guard.window_seconds",
    at: 3600,
    beyond: 3601,
    message: "must be ≤ 3600 (age after which an ack leaves the rolling P99, s: a pause that stops all orders lasts until the slow acks age out)",
  },
  {
    path: "risk.latency_guard.pause_above_ms",
    at: 60_000,
    beyond: 60_001,
    message: "must be ≤ 60000 (pause when the ack P99 exceeds this, ms: above a minute it never pauses; enabled: false turns the guard off)",
  },
  {
    path: "risk.latency_guard.resume_below_ms",
    at: 60_000,
    beyond: 60_001,
    message: "must be ≤ 60000 (resume when the ack P99 falls below this, ms: at most a minute, as pause_above_ms)",
    with: ["risk.latency_guard.pause_above_ms=60000"],
  },
  { path: "orders.max_age_ms", at: 86_400_000, beyond: 86_400_001, message: "must be ≤ 86400000 (age at which a resting quote is replaced, ms: a day at most)" },
  {
    path: "calibration.online.window_seconds",
    at: 86_400,
    beyond: 86_401,
    message: "must be ≤ 86400 (rolling window of the fit, s: the first fit waits for a whole window; a day at most)",
    with: ["calibration.online.every_seconds=3600"],
  },
  {
    path: "calibration.online.every_seconds",
    at: 1,
    beyond: 0.999,
    message: "must be ≥ 1 (re-fit period, s; must divide window_seconds: each re-fit fits every distance of the grid, once a second at most)",
    with: ["calibration.online.window_seconds=60"],
  },
  { path: "calibration.online.every_seconds", at: 86_400, beyond: 86_401, message: "must be ≤ 86400 (re-fit period, s: a day at most)", with: ["calibration.online.window_seconds=86400"] },
  {
    path: "calibration.online.levels",
    at: 1000,
    beyond: 1001,
    message: "must be ≤ 1000 (distances in the λ(δ) grid: each bucket of the rolling window keeps two counts per distance)",
    with: ["calibration.online.window_seconds=60"],
  },
  { path: "sim.latency.entry_ms", at: 60_000, beyond: 60_001, message: `must be ≤ 60000 (order entry latency, ms: ${MINUTE_LEG})` },
  { path: "sim.latency.response_ms", at: 60_000, beyond: 60_001, message: `must be ≤ 60000 (response latency, ms: ${MINUTE_LEG})` },
  { path: "sim.latency.entry_median_ms", at: 60_000, beyond: 60_001, message: `must be ≤ 60000 (median order entry latency, ms: ${MINUTE_LEG})`, with: LOGNORMAL },
  { path: "sim.latency.response_median_ms", at: 60_000, beyond: 60_001, message: `must be ≤ 60000 (median response latency, ms: ${MINUTE_LEG})`, with: LOGNORMAL },
  { path: "sim.latency.entry_log_std", at: 3, beyond: 3.001, message: "must be ≤ 3 (standard deviation of ln(entry latency): at 3 the P99 is already about 1000× the median)", with: LOGNORMAL },
  { path: "sim.latency.response_log_std", at: 3, beyond: 3.001, message: "must be ≤ 3 (standard deviation of ln(response latency): at 3 the P99 is already about 1000× the median)", with: LOGNORMAL },
  { path: "sim.latency.spike_mean_ms", at: 60_000, beyond: 60_001, message: `must be ≤ 60000 (mean extra delay of a spike (exponential), ms: ${MINUTE_LEG})`, with: LOGNORMAL },
  { path: "sim.latency.spike_prob", at: 1, beyond: 1.001, message: "must be ≤ 1 (probability of a spike per draw)", with: LOGNORMAL },
  { path: "sim.latency.fallback_ms", at: 60_000, beyond: 60_001, message: `must be ≤ 60000 (latency per leg before the first measured round trip, ms: ${MINUTE_LEG})`, with: ["sim.latency.kind=measured"] },
];

/** The value at a dotted path of a config. */
function valueAt(config: MmConfig, path: string): unknown {
  return path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], config);
}

describe("bounds of the time, window and size fields", () => {
  for (const b of BOUNDS) {
    it(`${b.path}: ${b.at} passes, ${b.beyond} is refused`, () => {
      const sets = b.with ?? [];
      expect(valueAt(parseConfig({}, [...sets, `${b.path}=${b.at}`]), b.path)).toBe(b.at);
      const e = configErrorOf(() => parseConfig({}, [...sets, `${b.path}=${b.beyond}`]));
      expect(e.field).toBe(b.path);
      expect(e.value).toBe(b.beyond);
      expect(e.message).toBe(`config: ${b.path} = ${b.beyond}: ${b.message}`);
    });
  }

  it("the issue's values are refused with the rule, not run: loop.interval_ms=1e-9, record.interval_ms=1e-6, ofi.window_seconds=1e12", () => {
    expect(configErrorOf(() => parseConfig({}, ["loop.interval_ms=1e-9"])).message).toMatch(/^config: loop\.interval_ms = 1e-9: must be ≥ 1 \(/);
    expect(configErrorOf(() => parseConfig({}, ["record.interval_ms=1e-6"])).field).toBe("record.interval_ms");
    expect(configErrorOf(() => parseConfig({}, ["ofi.window_seconds=1e12"])).field).toBe("ofi.window_seconds");
  });

  it("a value from a config file is bounded the same way as an override", () => {
    expect(configErrorOf(() => parseConfig({ loop: { interval_ms: 0.5 } })).message).toBe(`config: loop.interval_ms = 0.5: ${BOUNDS[0].message}`);
  });
});
