import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MmlabError } from "../../../src/core/errors.ts";
import { rootRng } from "../../../src/core/rng.ts";
import { NS_PER_S } from "../../../src/core/time.ts";
import { syntheticData } from "../../../src/data/sources/syntheticData.ts";
import { runBacktest } from "../../../src/runner/backtest.ts";
import { configBuilder } from "../../../src/runner/stress/config.ts";
import { STRESS_SCENARIOS } from "../../../src/runner/stress/registry.ts";
import { planStressSuite } from "../../../src/runner/stress/runSuite.ts";
import { runSuitePlan, type SuitePlanEntry } from "../../../src/runner/stress/suitePool.ts";
import type { SuiteRunResult } from "../../../src/runner/stress/suiteRun.ts";
import { mmlab } from "../../support/cli.ts";
import { pollUntil, spawnMmlab } from "../../support/cliProcess.ts";

/*
 * stress and validate make their runs at once (the calling thread and worker threads): every
 * output byte is the same for any worker count, the suite lists its runs in its own order
 * whatever order they finish in, a failed run stops the others, and an interrupt leaves nothing.
 */

const FAILING_STRATEGY = fileURLToPath(new URL("./failingStrategy.ts", import.meta.url));
const MARKER_STRATEGY = fileURLToPath(new URL("../../support/markerStrategy.ts", import.meta.url));

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "mmlab-suite-workers-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every file under `path`, relative to it, sorted (hidden ones too). */
function files(path: string, prefix = ""): string[] {
  return readdirSync(join(path, prefix), { withFileTypes: true })
    .flatMap((e) => {
      const name = prefix === "" ? e.name : `${prefix}/${e.name}`;
      return e.isDirectory() ? files(path, name) : [name];
    })
    .sort();
}

/** Expects the two folders to hold the same files with the same bytes. */
function expectSameBytes(a: string, b: string): void {
  const names = files(a);
  expect(files(b)).toEqual(names);
  for (const name of names) expect(readFileSync(join(b, name)).equals(readFileSync(join(a, name))), name).toBe(true);
}

/** stdout without its last line ("… in 12.3 s …": wall-clock time). */
const withoutTiming = (stdout: string): string => stdout.replace(/^.* in \d+\.\d s.*$/m, "");

describe("the same bytes out whatever the worker count", () => {
  it("stress: every file of the suite folder (run folders, reports, charts, stress.json, stress.html)", { timeout: 300_000 }, async () => {
    const args = ["stress", "--duration", "10m"];
    const one = await mmlab([...args, "--workers", "1", "--out", "s1"], dir);
    const two = await mmlab([...args, "--workers", "2", "--out", "s2"], dir);
    for (const r of [one, two]) expect([r.code, r.stderr]).toEqual([0, ""]);
    expect(files(join(dir, "s1"))).toContain("flash-crash/charts/pnl.png");
    expectSameBytes(join(dir, "s1"), join(dir, "s2"));
    expect(withoutTiming(two.stdout)).toBe(withoutTiming(one.stdout));
  });

  it("validate: every file of the validation folder, with 1, 2 and 3 workers", { timeout: 400_000 }, async () => {
    const args = ["validate", "--duration", "30m", "--stress-duration", "10m"];
    const runs = [];
    for (const workers of [1, 2, 3]) runs.push(await mmlab([...args, "--workers", String(workers), "--out", `v${workers}`], dir));
    for (const r of runs) expect([r.code, r.stderr]).toEqual([1, ""]); // V1 loses after fees: validation fails
    expect(files(join(dir, "v1"))).toEqual(expect.arrayContaining(["validate.json", "validate.html", "baseline/report.html", "stress/stress.json", "stress/feed-gaps/fills.arrow"]));
    expectSameBytes(join(dir, "v1"), join(dir, "v2"));
    expectSameBytes(join(dir, "v1"), join(dir, "v3"));
    expect(withoutTiming(runs[1].stdout)).toBe(withoutTiming(runs[0].stdout));
  });

  it("--workers must be a positive integer", async () => {
    for (const bad of ["0", "1.5"]) {
      const r = await mmlab(["stress", "--duration", "1m", "--workers", bad, "--out", "never"], dir);
      expect([r.code, r.stderr]).toEqual([1, `mmlab: --workers ${bad}: must be a positive integer\n`]);
    }
    expect(existsSync(join(dir, "never"))).toBe(false);
  });
});

