import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { latencyModelSchema } from "../../../src/config/schema.ts";
import { ConfigError, DataError } from "../../../src/core/errors.ts";
import { rootRng } from "../../../src/core/rng.ts";
import { ConstantLatency, createLatencyModel, LognormalLatency, RecordedLatency, type LognormalLatencyOptions } from "../../../src/sim/latency/index.ts";

const MS = 1_000_000;
const S = 1_000_000_000;

function errorOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error("expected an error");
}

describe("ConstantLatency", () => {
  it("returns the configured entry and response latencies at any time", () => {
    const m = new ConstantLatency(12, 3.5);
    expect(m.entryNs(0)).toBe(12 * MS);
    expect(m.entryNs(5 * S)).toBe(12 * MS);
    expect(m.responseNs(7)).toBe(3.5 * MS);
  });

  it("is the default config and is built by the factory", () => {
    const c = latencyModelSchema.parse({ kind: "constant" });
    expect(c).toEqual({ kind: "constant", entry_ms: 10, response_ms: 10 });
    const m = createLatencyModel(c, rootRng(1).fork("latency"));
    expect(m).toBeInstanceOf(ConstantLatency);
    expect(m.entryNs(0)).toBe(10 * MS);
  });
});

describe("LognormalLatency", () => {
  const base: LognormalLatencyOptions = {
    entry_median_ms: 10,
    entry_log_std: 0.3,
    response_median_ms: 20,
    response_log_std: 0.5,
    spike_prob: 0,
    spike_mean_ms: 500,
  };
  const make = (o: Partial<LognormalLatencyOptions> = {}, seed: number | string = 42): LognormalLatency =>
    new LognormalLatency({ ...base, ...o }, rootRng(seed).fork("latency"));

  it("config defaults: 10 ms / 0.3, 10 ms / 0.3, spikes 0.001 × 500 ms; built by the factory", () => {
    const c = latencyModelSchema.parse({ kind: "lognormal" });
    expect(c).toEqual({ kind: "lognormal", entry_median_ms: 10, entry_log_std: 0.3, response_median_ms: 10, response_log_std: 0.3, spike_prob: 0.001, spike_mean_ms: 500 });
    expect(createLatencyModel(c, rootRng(1).fork("latency"))).toBeInstanceOf(LognormalLatency);
    expect(latencyModelSchema.safeParse({ kind: "lognormal", spike_prob: 1.5 }).success).toBe(false);
    expect(latencyModelSchema.safeParse({ kind: "lognormal", entry_median_ms: 0 }).success).toBe(false);
  });

  it("validates its parameters once, naming the field", () => {
    const bad: [Partial<LognormalLatencyOptions>, string][] = [
      [{ entry_median_ms: 0 }, "sim.latency.entry_median_ms"],
      [{ entry_log_std: -0.1 }, "sim.latency.entry_log_std"],
      [{ response_median_ms: Number.NaN }, "sim.latency.response_median_ms"],
      [{ response_log_std: Infinity }, "sim.latency.response_log_std"],
      [{ spike_prob: 1.01 }, "sim.latency.spike_prob"],
      [{ spike_mean_ms: -1 }, "sim.latency.spike_mean_ms"],
    ];
    for (const [o, field] of bad) {
      const e = errorOf(() => make(o));
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).field).toBe(field);
    }
  });

  it("is deterministic per seed; entry and response draw from separate streams", () => {
    const a = make();
    const b = make();
    const c = make({}, 43);
    const sa: number[] = [];
    const sb: number[] = [];
    const sc: number[] = [];
    for (let i = 0; i < 100; i++) {
      sa.push(a.entryNs(i), a.responseNs(i));
      sb.push(b.entryNs(i), b.responseNs(i));
      sc.push(c.entryNs(i), c.responseNs(i));
    }
    expect(sb).toEqual(sa);
    expect(sc).not.toEqual(sa);
    // Interleaving does not matter: 100 entry draws alone equal the entry draws above.
    const d = make();
    const entriesOnly = Array.from({ length: 100 }, (_, i) => d.entryNs(i));
    expect(entriesOnly).toEqual(sa.filter((_, i) => i % 2 === 0));
    // Whole nanoseconds, positive.
    for (const x of sa) {
      expect(Number.isInteger(x)).toBe(true);
      expect(x).toBeGreaterThan(0);
    }
  });

  it("median and quantiles over 1e5 draws match the lognormal (no spikes)", () => {
    const m = make();
    const N = 100_000;
    const entry = new Float64Array(N);
    const response = new Float64Array(N);
    for (let i = 0; i < N; i++) {
      entry[i] = m.entryNs(i);
      response[i] = m.responseNs(i);
    }
    entry.sort();
    response.sort();
    const q = (xs: Float64Array, p: number): number => xs[Math.floor(p * (xs.length - 1))];
    // Φ(±1) = 0.8413 / 0.1587: quantiles median·e^{±σ}
    //   entry    10 ms · e^{±0.3} = 13.499 / 7.408 ms
    //   response 20 ms · e^{±0.5} = 32.974 / 12.131 ms
    const rel = (x: number, want: number): number => Math.abs(x / want - 1);
    expect(rel(q(entry, 0.5), 10 * MS)).toBeLessThan(0.01);
    expect(rel(q(entry, 0.8413), 10 * MS * Math.exp(0.3))).toBeLessThan(0.015);
    expect(rel(q(entry, 0.1587), 10 * MS * Math.exp(-0.3))).toBeLessThan(0.015);
    expect(rel(q(response, 0.5), 20 * MS)).toBeLessThan(0.01);
    expect(rel(q(response, 0.8413), 20 * MS * Math.exp(0.5))).toBeLessThan(0.015);
    expect(rel(q(response, 0.1587), 20 * MS * Math.exp(-0.5))).toBeLessThan(0.015);
    // ln(latency / median): mean 0, standard deviation σ (standard error σ/√N ≈ 0.001)
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < N; i++) {
      const z = Math.log(entry[i] / (10 * MS));
      s += z;
      s2 += z * z;
    }
    const mean = s / N;
    expect(Math.abs(mean)).toBeLessThan(0.005);
    expect(Math.abs(Math.sqrt(s2 / N - mean * mean) - 0.3)).toBeLessThan(0.005);
  });

  it("spikes: frequency spike_prob, extra delay exponential with mean spike_mean_ms", () => {
    // σ = 0: every draw without a spike is exactly the median (10 ms); a spike adds S ~ Exp(mean 500 ms).
    // Expected spikes in 1e5 draws at p = 0.01: 1000 ± √(1e5·0.01·0.99) ≈ ±31.5; allow ±4σ.
    // Mean extra delay 500 ms, standard error 500/√1000 ≈ 15.8 ms; allow ±10 %.
    const m = make({ entry_log_std: 0, spike_prob: 0.01, spike_mean_ms: 500 });
    const N = 100_000;
    let spikes = 0;
    let extra = 0;
    for (let i = 0; i < N; i++) {
      const x = m.entryNs(i);
      expect(x).toBeGreaterThanOrEqual(10 * MS);
      if (x > 10 * MS) {
        spikes++;
        extra += x - 10 * MS;
      }
    }
    expect(Math.abs(spikes - 1000)).toBeLessThan(126);
    expect(Math.abs(extra / spikes / (500 * MS) - 1)).toBeLessThan(0.1);
    // spike_prob 0: never above the median when σ = 0
    const flat = make({ entry_log_std: 0, spike_prob: 0 });
    for (let i = 0; i < 1000; i++) expect(flat.entryNs(i)).toBe(10 * MS);
  });
});

