import { MmlabError } from "../core/errors.ts";
import { parseDurationNs } from "../core/time.ts";

/** How the OFI study splits its buckets into windows: by data time, or by a count of buckets. */
export type WindowSpec = { kind: "time"; ns: number } | { kind: "buckets"; count: number };

/** Parses "1h", "30m" (a duration) or "60b" / "60 buckets" (a number of buckets). */
export function parseWindowSpec(text: string): WindowSpec {
  const m = /^\s*(\d+)\s*(b|buckets?)\s*$/i.exec(text);
  if (m) {
    const count = Number(m[1]);
    if (count < 3) throw new MmlabError(`window "${text}": needs at least 3 buckets for a regression with a t-statistic`);
    return { kind: "buckets", count };
  }
  try {
    return { kind: "time", ns: parseDurationNs(text) };
  } catch {
    throw new MmlabError(`window "${text}": expected a duration (1h, 30m) or a number of buckets (60b)`);
  }
}

/** Index of the window that holds the bucket starting at `tS` (the i-th kept bucket). */
export function windowIndex(spec: WindowSpec, tS: number, i: number): number {
  return spec.kind === "time" ? Math.floor((tS * 1e9) / spec.ns) : Math.floor(i / spec.count);
}
