import { MmlabError } from "./errors.ts";

export const NS_PER_MS = 1_000_000;
export const NS_PER_S = 1_000_000_000;

/** Time as the engine sees it: float64 nanoseconds since the dataset's first timestamp. */
export interface Clock {
  nowNs(): number;
}

/** A clock moved by the simulator: the engine's only notion of time in a backtest. */
export class VirtualClock implements Clock {
  private tNs = 0;
  nowNs(): number {
    return this.tNs;
  }
  /** Moves time to `tNs`; time never goes back. */
  advanceTo(tNs: number): void {
    if (tNs > this.tNs) this.tNs = tNs;
  }
}

const DURATION_UNITS_NS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  ms: NS_PER_MS,
  s: NS_PER_S,
  m: 60 * NS_PER_S,
  h: 3600 * NS_PER_S,
  d: 86400 * NS_PER_S,
};

/**
 * Parses "24h", "90m", "1.5s", "250ms" (a bare number means seconds) into nanoseconds. `name`
 * (e.g. "--duration") is what an error calls the value.
 */
export function parseDurationNs(text: string, name = "duration"): number {
  if (/^\s*-\s*\.?\d/.test(text)) throw new MmlabError(`${name} "${text}": must be a positive duration such as 90s, 15m, 8h`);
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ns|us|ms|s|m|h|d)?\s*$/.exec(text);
  if (!m) throw new MmlabError(`${name} "${text}": expected a number with a unit (ns, us, ms, s, m, h, d), e.g. 24h`);
  const value = Number(m[1]) * DURATION_UNITS_NS[m[2] ?? "s"];
  if (!(value > 0)) throw new MmlabError(`${name} "${text}": must be greater than zero`);
  return value;
}
