/** A unit of Binance epoch times. */
export interface TimeUnit {
  name: "ms" | "µs" | "ns";
  nsPerUnit: bigint;
}

const MS: TimeUnit = { name: "ms", nsPerUnit: 1_000_000n };
const US: TimeUnit = { name: "µs", nsPerUnit: 1_000n };
const NS: TimeUnit = { name: "ns", nsPerUnit: 1n };

/**
 * The unit of an epoch time written as decimal digits, from its magnitude: up to 14 digits is
 * milliseconds (< 1e14 ms is before the year 5138), 15–17 digits microseconds (Binance spot dumps
 * since 2025), more nanoseconds. Today's times have 13, 16 and 19 digits.
 */
export function timeUnitOf(digits: string): TimeUnit {
  const n = digits.replace(/^0+/, "").length;
  return n <= 14 ? MS : n <= 17 ? US : NS;
}
