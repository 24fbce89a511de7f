import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { NS_PER_S } from "../../../src/core/time.ts";
import { writeRunReport } from "../../../src/report/runReport.ts";
import { configBuilder } from "../../../src/runner/stress/config.ts";
import { STRESS_SCENARIOS } from "../../../src/runner/stress/registry.ts";
import { planStressSuite } from "../../../src/runner/stress/runSuite.ts";
import { runSuitePlan, type PlanRuns } from "../../../src/runner/stress/suitePool.ts";

const dir = mkdtempSync(join(tmpdir(), "mmlab-plan-order-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the order a plan's runs start in", () => {
  const buildConfig = configBuilder(undefined, []);
  const durationNs = 60 * NS_PER_S;
  const scenarios = [STRESS_SCENARIOS["high-latency"], STRESS_SCENARIOS["high-volatility"], STRESS_SCENARIOS["feed-gaps"]];

  it("the costliest first (the baseline, which keeps the shared source, with the costliest); the results in plan order", { timeout: 120_000 }, async () => {
    const plan = planStressSuite({ seed: "4", buildConfig, source: { kind: "synthetic", scenario: "default", durationNs }, durationNs, scenarios, dir: join(dir, "costs"), runReports: false });
    expect(plan.entries.map((e) => e.cost! / durationNs)).toEqual([1.6, 1, 1.6, 1.3]);
    const started: number[] = [];
    const results = await runSuitePlan(plan.entries, { workers: 1, onProgress: (index, p) => (p.events === 0 && p.tNs === 0 ? started.push(index) : undefined) });
    expect(started).toEqual([0, 2, 3, 1]);
    expect(plan.assemble(results).runs.map((r) => r.scenario)).toEqual(["baseline", "high-latency", "high-volatility", "feed-gaps"]);
  });

  it("in plan order when a run may wait for another (a whole-data suite: its scenarios wait for the baseline's span)", () => {
    const plan = planStressSuite({ seed: "4", buildConfig, source: { kind: "synthetic", scenario: "default", durationNs }, scenarios, dir: join(dir, "whole") });
    expect(plan.entries.map((e) => e.cost)).toEqual([undefined, undefined, undefined, undefined]);
  });
});

describe("a thread with no run left", () => {
  it("draws charts of another thread's report: the report has the bytes of one drawn alone", { timeout: 180_000 }, async () => {
    const buildConfig = configBuilder(undefined, []);
    const source = { kind: "synthetic", scenario: "default", durationNs: 600 * NS_PER_S } as const;
    // run 1 (no report) goes to the worker; run 0 (this thread) starts once run 1 is done, so the worker, with no run left, draws run 0's charts
    const long = planStressSuite({ seed: "6", buildConfig, source, durationNs: 600 * NS_PER_S, scenarios: [], dir: join(dir, "long") });
    const short = planStressSuite({ seed: "6", buildConfig, source: { ...source, durationNs: 5 * NS_PER_S }, durationNs: 5 * NS_PER_S, scenarios: [], dir: join(dir, "short"), runReports: false }, 1);
    const afterShort = { ...long.entries[0], task: async (runs: PlanRuns) => (await runs.finished(1), long.entries[0].task(runs)) };
    await runSuitePlan([afterShort, ...short.entries], { workers: 2 });
    const report = join(dir, "long", "baseline");
    const files = ["report.html", ...["kpis", "pnl", "inventory", "quotes", "spread-sigma", "ofi", "markouts"].flatMap((c) => [`charts/${c}.svg`, `charts/${c}.png`])];
    const drawnThere = new Map(files.map((f) => [f, readFileSync(join(report, f))]));
    await writeRunReport(report);
    for (const f of files) expect(readFileSync(join(report, f)).equals(drawnThere.get(f)!), f).toBe(true);
  });
});
