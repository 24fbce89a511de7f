import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfigFile, parseConfig } from "../../../src/config/load.ts";
import { parseObjective, rankRows } from "../../../src/runner/grid/objective.ts";
import { resolveTune } from "../../../src/runner/tune/definition.ts";
import { mergeTunes } from "../../../src/runner/tune/merge.ts";
import { tuneLines, writeTuneOutputs } from "../../../src/runner/tune/outputs.ts";
import { REPORT_RUNG } from "../../../src/runner/tune/plan.ts";
import { writeTuneFolderReport } from "../../../src/runner/tune/report.ts";
import { runTune, type TuneRunReport } from "../../../src/runner/tune/runTune.ts";
import { TuneFolder } from "../../../src/runner/tune/store.ts";

const dir = mkdtempSync(join(tmpdir(), "mmlab-tune-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// 4 configurations, η 2 (rungs of 4 → 2), 1 fold over 20 min: selects on 0–10 min, reports on 10–20 min
const def = resolveTune({ space: { gamma: { kind: "log", min: 0.01, max: 1 }, "ofi.beta": { kind: "uniform", min: 0, max: 1 } }, budget: 4, eta: 2, folds: 1, duration: "20m" });

/** Runs the tune into `out` and writes its outputs and report, as `mmlab tune` does. */
async function tuneInto(out: string, workers: number): Promise<TuneRunReport> {
  const report = await runTune(def, { out, workers });
  const folder = TuneFolder.read(out);
  writeTuneOutputs(folder, report);
  await writeTuneFolderReport(folder, report, { png: false });
  return report;
}

const bytes = (path: string) => readFileSync(path);

describe("mmlab tune", () => {
  let single: string;
  let report: TuneRunReport;

  beforeAll(async () => {
    single = join(dir, "w1");
    report = await tuneInto(single, 1);
  }, 300_000);

  it("runs every configuration on the first rung, keeps the best half (passing first, then pnl), runs the choice out of sample", () => {
    expect(report.complete).toBe(true);
    expect(report.ran).toBe(4 + 2 + 1);
    const rung = (r: number) => report.runs.filter((run) => run.slot.rung === r);
    expect(rung(0).map((r) => r.slot.sample)).toEqual([0, 1, 2, 3]);
    expect(rung(0).every((r) => r.span.startNs === 0 && r.span.endNs === 300e9)).toBe(true);
    const kept = rankRows(rung(0).map((r) => r.row), parseObjective("pnl")).slice(0, 2).map((row) => row.index % 4).sort();
    expect(rung(1).map((r) => r.slot.sample)).toEqual(kept);
    expect(rung(1).every((r) => r.span.startNs === 0 && r.span.endNs === 600e9)).toBe(true);
    const chosen = rankRows(rung(1).map((r) => r.row), parseObjective("pnl"))[0].index % 4;
    const [fold] = report.folds;
    expect(fold.chosen.sample).toBe(chosen);
    expect(rung(REPORT_RUNG).map((r) => [r.slot.sample, r.span.startNs, r.span.endNs])).toEqual([[chosen, 600e9, 1200e9]]);
    expect(fold.outOfSample).toEqual(rung(REPORT_RUNG)[0].row);
    // the sampled values are applied to each run's config
    expect(fold.chosen.params).toEqual(report.samples[chosen]);
  });

  it("writes the tables, tune.json, best-config.json (a config backtest takes) and tune.html", () => {
    expect(readdirSync(single).sort()).toEqual(["best-config.json", "charts", "results.arrow", "results.csv", "runs", "tune.html", "tune.json"]);
    const csv = readFileSync(join(single, "results.csv"), "utf8").trimEnd().split("\n");
    expect(csv[0].startsWith("index,id,fold,rung,sample,startS,endS,gamma,ofi.beta,spreadCapturedPct,")).toBe(true);
    expect(csv.length).toBe(1 + 7);
    const summary = JSON.parse(readFileSync(join(single, "tune.json"), "utf8"));
    expect(summary.folds[0].chosen.sample).toBe(report.folds[0].chosen.sample);
    expect(summary.folds[0].overfitting.trials).toBe(4);
    expect(summary.best).toEqual({ fold: 0, sample: report.folds[0].chosen.sample, params: report.folds[0].chosen.params, config: "best-config.json" });
    const best = loadConfigFile(join(single, "best-config.json"));
    const params = report.folds[0].chosen.params;
    expect(parseConfig(best)).toEqual(parseConfig({}, [`gamma=${params.gamma}`, `ofi.beta=${params["ofi.beta"]}`]));
    const html = readFileSync(join(single, "tune.html"), "utf8");
    for (const section of ["summary", "objective-gamma", "objective-ofi.beta", "in-out-of-sample", "fold-0-pass-mask"]) expect(html).toContain(`<section id="${section.replace(/[^A-Za-z0-9_-]/g, "_")}">`);
    expect(html).toMatch(/fold 0, first rung: overfitting: PBO \d\.\d\d/);
    expect(tuneLines(TuneFolder.read(single), report).join("\n")).toMatch(/^fold 0: chose sample \d \(gamma=.*\n  in sample \(0\.00h–0\.17h\): pnl .*\n  out of sample \(0\.17h–0\.33h\): pnl /);
  });

  it("gives byte-identical outputs with 2 workers, and resumes from its cache without running anything", async () => {
    const two = join(dir, "w2");
    await tuneInto(two, 2);
    for (const name of ["results.arrow", "results.csv", "tune.json", "best-config.json", "tune.html"]) expect(bytes(join(two, name)).equals(bytes(join(single, name))), name).toBe(true);
    const again = await tuneInto(two, 2);
    expect([again.ran, again.cached]).toEqual([0, 7]);
    expect(bytes(join(two, "tune.json")).equals(bytes(join(single, "tune.json")))).toBe(true);
  }, 300_000);

  it("shards stop where they need the others' runs; merged and resumed, they give the same outputs", async () => {
    const shards = [0, 1].map((i) => join(dir, `shard${i}`));
    for (let i = 0; i < 2; i++) {
      const r = await runTune(def, { out: shards[i], workers: 1, shard: { index: i, count: 2 } });
      expect(r.complete).toBe(false);
      expect(r.waiting).toMatch(/rung 0 has runs of other shards still to finish/);
      expect(r.ran).toBe(2);
    }
    const merged = join(dir, "merged");
    expect(mergeTunes(shards, { out: merged }).runs).toBe(4);
    const resumed = await tuneInto(merged, 1);
    expect([resumed.ran, resumed.cached]).toEqual([3, 4]);
    for (const name of ["results.csv", "tune.json", "best-config.json"]) expect(bytes(join(merged, name)).equals(bytes(join(single, name))), name).toBe(true);
  }, 300_000);

  it("refuses a folder holding another tune, and bad definitions with the field named", async () => {
    const other = resolveTune({ space: { gamma: { kind: "uniform", min: 0.1, max: 0.2 } }, budget: 4, eta: 2, folds: 1, duration: "20m" });
    await expect(runTune(other, { out: single, workers: 1 })).rejects.toThrow(/holds a different tune/);
    expect(() => resolveTune({ space: {} })).toThrow(/name at least one --param/);
    expect(() => resolveTune({ space: def.space, data: "x.arrow", scenario: "default" })).toThrow(/^tune: give --data or --scenario, not both/);
    expect(() => resolveTune({ space: { seed: { kind: "choice", choices: [1, 2] } } })).toThrow(/--param seed: the data and the seed are not tuned/);
    expect(() => resolveTune({ space: def.space, budget: 1 })).toThrow(/--budget must be an integer in \[2, 10000\]/);
    expect(() => resolveTune({ space: def.space, eta: 1 })).toThrow(/--eta must be an integer in \[2, 10\]/);
    expect(() => resolveTune({ space: def.space, objective: "pnll" })).toThrow(/objective "pnll": not a numeric KPI/);
    // a value the config refuses names the run
    const bad = resolveTune({ space: { gamma: { kind: "uniform", min: -2, max: -1 } }, budget: 2, duration: "10m", folds: 1 });
    await expect(runTune(bad, { out: join(dir, "bad"), workers: 1 })).rejects.toThrow(/^config: gamma = -1\.\d+: must be > 0 .*\(tune fold 0, rung 0, sample 0\)$/);
    expect(existsSync(join(dir, "bad"))).toBe(false);
  });
});
