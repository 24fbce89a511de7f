import { MmlabError } from "../../core/errors.ts";
import { parseDurationNs } from "../../core/time.ts";

/** A span of data time, in ns since the data origin: [startNs, endNs]. */
export interface Span {
  startNs: number;
  endNs: number;
}

/** Parses "0-12h", "12h-24h", "90m-3h" (ends are durations from the data origin; "0" is the origin). */
export function parseSpan(text: string, what = "span"): Span {
  const parts = text.split("-");
  if (parts.length !== 2) throw new MmlabError(`${what} "${text}": expected START-END in data time, e.g. 0-12h or 12h-24h`);
  const at = (s: string): number => (/^\s*0+(\.0+)?\s*$/.test(s) ? 0 : parseDurationNs(s));
  let span: Span;
  try {
    span = { startNs: at(parts[0]), endNs: at(parts[1]) };
  } catch (e) {
    throw new MmlabError(`${what} "${text}": ${(e as Error).message}`);
  }
  if (!(span.endNs > span.startNs)) throw new MmlabError(`${what} "${text}": the end must be after the start`);
  return span;
}
