import { execFile } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ProgressBar } from "../../src/cli/progressBar.ts";
import { SuiteProgress, withReadProgress } from "../../src/cli/suiteProgress.ts";
import { validationPlan } from "../../src/cli/commands/validate.ts";
import type { EventBatch } from "../../src/data/schema.ts";
import type { MarketData } from "../../src/data/sources/marketData.ts";
import { MMLAB_BIN } from "../support/cli.ts";

/** A bar drawing into `out`, on a clock the test moves. */
function testBar(total: number, options: { quiet?: boolean } = {}) {
  const out: string[] = [];
  const clock = { ms: 0 };
  const bar = new ProgressBar("stress", total, { enabled: options.quiet ? undefined : true, quiet: options.quiet, write: (t) => out.push(t), now: () => clock.ms });
  return { bar, out, clock };
}

describe("ProgressBar", () => {
  it("draws label, bar, percentage, detail and ETA on one line, at most every 100 ms", () => {
    const { bar, out, clock } = testBar(10);
    bar.update(0, "run 1/2");
    clock.ms = 1000;
    bar.update(5, "run 1/2");
    clock.ms = 1050;
    bar.update(6); // throttled
    expect(out).toHaveLength(2);
    expect(out[1]).toBe(`\rstress ${"█".repeat(15)}${"░".repeat(15)}  50% run 1/2 ETA 1 s\x1b[K`);
    bar.done();
    expect(out.at(-1)).toBe("\r\x1b[K");
  });

  it("log prints a line above the bar and draws the bar again at once", () => {
    const { bar, out, clock } = testBar(4);
    bar.update(1);
    clock.ms = 10;
    bar.log("  baseline: 4/6 FAIL");
    expect(out.slice(1)).toEqual(["\r\x1b[K  baseline: 4/6 FAIL\n", `\rstress ${"█".repeat(8)}${"░".repeat(22)}  25% ETA 0 s\x1b[K`]);
  });

  it("is off with --json (quiet), and off when stderr is not a terminal or in CI", () => {
    const { bar, out } = testBar(1, { quiet: true });
    bar.update(1);
    bar.log("x");
    bar.done();
    expect(bar.enabled).toBe(false);
    expect(out).toEqual([]);
    // this test process: CI is set by the test runner or stderr is a pipe
    if (process.env.CI || !process.stderr.isTTY) expect(new ProgressBar("x", 1).enabled).toBe(false);
  });
});

describe("SuiteProgress", () => {
  it("runs done plus the current run's fraction, weighted by data time; a line per finished run", () => {
    const out: string[] = [];
    let ms = 0;
    const p = new SuiteProgress("validate", validationPlan(["flash-crash"], 24 * 3600e9, 6 * 3600e9), { enabled: true, write: (t) => out.push(t), now: () => (ms += 200) });
    // weights: baseline 1, stress baseline 0.25, flash-crash 0.25: 1.5 in all
    const last = () => out.filter((t) => t.includes("%")).at(-1)!;
    p.current(0.75);
    expect(last()).toMatch(/ {2}50% run 1\/3: baseline /); // 0.75 / 1.5
    p.finished("  baseline: 4/6 FAIL, limits held (9.0 s)");
    expect(out).toContain("\r\x1b[K  baseline: 4/6 FAIL, limits held (9.0 s)\n");
    expect(last()).toMatch(/ {2}67% run 2\/3: stress baseline /);
    p.current(1);
    p.finished("  stress baseline: …");
    p.current(0.5);
    expect(last()).toMatch(/ {2}92% run 3\/3: stress flash-crash /); // (1.25 + 0.125) / 1.5
    p.done();
    expect(out.at(-1)).toBe("\r\x1b[K");
  });

  it("runs at once (worker threads): the runs done plus the share of each run going on; every run going on named", () => {
    const out: string[] = [];
    let ms = 0;
    const p = new SuiteProgress("validate", validationPlan(["feed-gaps", "flash-crash"], 24 * 3600e9, 6 * 3600e9), { enabled: true, write: (t) => out.push(t), now: () => (ms += 200) });
    // weights: baseline 1, then 0.25 each for the stress baseline, feed-gaps and flash-crash: 1.75 in all
    const last = () => out.filter((t) => t.includes("%")).at(-1)!;
    p.progress(0, 0.5);
    p.progress(1, 1);
    expect(last()).toMatch(/ {2}43% runs 1,2\/4: baseline, stress baseline /); // (0.5 + 0.25) / 1.75
    p.finishedRun(1, "  stress baseline: 4/6 FAIL, limits held (2.0 s)");
    expect(out).toContain("\r\x1b[K  stress baseline: 4/6 FAIL, limits held (2.0 s)\n");
    expect(last()).toMatch(/ {2}43% run 1\/4: baseline /); // the stress baseline done, the baseline half
    p.progress(3, 0.5);
    p.progress(1, 0.2); // a finished run's late progress changes nothing
    expect(last()).toMatch(/ {2}50% runs 1,4\/4: baseline, stress flash-crash /); // (0.25 + 0.5 + 0.125) / 1.75
    p.finishedRun(3, "  stress flash-crash: …");
    p.finishedRun(0, "  baseline: …");
    p.progress(2, 0.5);
    expect(last()).toMatch(/ {2}93% run 3\/4: stress feed-gaps /); // (1.5 + 0.125) / 1.75
    p.done();
  });

  it("a run's seconds count from its first progress report (when its thread takes it), on the bar's clock", () => {
    let ms = 0;
    const p = new SuiteProgress("validate", validationPlan(["flash-crash"], 24 * 3600e9, 6 * 3600e9), { enabled: false, now: () => ms });
    ms = 1000; // building the plan, starting the workers: no run's time
    expect(p.seconds(0)).toBe(0);
    p.progress(0, 0);
    ms = 3500;
    p.progress(2, 0); // a worker takes the flash crash
    ms = 4000;
    p.progress(0, 0.5);
    expect([p.seconds(0), p.seconds(2), p.seconds(1)]).toEqual([3, 0.5, 0]);
  });

  it("a validation on a file (lengths unknown): one run, one share", () => {
    expect(validationPlan(["feed-gaps", "flash-crash"], undefined, undefined)).toEqual([
      { name: "baseline", weight: 1 },
      { name: "stress baseline", weight: 1 },
      { name: "stress feed-gaps", weight: 1 },
      { name: "stress flash-crash", weight: 1 },
    ]);
  });
});

