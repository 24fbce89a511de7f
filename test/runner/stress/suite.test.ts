import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MmlabError } from "../../../src/core/errors.ts";
import { rootRng } from "../../../src/core/rng.ts";
import { runBacktest } from "../../../src/runner/backtest.ts";
import { syntheticData } from "../../../src/data/sources/syntheticData.ts";
import { configBuilder } from "../../../src/runner/stress/config.ts";
import { selectScenarios, STRESS_SCENARIO_NAMES, STRESS_SCENARIOS } from "../../../src/runner/stress/registry.ts";
import { writeStressReport } from "../../../src/runner/stress/report.ts";
import { runStressSuite } from "../../../src/runner/stress/runSuite.ts";
import { formatStressTable } from "../../../src/runner/stress/table.ts";
import { NS_PER_S } from "../../../src/core/time.ts";

describe("registry", () => {
  it("lists every scenario once, by its own name", () => {
    expect(Object.keys(STRESS_SCENARIOS)).toEqual([...STRESS_SCENARIO_NAMES]);
    for (const name of STRESS_SCENARIO_NAMES) expect(STRESS_SCENARIOS[name].name).toBe(name);
  });

  it("selects by a comma-separated list, in suite order, and names an unknown one", () => {
    expect(selectScenarios("flash-crash, high-latency").map((s) => s.name)).toEqual(["high-latency", "flash-crash"]);
    expect(selectScenarios(undefined)).toHaveLength(STRESS_SCENARIO_NAMES.length);
    expect(() => selectScenarios("flash-crash,nope")).toThrow(MmlabError);
    expect(() => selectScenarios("nope")).toThrow(/stress scenario "nope": unknown; choose from high-volatility, /);
  });
});

describe("runStressSuite + writeStressReport", () => {
  it("runs the baseline and each scenario on the same data, one run folder each, and writes the summary and report", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mmlab-stress-"));
    const durationNs = 300e9;
    const buildConfig = configBuilder(undefined, ["risk.q_max=0.4"]);
    const suite = await runStressSuite({
      seed: "3",
      buildConfig,
      openData: async (rng) => syntheticData("default", rng, { durationNs: 300 * NS_PER_S }),
      durationNs,
      scenarios: selectScenarios(),
      dir,
      runReports: false,
    });
    const files = await writeStressReport(dir, suite, { png: false, runReports: false });
    expect(files).toEqual(["stress.json", "charts/stress-matrix.svg", "stress.html"]);
    expect(suite.runs.map((r) => r.scenario)).toEqual(["baseline", ...STRESS_SCENARIO_NAMES]);
    for (const r of suite.runs) {
      expect(readdirSync(join(dir, r.runDir)).sort()).toEqual(["fills.arrow", "kpis.json", "manifest.json", "runlog.json", "timeseries.arrow"]);
      const manifest = JSON.parse(readFileSync(join(dir, r.runDir, "manifest.json"), "utf8"));
      expect(manifest.resultsHash).toBe(r.resultsHash);
      expect(manifest.config.risk.q_max).toBe(0.4); // the user's --set reaches every run
      if (r.scenario !== "baseline") expect(manifest.data.description).toMatchObject({ kind: "stress", scenario: r.scenario });
      expect(r.dataHash).toBe(suite.runs[0].dataHash); // the source's hash: the same data for every run
      expect(r.limits.qMax).toBe(0.4);
    }
    const latency = JSON.parse(readFileSync(join(dir, "high-latency/manifest.json"), "utf8")).config.sim.latency;
    expect(latency).toEqual({ kind: "constant", entry_ms: 150, response_ms: 150 });

    // the baseline is exactly a plain backtest with the same seed, data and duration
    const rng = rootRng("3");
    const plain = await runBacktest({ config: buildConfig([]), data: syntheticData("default", rng, { durationNs: 300 * NS_PER_S }), rng, durationNs });
    expect(suite.runs[0].resultsHash).toBe(plain.resultsHash);

    const json = JSON.parse(readFileSync(join(dir, "stress.json"), "utf8"));
    expect(json.runs.map((r: { scenario: string }) => r.scenario)).toEqual(["baseline", ...STRESS_SCENARIO_NAMES]);
    expect(json.runs[0].rules).toHaveLength(6);
    expect(json.seed).toBe("3");
    const html = readFileSync(join(dir, "stress.html"), "utf8");
    for (const name of STRESS_SCENARIO_NAMES) expect(html).toContain(name);
    const svg = readFileSync(join(dir, "charts/stress-matrix.svg"), "utf8");
    expect(svg).toMatch(/^<svg/);
    expect(svg).toContain("flash-crash");
    expect(existsSync(join(dir, "charts/stress-matrix.png"))).toBe(false);

    const table = formatStressTable(suite.runs);
    expect(table.split("\n")).toHaveLength(3 + suite.runs.length);
    expect(table).toMatch(/^scenario\s+Spread captured\s+RMS inventory.*PnL\*\s+fee schedule\s+break-even maker fee\s+rules/);
    expect(json.runs[0].feeSchedule).toEqual({ schedule: "binance-spot-vip9", makerBps: 1.2, takerBps: 2.4 });
    expect(json.runs[0].requiredRules).toEqual(["pnl"]);
  });
});
