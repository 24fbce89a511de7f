import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { ConfigError, DataError } from "../../core/errors.ts";
import type { LatencyModel } from "./latencyModel.ts";

/** How the timestamps of a recorded-latency file are expressed. */
export type RecordedTimeBase = "relative" | "epoch";

export interface RecordedLatencyOptions {
  /**
   * "relative": request_ts and exchange_ts are ns since the dataset origin, the engine's own time
   * axis (time 0 = the data's first exchange timestamp). "epoch": they are Unix-epoch ns, and
   * `originEpochNs` (the dataset origin, epoch ns) must be given to map them onto that axis.
   */
  timeBase: RecordedTimeBase;
  /** Epoch ns of the dataset origin (engine time 0); required when `timeBase` is "epoch". */
  originEpochNs?: bigint;
}

const HEADER = ["request_ts", "exchange_ts", "response_ts"] as const;
/** Timestamps at or above this (≈ 1973 in epoch ns, ≈ 3.2 years relative) are taken as epoch. */
const EPOCH_NS_THRESHOLD = 100_000_000_000_000_000n;
const INTEGER = /^-?\d+$/;

/**
 * Latencies replayed from a file of observed round trips (docs/fills-and-queues.md), loaded once.
 *
 * File: CSV, header `request_ts,exchange_ts,response_ts`, one observed request a line, all three
 * integers in nanoseconds (see {@link RecordedLatencyOptions.timeBase} for relative vs epoch):
 *   request_ts   when we sent the request (our clock)
 *   exchange_ts  when the exchange handled it (exchange clock)
 *   response_ts  when its answer reached us (our clock)
 * Rules (a broken one is a DataError naming the file, the line — the header is line 1 — and the
 * field): exactly these three columns; integers; exchange_ts ≥ request_ts and
 * response_ts ≥ exchange_ts (no negative latency); request_ts never decreasing from one line to
 * the next; at least one record; relative files must not hold epoch-sized values and epoch files
 * must (a guard against a wrong `time_base`). Blank lines are skipped.
 *
 * Model: entry latency of a request sent at time t = (exchange_ts − request_ts) interpolated
 * linearly in request_ts between the two records around t; response latency of an answer at
 * exchange time t = (response_ts − exchange_ts) interpolated linearly in exchange_ts. Before the
 * first record / after the last one the end value is used (clamped). Several records at one
 * timestamp: the last of them (in file order for requests, in exchange_ts order for responses)
 * is the value at and right after that time. Results are whole nanoseconds (rounded). Latency
 * differences are computed in exact integer arithmetic (BigInt) before conversion, so epoch-sized
 * timestamps lose no precision.
 */
export class RecordedLatency implements LatencyModel {
  /** SHA-256 (hex) of the file's bytes, for the run manifest. */
  readonly sha256: string;
  /** Number of records. */
  readonly length: number;
  private readonly entryX: Float64Array;
  private readonly entryY: Float64Array;
  private readonly responseX: Float64Array;
  private readonly responseY: Float64Array;