describe("runSuitePlan", () => {
  const buildConfig = configBuilder(undefined, []);
  const source = { kind: "synthetic", scenario: "default", durationNs: 120 * NS_PER_S } as const;

  it("returns the results in plan order whatever order the runs finish in, and tells each as it finishes", { timeout: 120_000 }, async () => {
    const out = mkdtempSync(join(dir, "order-"));
    const plan = planStressSuite({ seed: "2", buildConfig, source, durationNs: 120 * NS_PER_S, scenarios: [STRESS_SCENARIOS["high-latency"]], dir: out, runReports: false });
    // the baseline (run 0, on this thread) starts only once run 1 (on the worker) has finished
    const entries: SuitePlanEntry[] = [{ ...plan.entries[0], task: async (runs) => (await runs.finished(1), plan.entries[0].task(runs)) }, plan.entries[1]];
    const finishedOrder: number[] = [];
    const results = await runSuitePlan(entries, { workers: 2, onResult: (r) => finishedOrder.push(r.index) });
    expect(finishedOrder).toEqual([1, 0]);
    expect(results.map((r) => r.index)).toEqual([0, 1]);
    expect(results.map((r) => r.summary.scenario)).toEqual(["baseline", "high-latency"]);
    expect(plan.assemble(results).runs.map((r) => r.runDir)).toEqual(["baseline", "high-latency"]);
  });

  it("a run that fails on a worker fails the plan with its own error, and stops the others", { timeout: 120_000 }, async () => {
    for (const [kind, expected] of [
      ["user", (e: unknown) => e instanceof MmlabError && e.message === "failing strategy: refused to start"],
      ["bug", (e: unknown) => e instanceof Error && !(e instanceof MmlabError) && /TypeError: failing strategy: a bug\n\s+at /.test(e.stack ?? "")],
    ] as const) {
      const out = mkdtempSync(join(dir, "fail-"));
      const failing = configBuilder(undefined, [`strategy.module=${FAILING_STRATEGY}`, `strategy.params.kind=${kind}`]);
      const good = planStressSuite({ seed: "2", buildConfig, source, durationNs: 120 * NS_PER_S, scenarios: [], dir: join(out, "good") });
      const bad = planStressSuite({ seed: "2", buildConfig: failing, source, durationNs: 120 * NS_PER_S, scenarios: [], dir: join(out, "bad") }, 1);
      // run 0 on this thread, run 1 (the failing one) on the worker
      const error = await runSuitePlan([...good.entries, ...bad.entries], { workers: 2 }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(expected(error), String((error as Error | undefined)?.stack)).toBe(true);
      // nothing half-written: at most the good run's complete folder
      expect(readdirSync(out).filter((n) => n.startsWith("."))).toEqual([]);
      if (existsSync(join(out, "good"))) expect(readdirSync(join(out, "good"))).toContain("baseline");
    }
  });
});

describe("a synthetic source generated once for the suite", () => {
  it("the first run keeps it, the later runs replay it, and each gives the results of a run that generates its own", { timeout: 120_000 }, async () => {
    const durationNs = 300 * NS_PER_S;
    const buildConfig = configBuilder(undefined, ["risk.q_max=0.4"]);
    const scenarios = [STRESS_SCENARIOS["high-latency"], STRESS_SCENARIOS["feed-gaps"]];
    const plan = planStressSuite({ seed: "5", buildConfig, source: { kind: "synthetic", scenario: "default", durationNs }, durationNs, scenarios, dir: mkdtempSync(join(dir, "shared-")), runReports: false });
    const sources: string[] = [];
    const entries = plan.entries.map(
      (e): SuitePlanEntry => ({
        ...e,
        task: async (runs) => {
          const task = await e.task(runs);
          sources.push(`${task.source?.kind}${task.keep ? " kept" : ""}`);
          return task;
        },
      }),
    );
    const results: SuiteRunResult[] = await runSuitePlan(entries, { workers: 1 });
    expect(sources).toEqual(["synthetic kept", "shared", "shared"]);
    expect(results[0].shared?.batches.length).toBeGreaterThan(0);

    for (const [k, scenario] of [undefined, ...scenarios].entries()) {
      const rng = rootRng("5");
      const fresh = syntheticData("default", rng, { durationNs });
      const data = scenario ? scenario.apply(fresh, rng, { durationNs }) : fresh;
      const alone = await runBacktest({ config: buildConfig(scenario?.configOverrides ?? []), data, rng, durationNs });
      expect(results[k].summary.resultsHash, scenario?.name ?? "baseline").toBe(alone.resultsHash);
      expect(results[k].summary.dataHash).toBe(alone.dataHash);
    }
    expect(results[2].sourceDescription).toEqual(syntheticData("default", rootRng("5"), { durationNs }).description);
  });
});

describe("an interrupted stress suite on worker threads", () => {
  it("SIGINT while runs go on at once: exit 130, one line, no folder and no temporary folder left", { timeout: 600_000 }, async () => {
    const cwd = mkdtempSync(join(dir, "interrupt-"));
    const marker = join(dir, "interrupt-started");
    const p = spawnMmlab(["stress", "--duration", "2h", "--workers", "2", "--strategy", MARKER_STRATEGY, "--set", `strategy.params.marker=${marker}`, "--out", "s"], cwd);
    let ended = false;
    void p.done.then(() => (ended = true));
    // two run folders written (or being written) of seven: the others go on, on both threads
    const runFolders = (): number => {
      const tmp = readdirSync(cwd).find((n) => n.startsWith(".s.tmp-"));
      if (tmp === undefined) return 0;
      try {
        return readdirSync(join(cwd, tmp)).length;
      } catch {
        return 0;
      }
    };
    await pollUntil(
      () => {
        if (existsSync(marker) && runFolders() >= 2) return true;
        if (ended) throw new Error(`mmlab ended before two runs were written: ${p.stderr()}`);
        return false;
      },
      "two run folders",
      500_000,
      20,
    );
    p.kill("SIGINT");
    const r = await p.exit(60_000);
    expect([r.code, r.stderr]).toEqual([130, "mmlab: interrupted (SIGINT); partial outputs removed\n"]);
    expect(readdirSync(cwd)).toEqual([]);
  });
});
