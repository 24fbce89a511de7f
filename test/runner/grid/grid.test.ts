import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { tableFromIPC } from "apache-arrow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveGrid } from "../../../src/runner/grid/definition.ts";
import { mergeGrids } from "../../../src/runner/grid/merge.ts";
import { parseObjective, selectBest } from "../../../src/runner/grid/objective.ts";
import { gridPoints } from "../../../src/runner/grid/points.ts";
import { runPoint } from "../../../src/runner/grid/pointRun.ts";
import { gridOverfitting } from "../../../src/runner/grid/overfitting.ts";
import { KPI_COLUMNS, RETURN_SLICES, type GridRow } from "../../../src/runner/grid/rows.ts";
import { runGrid } from "../../../src/runner/grid/runGrid.ts";
import { GridFolder } from "../../../src/runner/grid/store.ts";
import { pointTask, validatePoints } from "../../../src/runner/grid/tasks.ts";
import { runPool } from "../../../src/runner/grid/pool.ts";
import type { Holdout } from "../../../src/runner/grid/walkForward.ts";

const root = fileURLToPath(new URL("../../../", import.meta.url));

/** The overfitting statistics of rows as overfitting.json holds them (through JSON, as written). */
function gridOverfittingStats(rows: GridRow[]): unknown {
  const outcome = gridOverfitting(rows, parseObjective("pnl"));
  if (!("stats" in outcome)) throw new Error(outcome.missing);
  return JSON.parse(JSON.stringify(outcome.stats));
}
const dir = mkdtempSync(join(tmpdir(), "mmlab-grid-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The 3 × 3 grid of the tests: 10 minutes of the default synthetic day per point. */
const def = resolveGrid({ params: { gamma: [0.05, 0.1, 0.2], "ofi.beta": [0, 0.3, 0.6] }, duration: "10m" });
const bytes = (path: string): Buffer => readFileSync(path);
const pointFiles = (out: string): string[] => readdirSync(join(out, "points")).filter((n) => n.endsWith(".json")).sort();

describe("grid search", () => {
  let single: string;

  beforeAll(async () => {
    single = join(dir, "w1");
    const report = await runGrid(def, { out: single, workers: 1 });
    expect([report.ran, report.cached, report.complete, report.workers]).toEqual([9, 0, true, 1]);
  }, 60_000);

  it("writes results.arrow / results.csv (grid order), grid.json, overfitting.json, one cache file per point and the report", () => {
    expect(readdirSync(single).sort()).toEqual(["charts", "grid.html", "grid.json", "overfitting.json", "points", "results.arrow", "results.csv"]);
    const table = tableFromIPC(bytes(join(single, "results.arrow")));
    expect(table.numRows).toBe(9);
    expect(table.schema.fields.map((f) => f.name)).toEqual(["index", "id", "gamma", "ofi.beta", ...KPI_COLUMNS, "resultsHash", "dataHash"]);
    const points = gridPoints(def);
    expect([...table.getChild("index")!]).toEqual(points.map((p) => p.index));
    expect([...table.getChild("id")!]).toEqual(points.map((p) => p.id));
    expect([...table.getChild("gamma")!]).toEqual(points.map((p) => p.params.gamma));
    expect(table.getChild("passed")!.get(0)).toBeTypeOf("boolean");
    expect([...table.getChild("feeSchedule")!]).toEqual(points.map(() => "binance-spot-vip9 1.2/2.4 bp"));
    expect(table.getChild("breakEvenMakerFeeBps")!.get(0)).toBeTypeOf("number");
    const csv = readFileSync(join(single, "results.csv"), "utf8").trimEnd().split("\n");
    expect(csv.length).toBe(10);
    expect(csv[1].startsWith(`0,${points[0].id},0.05,0,`)).toBe(true);
    expect(pointFiles(single)).toEqual(points.map((p) => `${p.index}-${p.id}.json`).sort());
    const grid = JSON.parse(readFileSync(join(single, "grid.json"), "utf8"));
    expect(grid.points).toBe(9);
    expect(grid.params).toEqual({ gamma: [0.05, 0.1, 0.2], "ofi.beta": [0, 0.3, 0.6] });
    expect(grid.base.gamma).toBeGreaterThan(0); // resolved: every default filled in
    // every point's PnL per slice is cached with its row; the statistics take the nine as trials
    const folder = GridFolder.read(single);
    const rows = points.map((p) => folder.readRow(p));
    for (const row of rows) {
      expect(row.returns).toHaveLength(RETURN_SLICES);
      expect(row.returns!.reduce((a, b) => a + b, 0)).toBeCloseTo(Number(row.kpis.pnl), 6);
    }
    const overfitting = JSON.parse(readFileSync(join(single, "overfitting.json"), "utf8"));
    expect(overfitting).toEqual(gridOverfittingStats(rows));
    expect(overfitting.trials).toBe(9);
    expect(overfitting.pbo.combinations).toBe(12870);
    expect(overfitting.pbo.rankedBy).toBe("mean");
    expect(overfitting.deflatedSharpe.point).toBe(selectBest(rows, parseObjective("pnl")).row.index);
  });

  it("gives byte-identical tables with 2 workers", async () => {
    const out = join(dir, "w2");
    const report = await runGrid(def, { out, workers: 2 });
    expect([report.ran, report.workers]).toEqual([9, 2]);
    expect(bytes(join(out, "results.arrow")).equals(bytes(join(single, "results.arrow")))).toBe(true);
    expect(readFileSync(join(out, "results.csv"), "utf8")).toBe(readFileSync(join(single, "results.csv"), "utf8"));
  });

  it("gives the identical table as 3 shards merged, and names what is missing or different", async () => {
    const shards = [0, 1, 2].map((i) => join(dir, `shard${i}`));
    for (let i = 0; i < 3; i++) {
      const r = await runGrid(def, { out: shards[i], workers: 1, shard: { index: i, count: 3 } });
      expect([r.assigned, r.ran]).toEqual([3, 3]);
      expect(r.tables.map((t) => t.split("/").pop())).toEqual([`shard-${i}-of-3.arrow`, `shard-${i}-of-3.csv`]);
      expect(pointFiles(shards[i]).map((n) => Number(n.split("-")[0]) % 3)).toEqual([i, i, i]);
      expect(existsSync(join(shards[i], "results.arrow"))).toBe(false);
    }
    await expect(mergeGrids([shards[0], shards[2]], { out: join(dir, "partial") })).rejects.toThrow(
      /incomplete: 3 of 9 points missing: point 1 \(gamma=0\.05, ofi\.beta=0\.3\); point 4 .*; point 7 .* \(shard 1\/3 not run or not merged\)/,
    );
    expect(existsSync(join(dir, "partial"))).toBe(false);
    await expect(mergeGrids([shards[0], single])).rejects.toThrow(/point 0 .* is in both/);

    const merged = join(dir, "merged");
    const report = await mergeGrids(shards, { out: merged });
    expect(report.sources.map((s) => s.points)).toEqual([3, 3, 3]);
    expect(bytes(join(merged, "results.arrow")).equals(bytes(join(single, "results.arrow")))).toBe(true);
    expect(readFileSync(join(merged, "results.csv"), "utf8")).toBe(readFileSync(join(single, "results.csv"), "utf8"));
    expect(readFileSync(join(merged, "overfitting.json"), "utf8")).toBe(readFileSync(join(single, "overfitting.json"), "utf8"));
    expect(pointFiles(merged)).toEqual(pointFiles(single));

    const other = join(dir, "other");
    await runGrid(resolveGrid({ params: { gamma: [0.05] }, duration: "10m" }), { out: other, workers: 1 });
    await expect(mergeGrids([merged, other])).rejects.toThrow(/holds a different grid than .* \(differs in params\)/);
  });

  it("shards may share one folder, running at the same time; merging that folder gives the same table", async () => {
    const shared = join(dir, "shared");
    const reports = await Promise.all([0, 1, 2].map((i) => runGrid(def, { out: shared, workers: 1, shard: { index: i, count: 3 } })));
    expect(reports.map((r) => r.ran)).toEqual([3, 3, 3]);
    expect(readdirSync(shared).filter((n) => n.startsWith("shard-")).length).toBe(6);
    await mergeGrids([shared]);
    expect(bytes(join(shared, "results.arrow")).equals(bytes(join(single, "results.arrow")))).toBe(true);
  });

  it("a point that fails in a worker stops the pool with an error naming the point", async () => {
    const [task] = await validatePoints(def, gridPoints(def).slice(0, 1));
    const broken = { ...task, source: { kind: "file" as const, path: join(dir, "missing.arrow") } };
    await expect(runPool([broken, task], { workers: 2, onRow: () => undefined })).rejects.toThrow(/^grid point 0 \(gamma=0\.05, ofi\.beta=0\): .*missing\.arrow: no such file/);
  });

  it("resumes after a stop: runs exactly the missing points and writes the same table", async () => {
    const out = join(dir, "resume");
    const first = await runGrid(def, { out, workers: 2, maxPoints: 4 });
    expect([first.ran, first.complete, first.tables]).toEqual([4, false, []]);
    expect(pointFiles(out).length).toBe(4);
    expect(existsSync(join(out, "results.arrow"))).toBe(false);

    const lines: string[] = [];
    const second = await runGrid(def, { out, workers: 2, log: (l) => lines.push(l) });
    expect([second.cached, second.ran, second.complete]).toEqual([4, 5, true]);
    expect(lines.join("\n")).toMatch(/resuming: 4 already done, 5 to run/);
    expect(bytes(join(out, "results.arrow")).equals(bytes(join(single, "results.arrow")))).toBe(true);

    for (const name of pointFiles(out).slice(2, 4)) rmSync(join(out, "points", name));
    const third = await runGrid(def, { out, workers: 2 });
    expect([third.cached, third.ran]).toEqual([7, 2]);
    expect(bytes(join(out, "results.arrow")).equals(bytes(join(single, "results.arrow")))).toBe(true);

    const again = await runGrid(def, { out, workers: 2 });
    expect([again.cached, again.ran]).toEqual([9, 0]);
  });

  it("refuses a folder that holds a different grid, or something else", async () => {
    const changed = resolveGrid({ params: { gamma: [0.05, 0.1, 0.2], "ofi.beta": [0, 0.3, 0.6] }, duration: "5m" });
    await expect(runGrid(changed, { out: single, workers: 1 })).rejects.toThrow(/holds a different grid \(differs in duration\); choose another --out/);
    const runFolder = join(dir, "not-a-grid");
    cpSync(join(single, "points"), runFolder, { recursive: true });
    await expect(runGrid(def, { out: runFolder, workers: 1 })).rejects.toThrow(/is not a grid folder/);
  });

  it("walk-forward: selects on one span, re-runs the chosen point on the other, writes holdout.json", async () => {
    const wf = resolveGrid({ params: { gamma: [0.05, 0.1, 0.2] }, selectOn: "0-5m", reportOn: "5m-10m" });
    const out = join(dir, "wf");
    const report = await runGrid(wf, { out, workers: 2 });
    const holdout = JSON.parse(readFileSync(join(out, "holdout.json"), "utf8")) as Holdout;
    expect(report.holdout).toEqual(holdout);
    const folder = GridFolder.read(out);
    const rows = gridPoints(wf).map((p) => folder.readRow(p));
    const best = selectBest(rows, parseObjective("pnl"));
    expect(holdout.chosen.index).toBe(best.row.index);
    expect(holdout.selection.resultsHash).toBe(best.row.resultsHash);
    expect([holdout.objective, holdout.selectOn, holdout.reportOn]).toEqual(["pnl", "0-5m", "5m-10m"]);
    // the report run is the chosen point on 5m–10m of the same 10-minute synthetic day
    const direct = await runPoint(pointTask(wf, gridPoints(wf)[best.row.index], "report"));
    expect(holdout.report.resultsHash).toBe(direct.resultsHash);
    expect(holdout.report.dataHash).toBe(holdout.selection.dataHash);
    expect(holdout.report.resultsHash).not.toBe(holdout.selection.resultsHash);
    expect(holdout.report.kpis.fills).toBeGreaterThan(0); // the span opens on a full book: the strategy quotes and fills
  });
});

describe("a killed grid", () => {
  it("leaves only complete point files and resumes without recomputing them", async () => {
    const out = join(dir, "killed");
    const args = ["--import", "tsx", "experiments/grid.ts", "--param", "gamma=0.05,0.1,0.2", "--param", "ofi.beta=0,0.3,0.6", "--duration", "1h", "--workers", "1", "--out", out];
    const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, CI: "1" }, stdio: "ignore" });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
    for (let t = 0; t < 600; t++) {
      if (existsSync(join(out, "points")) && pointFiles(out).length >= 2) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");
    const before = pointFiles(out);
    expect(before.length).toBeGreaterThanOrEqual(2);
    expect(before.length).toBeLessThan(9);
    for (const name of before) expect(JSON.parse(readFileSync(join(out, "points", name), "utf8")).kpis).toBeDefined();
    expect(existsSync(join(out, "results.arrow"))).toBe(false);
    const mtimes = before.map((n) => statSync(join(out, "points", n)).mtimeMs);

    const same = resolveGrid({ params: { gamma: [0.05, 0.1, 0.2], "ofi.beta": [0, 0.3, 0.6] }, duration: "1h" });
    const report = await runGrid(same, { out, workers: 2 });
    expect([report.cached, report.ran]).toEqual([before.length, 9 - before.length]);
    expect(before.map((n) => statSync(join(out, "points", n)).mtimeMs)).toEqual(mtimes);
    expect(tableFromIPC(bytes(join(out, "results.arrow"))).numRows).toBe(9);
  });
});
