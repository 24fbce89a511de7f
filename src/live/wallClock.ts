/**
 * The machine's wall clock as epoch ns that never go backwards (the monotonic clock, anchored to
 * the system clock once). Only live code reads it — a paper session's receive stamps and timers —
 * and it is handed to them as a function; simulations never read it.
 */
export function wallClockNs(): () => bigint {
  const anchorNs = BigInt(Date.now()) * 1_000_000n - process.hrtime.bigint();
  return () => anchorNs + process.hrtime.bigint();
}
