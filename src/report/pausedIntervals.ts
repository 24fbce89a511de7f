import type { Column } from "../runfolder/format.ts";

/** One stretch of paused quoting, ns since the data origin: [startNs, endNs), and its `paused` code (engine/recorder.ts PausedCode). */
export interface PausedInterval {
  startNs: number;
  endNs: number;
  code: number;
}

/**
 * The runs of rows with the same non-zero `paused` code: each starts at its first row and ends at
 * the next row with another code (or, at the end of the data, one record interval after the last row).
 */
export function pausedIntervals(t_ns: Column, paused: Column): PausedInterval[] {
  const n = t_ns.length;
  const step = n > 1 ? t_ns[n - 1] - t_ns[n - 2] : 0;
  const out: PausedInterval[] = [];
  let start = -1;
  for (let i = 0; i <= n; i++) {
    const code = i < n ? paused[i] : 0;
    if (start >= 0 && code !== paused[start]) {
      out.push({ startNs: t_ns[start], endNs: i < n ? t_ns[i] : t_ns[n - 1] + step, code: paused[start] });
      start = -1;
    }
    if (code !== 0 && start < 0) start = i;
  }
  return out;
}
