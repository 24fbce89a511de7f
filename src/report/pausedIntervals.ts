import type { Column } from "../runfolder/format.ts";

/** One stretch of paused quoting, ns since the data origin: [startNs, endNs). */
export interface PausedInterval {
  startNs: number;
  endNs: number;
}

/**
 * The runs of rows with paused = 1: each starts at its first paused row and ends at the next
 * unpaused row (or, at the end of the data, one record interval after the last row).
 */
export function pausedIntervals(t_ns: Column, paused: Column): PausedInterval[] {
  const n = t_ns.length;
  const step = n > 1 ? t_ns[n - 1] - t_ns[n - 2] : 0;
  const out: PausedInterval[] = [];
  let start = -1;
  for (let i = 0; i <= n; i++) {
    const on = i < n && paused[i] === 1;
    if (on && start < 0) start = i;
    if (!on && start >= 0) {
      out.push({ startNs: t_ns[start], endNs: i < n ? t_ns[i] : t_ns[n - 1] + step });
      start = -1;
    }
  }
  return out;
}