describe("RecordedLatency", () => {
  const dir = mkdtempSync(join(tmpdir(), "mmlab-latency-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let count = 0;
  const file = (text: string): string => {
    const p = join(dir, `lat${count++}.csv`);
    writeFileSync(p, text);
    return p;
  };

  /*
   * Three records (relative ns):
   *   request 1 s    exchange 1.01 s   response 1.03 s   → entry 10 ms, response 20 ms
   *   request 2 s    exchange 2.03 s   response 2.04 s   → entry 30 ms, response 10 ms
   *   request 4 s    exchange 4.01 s   response 4.05 s   → entry 10 ms, response 40 ms
   */
  const ROWS = msRows([
    [1000, 1010, 1030],
    [2000, 2030, 2040],
    [4000, 4010, 4050],
  ]);
  /** Rows written in ms, stored as integer ns. */
  function msRows(rows: number[][]): bigint[][] {
    return rows.map((r) => r.map((ms) => BigInt(Math.round(ms * MS))));
  }
  const csv = (rows: bigint[][], header = "request_ts,exchange_ts,response_ts"): string => `${header}\n${rows.map((r) => r.join(",")).join("\n")}\n`;

  function checkHandWorked(m: RecordedLatency): void {
    // entry, interpolated in request_ts
    expect(m.entryNs(1 * S)).toBe(10 * MS); // at a record
    expect(m.entryNs(2 * S)).toBe(30 * MS);
    expect(m.entryNs(4 * S)).toBe(10 * MS);
    expect(m.entryNs(1.5 * S)).toBe(20 * MS); // 10 + (30 − 10)·0.5
    expect(m.entryNs(1.25 * S)).toBe(15 * MS); // 10 + 20·0.25
    expect(m.entryNs(3 * S)).toBe(20 * MS); // 30 + (10 − 30)·(1/2)
    expect(m.entryNs(3.5 * S)).toBe(15 * MS); // 30 − 20·0.75
    expect(m.entryNs(0)).toBe(10 * MS); // before the first record: clamped
    expect(m.entryNs(-5 * S)).toBe(10 * MS);
    expect(m.entryNs(100 * S)).toBe(10 * MS); // after the last: clamped
    // response, interpolated in exchange_ts (1.01 s → 20 ms, 2.03 s → 10 ms, 4.01 s → 40 ms)
    expect(m.responseNs(1.01 * S)).toBe(20 * MS);
    expect(m.responseNs(2.03 * S)).toBe(10 * MS);
    expect(m.responseNs(4.01 * S)).toBe(40 * MS);
    expect(m.responseNs(1.52 * S)).toBe(15 * MS); // 20 + (10 − 20)·(0.51/1.02)
    expect(m.responseNs(3.02 * S)).toBe(25 * MS); // 10 + (40 − 10)·(0.99/1.98)
    expect(m.responseNs(0)).toBe(20 * MS);
    expect(m.responseNs(1e3 * S)).toBe(40 * MS);
  }

  it("relative file: interpolation at, between and beyond the records", () => {
    const m = new RecordedLatency(file(csv(ROWS)), { timeBase: "relative" });
    expect(m.length).toBe(3);
    expect(m.sha256).toMatch(/^[0-9a-f]{64}$/);
    checkHandWorked(m);
  });

  it("epoch file: mapped onto the engine's axis with the dataset origin, exact integer latencies", () => {
    const origin = 1_700_000_000_123_456_789n;
    const rows = ROWS.map((r) => r.map((x) => origin + x));
    // one more record, 10 s: entry 10 000 001 ns exactly (not representable after Number(epoch ns))
    rows.push([origin + 10_000_000_000n, origin + 10_010_000_001n, origin + 10_010_000_002n]);
    const path = file(csv(rows));
    const m = new RecordedLatency(path, { timeBase: "epoch", originEpochNs: origin });
    expect(m.entryNs(10 * S)).toBe(10_000_001);
    expect(m.responseNs(10.010000001 * S)).toBe(1);
    // the first three records behave as in the relative file (t < 4 s is unaffected by the 4th)
    expect(m.entryNs(1.5 * S)).toBe(20 * MS);
    expect(m.responseNs(3.02 * S)).toBe(25 * MS);
    // through the factory, with the context the runner passes
    const viaFactory = createLatencyModel(latencyModelSchema.parse({ kind: "recorded", path, time_base: "epoch" }), rootRng(1), { originEpochNs: origin });
    expect(viaFactory.entryNs(3 * S)).toBe(20 * MS);
    // without the origin: a ConfigError that says what the runner must pass
    const e = errorOf(() => createLatencyModel({ kind: "recorded", path, time_base: "epoch" }, rootRng(1)));
    expect(e).toBeInstanceOf(ConfigError);
    expect((e as ConfigError).message).toMatch(/originEpochNs/);
  });

  it("factory: time_base defaults to relative; a relative path resolves against context.baseDir", () => {
    const path = file(csv(ROWS));
    const c = latencyModelSchema.parse({ kind: "recorded", path: path.slice(dir.length + 1) });
    expect(c).toEqual({ kind: "recorded", path: path.slice(dir.length + 1), time_base: "relative" });
    const m = createLatencyModel(c, rootRng(1), { baseDir: dir });
    expect(m).toBeInstanceOf(RecordedLatency);
    checkHandWorked(m as RecordedLatency);
  });

  it("several records at one time: the last one holds from there on; responses follow exchange_ts order", () => {
    // Two requests at 1 s (entry 10 ms, then 50 ms), one at 1.02 s (10 ms), one at 3 s.
    // The 1.02 s request reached the exchange (1.03 s) before the second 1 s one (1.05 s): the
    // response series is ordered by exchange_ts, not by file order.
    const m = new RecordedLatency(
      file(
        csv(
          msRows([
            [1000, 1010, 1020], // entry 10 ms; response 10 ms at exchange 1.01 s
            [1000, 1050, 1070], // entry 50 ms; response 20 ms at exchange 1.05 s
            [1020, 1030, 1060], // entry 10 ms; response 30 ms at exchange 1.03 s (out of exchange order)
            [3000, 3010, 3020],
          ]),
        ),
      ),
    );
    expect(m.entryNs(1 * S)).toBe(50 * MS); // the later of the two at 1 s
    expect(m.entryNs(1.01 * S)).toBe(30 * MS); // 50 + (10 − 50)·(0.01/0.02)
    // responses sorted by exchange_ts: 1.01 → 10, 1.03 → 30, 1.05 → 20 ms
    expect(m.responseNs(1.02 * S)).toBe(20 * MS); // halfway 10 → 30
    expect(m.responseNs(1.04 * S)).toBe(25 * MS); // halfway 30 → 20
  });

  describe("bad files are DataErrors naming the file, the line and the field", () => {
    const cases: [string, string, number | undefined, string | undefined, RegExp][] = [
      ["wrong header", "request,exchange,response\n1,2,3\n", 1, undefined, /header/],
      ["missing column", "request_ts,exchange_ts\n1,2\n", 1, undefined, /header/],
      ["too few fields", "request_ts,exchange_ts,response_ts\n1,2,3\n4,5\n", 3, undefined, /3 comma-separated fields/],
      ["not an integer", "request_ts,exchange_ts,response_ts\n1,2.5,3\n", 2, "exchange_ts", /integer/],
      ["not a number", "request_ts,exchange_ts,response_ts\n1,2,3\nx,5,6\n", 3, "request_ts", /integer/],
      ["negative entry latency", "request_ts,exchange_ts,response_ts\n10,5,20\n", 2, "exchange_ts", /≥ request_ts/],
      ["negative response latency", "request_ts,exchange_ts,response_ts\n10,15,12\n", 2, "response_ts", /≥ exchange_ts/],
      ["request_ts decreasing", "request_ts,exchange_ts,response_ts\n10,15,20\n\n9,15,20\n", 4, "request_ts", /must not decrease/],
      ["no records", "request_ts,exchange_ts,response_ts\n\n", undefined, undefined, /no latency records/],
      ["empty file", "", 1, undefined, /header/],
      ["epoch values with time_base relative", "request_ts,exchange_ts,response_ts\n1700000000000000000,1700000000010000000,1700000000020000000\n", 2, "request_ts", /epoch/],
    ];
    for (const [name, text, row, field, rule] of cases) {
      it(name, () => {
        const path = file(text);
        const e = errorOf(() => new RecordedLatency(path, { timeBase: "relative" }));
        expect(e).toBeInstanceOf(DataError);
        const d = e as DataError;
        expect(d.file).toBe(path);
        expect(d.row).toBe(row);
        expect(d.field).toBe(field);
        expect(d.rule).toMatch(rule);
      });
    }

    it("relative values with time_base epoch", () => {
      const path = file(csv(ROWS));
      const e = errorOf(() => new RecordedLatency(path, { timeBase: "epoch", originEpochNs: 1_700_000_000_000_000_000n }));
      expect(e).toBeInstanceOf(DataError);
      expect((e as DataError).row).toBe(2);
      expect((e as DataError).rule).toMatch(/not an epoch timestamp/);
    });

    it("a missing file", () => {
      const path = join(dir, "nope.csv");
      const e = errorOf(() => new RecordedLatency(path));
      expect(e).toBeInstanceOf(DataError);
      expect((e as DataError).file).toBe(path);
      expect((e as DataError).rule).toMatch(/ENOENT/);
    });

    it("CRLF line ends, a BOM and spaces around fields are accepted", () => {
      const text = "\ufeffrequest_ts, exchange_ts ,response_ts\r\n1000000000, 1010000000,1030000000\r\n2000000000,2030000000,2040000000\r\n";
      const m = new RecordedLatency(file(text));
      expect(m.entryNs(1.5 * S)).toBe(20 * MS);
    });
  });
});