  /**
   * Reads and validates `path` once. For an "epoch" file pass the dataset origin (epoch ns) as
   * `options.originEpochNs`; without it the constructor throws a ConfigError.
   */
  constructor(path: string, options: RecordedLatencyOptions = { timeBase: "relative" }) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch (e) {
      throw new DataError(path, undefined, undefined, `cannot read the recorded-latency file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
    this.sha256 = createHash("sha256").update(bytes).digest("hex");
    const series = parseRecordedLatencyCsv(bytes.toString("utf8"), path, options);
    this.length = series.entryX.length;
    this.entryX = series.entryX;
    this.entryY = series.entryY;
    this.responseX = series.responseX;
    this.responseY = series.responseY;
  }

  entryNs(tNs: number): number {
    return Math.round(interpolate(this.entryX, this.entryY, tNs));
  }

  responseNs(tNs: number): number {
    return Math.round(interpolate(this.responseX, this.responseY, tNs));
  }
}

/** The two interpolation series of a recorded-latency file (times on the engine's axis, ns). */
export interface RecordedLatencySeries {
  /** request_ts per record, ascending. */
  entryX: Float64Array;
  /** exchange_ts − request_ts per record. */
  entryY: Float64Array;
  /** exchange_ts per record, ascending. */
  responseX: Float64Array;
  /** response_ts − exchange_ts per record, in the order of `responseX`. */
  responseY: Float64Array;
}

/** Parses and validates the text of a recorded-latency CSV (`file` names it in errors). */
export function parseRecordedLatencyCsv(text: string, file: string, options: RecordedLatencyOptions): RecordedLatencySeries {
  const epoch = options.timeBase === "epoch";
  if (options.timeBase !== "relative" && !epoch) {
    throw new ConfigError("sim.latency.time_base", options.timeBase, 'must be "relative" or "epoch"');
  }
  let origin = 0n;
  if (epoch) {
    if (options.originEpochNs === undefined) {
      throw new ConfigError("sim.latency.time_base", "epoch", "an epoch-stamped latency file needs the dataset origin (epoch ns): the runner must pass originEpochNs");
    }
    origin = options.originEpochNs;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lines = text.split(/\r?\n/);
  const header = lines[0].split(",").map((s) => s.trim());
  if (header.length !== HEADER.length || header.some((h, i) => h !== HEADER[i])) {
    throw new DataError(file, 1, undefined, `expected the header "${HEADER.join(",")}", found "${lines[0]}"`);
  }

  const req: bigint[] = [];
  const exch: bigint[] = [];
  const resp: bigint[] = [];
  const lineOf: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const raw = lines[i];
    if (raw.trim() === "") continue;
    const line = i + 1;
    const fields = raw.split(",");
    if (fields.length !== 3) throw new DataError(file, line, undefined, `expected 3 comma-separated fields (${HEADER.join(",")}), found ${fields.length}`);
    const r = parseNs(fields[0], file, line, "request_ts");
    const x = parseNs(fields[1], file, line, "exchange_ts");
    const a = parseNs(fields[2], file, line, "response_ts");
    for (const [value, field] of [[r, "request_ts"], [x, "exchange_ts"], [a, "response_ts"]] as const) {
      const big = value >= EPOCH_NS_THRESHOLD || value <= -EPOCH_NS_THRESHOLD;
      if (epoch && !big) throw new DataError(file, line, field, `${value} is not an epoch timestamp in ns (time_base is "epoch"; use "relative" for ns since the data origin)`);
      if (!epoch && big) throw new DataError(file, line, field, `${value} looks like an epoch timestamp in ns; set time_base: "epoch"`);
    }
    if (x < r) throw new DataError(file, line, "exchange_ts", `must be ≥ request_ts (${x} < ${r}: negative entry latency)`);
    if (a < x) throw new DataError(file, line, "response_ts", `must be ≥ exchange_ts (${a} < ${x}: negative response latency)`);
    if (req.length > 0 && r < req[req.length - 1]) {
      throw new DataError(file, line, "request_ts", `must not decrease from one line to the next (${r} < ${req[req.length - 1]} on line ${lineOf[lineOf.length - 1]})`);
    }
    req.push(r);
    exch.push(x);
    resp.push(a);
    lineOf.push(line);
  }
  const n = req.length;
  if (n === 0) throw new DataError(file, undefined, undefined, "no latency records after the header");

  const entryX = new Float64Array(n);
  const entryY = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    entryX[i] = Number(req[i] - origin);
    entryY[i] = Number(exch[i] - req[i]);
  }
  // Responses are interpolated in exchange_ts: order the records by it (stable, so equal times
  // keep file order).
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((i, j) => (exch[i] < exch[j] ? -1 : exch[i] > exch[j] ? 1 : i - j));
  const responseX = new Float64Array(n);
  const responseY = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const i = order[k];
    responseX[k] = Number(exch[i] - origin);
    responseY[k] = Number(resp[i] - exch[i]);
  }
  return { entryX, entryY, responseX, responseY };
}

function parseNs(field: string, file: string, line: number, name: string): bigint {
  const s = field.trim();
  if (!INTEGER.test(s)) throw new DataError(file, line, name, `must be an integer number of nanoseconds, found "${s}"`);
  return BigInt(s);
}

/**
 * y at `t` by linear interpolation over ascending `xs` (clamped at both ends). With i the first
 * index whose x is > t, the segment is [i − 1, i], where x[i − 1] ≤ t < x[i], so x[i] > x[i − 1].
 */
function interpolate(xs: Float64Array, ys: Float64Array, t: number): number {
  const n = xs.length;
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  if (lo === 0) return ys[0];
  if (lo === n) return ys[n - 1];
  const x0 = xs[lo - 1];
  const y0 = ys[lo - 1];
  return y0 + ((ys[lo] - y0) * (t - x0)) / (xs[lo] - x0);
}
