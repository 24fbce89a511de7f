/**
 * Bounds of the config's time, window and size fields (schema.ts; the ones between two fields are
 * in crossFieldRules.ts). They keep a run finite in time and memory: every engine window is
 * counted in loop steps and held in memory, the KPIs are sampled on a time grid, and a message is
 * held in flight for its latency.
 */

/** Shortest loop period, ms: windows are counted in steps, so a shorter period multiplies them (1e-9 ms made a 1e12-step OFI window). */
export const MIN_LOOP_INTERVAL_MS = 1;
/** Longest loop period, ms: quotes are placed once per step, and a minute between steps is no quoting loop. */
export const MAX_LOOP_INTERVAL_MS = 60_000;

/** One day, s and ms: the longest sampling period, quote age, τ and calibration window. */
export const DAY_S = 86_400;
export const DAY_MS = DAY_S * 1000;
/** One week, s: the longest trading session of a session horizon. */
export const WEEK_S = 7 * DAY_S;
/** Shortest trading session, s. */
export const MIN_SESSION_S = 1;

/** Most loop steps in the OFI window: the engine keeps one OFI value (8 bytes) per step of it. */
export const MAX_OFI_WINDOW_STEPS = 100_000;
/** Most past window sums in the OFI z-score: the engine keeps each one. */
export const MAX_OFI_Z_WINDOW = 100_000;

/** Most EWMA observations for σ: quoting waits for this many steps (28 h at the 100 ms default). */
export const MAX_VOLATILITY_WINDOW = 1_000_000;
/** Most EWMA observations for σ_base: at weight 2/(N+1) a step, a longer baseline stays near its first observations for days. */
export const MAX_VOLATILITY_BASE_WINDOW = 10_000_000;

/** Most acks in the latency guard's P99: they are kept sorted, and each ack shifts up to this many. */
export const MAX_LATENCY_GUARD_ACKS = 10_000;
/** Longest age of an ack in the latency guard, s: a pause that stops all orders lasts until the slow acks age out. */
export const MAX_LATENCY_GUARD_WINDOW_S = 3_600;

/** Longest latency of one leg, spike or threshold, ms: slower than a minute is an outage, and its messages pile up in flight. */
export const MAX_LATENCY_MS = 60_000;
/** Largest standard deviation of ln(latency): at 3 the P99 is already about 1000× the median. */
export const MAX_LATENCY_LOG_STD = 3;

/** Longest time without a book update before quoting pauses, ms: an hour of silence is an outage, not a health limit. */
export const MAX_FEED_SILENCE_MS = 3_600_000;

/** Shortest re-fit period of the online calibration, s: each re-fit fits every distance of the grid. */
export const MIN_CALIBRATION_EVERY_S = 1;
/**
 * Most reach counts the online calibration keeps, (window_seconds / every_seconds) buckets × levels
 * distances: every re-fit adds them all up again, so this bounds both its memory and its time.
 */
export const MAX_CALIBRATION_COUNTS = 100_000;
/** Most distances in the online calibration's λ(δ) grid. */
export const MAX_CALIBRATION_LEVELS = 1_000;
