/** Times of Coinbase messages and cryptofeed captures, as exact epoch nanoseconds (no float rounding). */

const ISO_UTC = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z$/;

/** An ISO-8601 UTC time with up to 9 fraction digits (`2021-04-17T16:43:30.244075Z`) as epoch ns, or undefined when it is not one. */
export function isoToEpochNs(text: string): bigint | undefined {
  const m = ISO_UTC.exec(text);
  if (m === null) return undefined;
  const ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
  // Date.UTC rolls invalid fields over (month 13, second 61): a time that does not read back is not one.
  if (!Number.isFinite(ms) || new Date(ms).toISOString().slice(0, 19) !== text.slice(0, 19)) return undefined;
  return BigInt(ms) * 1_000_000n + BigInt((m[7] ?? "").padEnd(9, "0"));
}

const SECONDS = /^(\d{1,12})(?:\.(\d{1,18}))?$/;

/**
 * Decimal epoch seconds (`1618677817.0618958`, cryptofeed's receive time) as epoch ns, digits past
 * the ninth dropped; undefined when the text is not such a number.
 */
export function secondsToEpochNs(text: string): bigint | undefined {
  const m = SECONDS.exec(text);
  if (m === null) return undefined;
  return BigInt(m[1]) * 1_000_000_000n + BigInt((m[2] ?? "").slice(0, 9).padEnd(9, "0"));
}
