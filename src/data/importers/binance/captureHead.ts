import { readLines } from "../lines.ts";
import { CLOCK_OUTLIER_NS, median, msBelow, type ClockSample } from "./clockCorrection.ts";
import { messageSymbol, parseCaptureLine } from "./captureLine.ts";

/** What a first look at a capture tells: clock offset, sync rule and symbol. */
export interface CaptureHead {
  /**
   * Minimum of (local_ns − exchange ns) over the sampled diffs (E) and the trades (T) among them,
   * leaving out outliers (more than CLOCK_OUTLIER_NS below their median); null without samples.
   */
  minLocalMinusExchNs: bigint | null;
  /** The sample's min, median and outliers (null without samples). */
  clock: ClockSample | null;
  /** Messages sampled and what they were ("depth diffs", or "trades" when there were no diffs). */
  samples: number;
  sampledKind: "depth diffs" | "trades";
  /** A diff carried `pu`: the USD-M futures sync rule applies. */
  usdm: boolean;
  /** First symbol found (`s` or stream name), uppercase; "" if none. */
  symbol: string;
  /** Local receive time of the first parsed message, epoch ns (null when none parsed): when the capture was made. */
  firstLocalNs: bigint | null;
  /** Non-blank lines read (0: the capture holds none). */
  lines: number;
}

/**
 * Reads the inputs (as one stream) only until `maxDiffs` depth diffs were seen, and returns the
 * clock-offset sample, the rule and the symbol. Unreadable lines are skipped here: the import
 * itself reports them with their line numbers.
 */
export async function scanCaptureHead(inputs: readonly string[], maxDiffs: number): Promise<CaptureHead> {
  const diffDeltas: Delta[] = [];
  const tradeDeltas: Delta[] = [];
  let diffs = 0;
  let trades = 0;
  let usdm = false;
  let symbol = "";
  let lines = 0;
  let firstLocalNs: bigint | null = null;
  outer: for (const path of inputs) {
    let lineNo = 0;
    for await (const text of headLines(path)) {
      lineNo++;
      if (text.trim() !== "") lines++;
      let m;
      try {
        m = parseCaptureLine(text, path, 0);
      } catch {
        continue;
      }
      if (m === null) continue;
      firstLocalNs ??= m.localNs;
      if (symbol === "") symbol = messageSymbol(m);
      const d = m.data;
      if (m.type === "diff" && typeof d.E === "number") {
        diffDeltas.push({ ns: m.localNs - BigInt(Math.trunc(d.E)) * 1_000_000n, at: `${path}: line ${lineNo}` });
        if (d.pu !== undefined) usdm = true;
        if (++diffs >= maxDiffs) break outer;
      } else if (m.type === "trade" && typeof d.T === "number") {
        tradeDeltas.push({ ns: m.localNs - BigInt(Math.trunc(d.T)) * 1_000_000n, at: `${path}: line ${lineNo}` });
        trades++;
      }
    }
  }
  // With diffs, the sample is the diffs and the trades among them; else the trades.
  const clock = clockSample(diffs > 0 ? [...diffDeltas, ...tradeDeltas] : tradeDeltas);
  const sampled = diffs > 0 ? { samples: diffs, sampledKind: "depth diffs" as const } : { samples: trades, sampledKind: "trades" as const };
  return { minLocalMinusExchNs: clock?.minNs ?? null, clock, ...sampled, usdm, symbol, firstLocalNs, lines };
}

/** One sampled (local − exchange) delta and where it was read. */
interface Delta {
  ns: bigint;
  at: string;
}

/** Min (leaving out outliers below the median) and median of the sampled deltas; null without any. */
function clockSample(deltas: readonly Delta[]): ClockSample | null {
  if (deltas.length === 0) return null;
  const medianNs = BigInt(Math.round(median(deltas.map((d) => Number(d.ns)))));
  let minNs: bigint | null = null;
  let dropped = 0;
  let firstDropped: string | null = null;
  for (const d of deltas) {
    if (d.ns < medianNs - CLOCK_OUTLIER_NS) {
      if (dropped++ === 0) firstDropped = `${d.at}, ${msBelow(medianNs, d.ns)} ms before the median`;
    } else if (minNs === null || d.ns < minNs) minNs = d.ns;
  }
  return { minNs: minNs ?? medianNs, medianNs, dropped, firstDropped };
}

/**
 * Lines of a (possibly gzip) text file; the streams are destroyed when the caller stops early. A
 * file that cannot be read, or a line over the cap, ends the first look quietly: the import itself
 * reports it with the line number.
 */
async function* headLines(path: string): AsyncGenerator<string> {
  try {
    for await (const line of readLines(path)) yield line.text;
  } catch {
    return;
  }
}