describe("withReadProgress", () => {
  const batch = (...t: number[]) => ({ length: t.length, exchTsNs: Float64Array.from(t) }) as unknown as EventBatch;
  const batches = [batch(1, 5), batch(), batch(9)];
  let closed = false;
  let poolSeen: unknown;
  const data: MarketData = {
    meta: { symbol: "BTCUSDT", venue: "binance-spot", tickSize: 0.01, lotSize: 0.00001, source: "test", schemaVersion: "1" },
    originNs: 123n,
    description: { kind: "test" },
    async *batches(pool) {
      poolSeen = pool;
      try {
        yield* batches;
      } finally {
        closed = true;
      }
    },
    hash: async () => "abc",
  };

  it("hands on the same batches, meta, description and hash, and reports the data time of each batch's last event", async () => {
    const times: number[] = [];
    const tapped = withReadProgress(data, (t) => times.push(t));
    const pool = { marker: true } as never;
    const seen: EventBatch[] = [];
    for await (const b of tapped.batches(pool)) seen.push(b);
    expect(seen).toEqual(batches);
    expect(seen[0]).toBe(batches[0]);
    expect(poolSeen).toBe(pool);
    expect(times).toEqual([5, 9]);
    expect(tapped.meta).toBe(data.meta);
    expect(tapped.description).toBe(data.description);
    expect(tapped.originNs).toBe(123n);
    expect(await tapped.hash()).toBe("abc");
    expect(tapped.session).toBeUndefined();
  });

  it("a run that stops early closes the data's own stream", async () => {
    closed = false;
    for await (const _ of withReadProgress(data, () => {}).batches()) break;
    expect(closed).toBe(true);
  });
});

/** Runs `mmlab …` on a pseudo-terminal (util-linux `script`), outside CI: what a user sees. */
function onTerminal(args: string[], cwd: string): Promise<string> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== "CI"));
  const command = [process.execPath, MMLAB_BIN, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" ");
  return new Promise((resolve, reject) => {
    // exit codes other than 0 are the command's (validate: 1 when validation fails)
    execFile("script", ["-qec", command, "/dev/null"], { cwd, env, maxBuffer: 64 << 20 }, (error, stdout) => (error && typeof error.code !== "number" ? reject(error) : resolve(stdout)));
  });
}

const hasScript = existsSync("/usr/bin/script");

describe.skipIf(!hasScript)("progress on a terminal", () => {
  const dir = mkdtempSync(join(tmpdir(), "mmlab-progress-"));

  it("stress: the bar with the current run and a line per finished run; none with --json", async () => {
    // an hour: four batches of synthetic events per run, so the bar moves within a run
    // one run after another (--workers 1): the bar follows each run in turn (runs at once: the SuiteProgress tests)
    const out = await onTerminal(["stress", "--duration", "1h", "--only", "flash-crash", "--no-run-reports", "--workers", "1", "--out", "s1"], dir);
    expect(out).toMatch(/stress [█░]{30} +\d+% run 1\/2: baseline/);
    expect(out).toMatch(/stress [█░]{30} +\d+% run 2\/2: flash-crash/);
    expect(out).toMatch(/\r\x1b\[K {2}baseline: \d\/6 (PASS|FAIL), limits (held|BREACHED) \(\d+\.\d s\)\r?\n/);
    // the current run's share shows between runs: some percentage strictly inside (0, 50) while the baseline runs
    const during = [...out.matchAll(/ +(\d+)% run 1\/2/g)].map((m) => Number(m[1]));
    expect(during.some((p) => p > 0 && p < 50)).toBe(true);
    expect(out).toMatch(/suite folder: s1/);
    const json = await onTerminal(["stress", "--duration", "5m", "--only", "flash-crash", "--no-run-reports", "--out", "s2", "--json"], dir);
    expect(json).not.toMatch(/█|░/);
    expect(json).not.toMatch(/baseline: \d\/6/);
  });

  it("validate and calibrate draw their bars too", async () => {
    const v = await onTerminal(["validate", "--duration", "10m", "--stress-duration", "5m", "--only", "feed-gaps", "--no-run-reports", "--workers", "1", "--out", "v1"], dir);
    expect(v).toMatch(/validate [█░]{30} +\d+% run 1\/3: baseline/);
    expect(v).toMatch(/validate [█░]{30} +\d+% run 3\/3: stress feed-gaps/);
    expect(v).toMatch(/ {2}stress feed-gaps: \d\/6/);
    const c = await onTerminal(["calibrate", "--scenario", "test-market", "--duration", "20m", "--out", "c1"], dir);
    expect(c).toMatch(/calibrate [█░]{30} +\d+% [\d.]+ h of data read/);
    expect(c).toMatch(/output: c1/);
  });
});
