import { closeSync, createReadStream, openSync, readSync } from "node:fs";
import { createInterface } from "node:readline";
import { createGunzip } from "node:zlib";
import { messageSymbol, parseCaptureLine } from "./captureLine.ts";

/** What a first look at a capture tells: clock offset, sync rule and symbol. */
export interface CaptureHead {
  /** Minimum of (local_ns − exchange ns) over the sampled diffs (E) and the trades (T) among them; null without samples. */
  minLocalMinusExchNs: bigint | null;
  /** Messages sampled and what they were ("depth diffs", or "trades" when there were no diffs). */
  samples: number;
  sampledKind: "depth diffs" | "trades";
  /** A diff carried `pu`: the USD-M futures sync rule applies. */
  usdm: boolean;
  /** First symbol found (`s` or stream name), uppercase; "" if none. */
  symbol: string;
}

/**
 * Reads the inputs (as one stream) only until `maxDiffs` depth diffs were seen, and returns the
 * clock-offset sample, the rule and the symbol. Unreadable lines are skipped here: the import
 * itself reports them with their line numbers.
 */
export async function scanCaptureHead(inputs: readonly string[], maxDiffs: number): Promise<CaptureHead> {
  let diffMin: bigint | null = null;
  let tradeMin: bigint | null = null;
  let diffs = 0;
  let trades = 0;
  let usdm = false;
  let symbol = "";
  outer: for (const path of inputs) {
    for await (const text of headLines(path)) {
      let m;
      try {
        m = parseCaptureLine(text, path, 0);
      } catch {
        continue;
      }
      if (m === null) continue;
      if (symbol === "") symbol = messageSymbol(m);
      const d = m.data;
      if (m.type === "diff" && typeof d.E === "number") {
        const delta = m.localNs - BigInt(Math.trunc(d.E)) * 1_000_000n;
        if (diffMin === null || delta < diffMin) diffMin = delta;
        if (d.pu !== undefined) usdm = true;
        if (++diffs >= maxDiffs) break outer;
      } else if (m.type === "trade" && typeof d.T === "number") {
        const delta = m.localNs - BigInt(Math.trunc(d.T)) * 1_000_000n;
        if (tradeMin === null || delta < tradeMin) tradeMin = delta;
        trades++;
      }
    }
  }
  if (diffs > 0) {
    const min = tradeMin !== null && diffMin !== null && tradeMin < diffMin ? tradeMin : diffMin;
    return { minLocalMinusExchNs: min, samples: diffs, sampledKind: "depth diffs", usdm, symbol };
  }
  return { minLocalMinusExchNs: tradeMin, samples: trades, sampledKind: "trades", usdm, symbol };
}

/** Lines of a (possibly gzip) text file; the streams are destroyed when the caller stops early. */
async function* headLines(path: string): AsyncGenerator<string> {
  let raw;
  try {
    raw = createReadStream(path);
  } catch {
    return;
  }
  const input = isGzip(path) ? raw.pipe(createGunzip()) : raw;
  raw.on("error", () => {});
  input.on("error", () => {});
  const rl = createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const text of rl) yield text;
  } catch {
    // truncated or unreadable: the import reports it with the line number
  } finally {
    rl.close();
    raw.destroy();
    if (input !== raw) input.destroy();
  }
}

function isGzip(path: string): boolean {
  if (path.endsWith(".gz")) return true;
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    const buf = Buffer.alloc(2);
    return readSync(fd, buf, 0, 2, 0) === 2 && buf[0] === 0x1f && buf[1] === 0x8b;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
