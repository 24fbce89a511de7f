/**
 * LOBSTER times: `time` is wall-clock seconds after midnight in New York (up to ns precision) on
 * the trading date. Both are converted exactly into int64 epoch nanoseconds (no float rounding).
 */

const NS_PER_S = 1_000_000_000n;
const NS_PER_MS = 1_000_000n;
const MS_PER_DAY = 86_400_000;
const TIME_PATTERN = /^(\d+)(?:\.(\d{1,9}))?$/;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Exact ns of a decimal seconds string ("34200.18960767" → 34200189607670n); undefined when malformed. */
export function parseSecondsToNs(text: string): bigint | undefined {
  const m = TIME_PATTERN.exec(text);
  if (!m) return undefined;
  const fraction = (m[2] ?? "").padEnd(9, "0");
  return BigInt(m[1]) * NS_PER_S + BigInt(fraction);
}

const LONG_TIME_PATTERN = /^(\d+)\.(\d{10,})$/;

/**
 * Ns of a decimal seconds string, exact up to 9 decimals, rounded to the nearest ns (half up)
 * beyond: `rounded` says so. Undefined when malformed.
 */
export function parseSecondsNearestNs(text: string): { ns: bigint; rounded: boolean } | undefined {
  const exact = parseSecondsToNs(text);
  if (exact !== undefined) return { ns: exact, rounded: false };
  const m = LONG_TIME_PATTERN.exec(text);
  if (!m) return undefined;
  const ns = BigInt(m[1]) * NS_PER_S + BigInt(m[2].slice(0, 9)) + (m[2].charCodeAt(9) >= 0x35 ? 1n : 0n);
  return { ns, rounded: true };
}

/** UTC offset (ms, local − UTC) of a time zone at an instant, from Intl (e.g. −4 h for New York in summer). */
export function utcOffsetMs(utcMs: number, timeZone: string): number {
  const format = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  });
  const p: Record<string, number> = {};
  for (const part of format.formatToParts(new Date(utcMs))) p[part.type] = Number(part.value);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(utcMs / 1000) * 1000;
}

/**
 * Epoch ns of wall-clock midnight of `date` (YYYY-MM-DD) in `timeZone`, such that adding LOBSTER's
 * seconds-after-midnight gives the right instant during the trading day. The offset used is the
 * one in force at 12:00 UTC of that date (07:00 or 08:00 in New York): on a daylight-saving switch
 * day (the switch is at 02:00) the trading hours carry that offset, and LOBSTER's 34200 s is 09:30
 * local. Undefined when `date` is not a real calendar date.
 */
export function midnightEpochNs(date: string, timeZone = "America/New_York"): bigint | undefined {
  const m = DATE_PATTERN.exec(date);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const base = Date.UTC(y, mo - 1, d);
  const check = new Date(base);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return undefined;
  const offset = utcOffsetMs(base + MS_PER_DAY / 2, timeZone);
  return BigInt(base - offset) * NS_PER_MS;
}
