import { existsSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { sizeText } from "../../src/cli/commands/runs.ts";
import { CALIBRATION_FILES } from "../../src/calibration/calibrationReport.ts";
import { folderBytes, identifyRun, listRuns, runsOlderThan } from "../../src/runfolder/listRuns.ts";
import { RUN_FILES } from "../../src/runfolder/format.ts";
import { GRID_FILE } from "../../src/runner/grid/store.ts";
import { mmlab } from "../support/cli.ts";

const DAY_MS = 24 * 3600 * 1000;

/** A folder with these files (name → content). */
function folder(path: string, files: Record<string, string>): string {
  mkdirSync(path, { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(join(path, name), content);
  return path;
}

/** Sets the modification time of a folder and its top-level entries `days` back. */
function age(path: string, days: number): void {
  const t = new Date(Date.now() - days * DAY_MS);
  for (const name of readdirSync(path)) utimesSync(join(path, name), t, t);
  utimesSync(path, t, t);
}

const json = (v: unknown) => JSON.stringify(v);
const kpis = (passed: boolean) => json({ passed, rulesPassed: passed ? 6 : 2, rulesTotal: 6 });

/** One folder of each kind mmlab writes, as their writers shape the files the listing reads. */
function writeKinds(root: string): void {
  folder(join(root, "paper-001"), { "session.arrow": "x", "feed.json": json({ resultsHash: "ab" }), "kpis.json": kpis(true), "paper.log": "" });
  folder(join(root, "stress-001"), { "stress.json": json({ tool: "mmlab", kind: "stress", runs: [{ passed: true }, { passed: false }, { passed: false }] }) });
  folder(join(root, "validate-001"), { "validate.json": json({ tool: "mmlab", kind: "validate", passed: false }) });
  folder(join(root, "grid-001"), { [GRID_FILE]: json({ params: { gamma: [1, 2] }, points: 2, hash: "h" }) });
  folder(join(root, "calibrate-001"), { "calibration.json": json({ source: "x.arrow" }), "calibration.config.json": "{}" });
  folder(join(root, "ofi-study-001"), { "ofi-study.json": json({ units: {} }), "buckets.csv": "t_s,ofi,dmid_ticks\n" });
  folder(join(root, "compare-markets-001"), { "facts.json": json({ real: {}, synth: {}, rows: [] }) });
  folder(join(root, "sim2real-001"), { "sim2real.json": json({ targetMet: true }), "market.json": "{}" });
}

describe("listRuns", () => {
  it("recognises each kind by the files its command writes, with a verdict where there is one", () => {
    const root = mkdtempSync(join(tmpdir(), "mmlab-runs-kinds-"));
    writeKinds(root);
    folder(join(root, "backtest-001"), { "manifest.json": json({ tool: "mmlab", resultsHash: "ab" }), "kpis.json": kpis(false) });
    folder(join(root, "tune-001"), { "tune.json": json({ definition: { budget: 27 }, hash: "h", folds: [] }) });
    folder(join(root, "tune-002"), { "tune.json": json({ definition: { budget: 9 }, hash: "h" }) });
    const byName = Object.fromEntries(listRuns(root).runs.map((r) => [r.name, [r.kind, r.verdict]]));
    expect(byName).toEqual({
      "backtest-001": ["backtest", "FAIL 2/6"],
      "paper-001": ["paper", "PASS 6/6"],
      "stress-001": ["stress", "1/3 runs pass"],
      "validate-001": ["validate", "FAILED"],
      "grid-001": ["grid", "2 points"],
      "tune-001": ["tune", "27 configurations"],
      "tune-002": ["tune", "9 configurations, unfinished"],
      "calibrate-001": ["calibrate", ""],
      "ofi-study-001": ["ofi-study", ""],
      "compare-markets-001": ["compare-markets", ""],
      "sim2real-001": ["sim2real", "target met"],
    });
  });

  it("the marker files are the writers' (run folder, grid, calibration)", () => {
    expect(RUN_FILES).toEqual(expect.arrayContaining(["manifest.json", "kpis.json"]));
    expect(GRID_FILE).toBe("grid.json");
    expect(CALIBRATION_FILES).toEqual(expect.arrayContaining(["calibration.json", "calibration.config.json"]));
  });

  it("anything else is not a run: a look-alike manifest, a plain file, a link, a folder of notes, a run still being written", () => {
    const root = mkdtempSync(join(tmpdir(), "mmlab-runs-others-"));
    folder(join(root, "mine"), { "manifest.json": json({ tool: "other", resultsHash: "x" }), "kpis.json": kpis(true) });
    folder(join(root, "notes"), { "todo.txt": "x" });
    folder(join(root, "half"), { "stress.json": "{ not json" });
    writeFileSync(join(root, "readme.txt"), "x");
    folder(join(root, ".backtest-002.tmp-4242"), { "kpis.json": kpis(true) });
    const real = folder(join(root, "..", `${root.split("/").pop()}-elsewhere`, "backtest-009"), { "manifest.json": json({ tool: "mmlab", resultsHash: "ab" }), "kpis.json": kpis(true) });
    symlinkSync(real, join(root, "linked"));
    const l = listRuns(root);
    expect(l.runs).toEqual([]);
    expect(l.others.sort()).toEqual(["half", "linked", "mine", "notes", "readme.txt"]);
    expect(l.unfinished).toEqual([".backtest-002.tmp-4242"]);
    expect(identifyRun(join(root, "mine"))).toBeUndefined();
    expect(listRuns(join(root, "missing"))).toEqual({ runs: [], others: [], unfinished: [] });
  });

  it("size: every file below, links not followed; age: the newest top-level entry", () => {
    const root = mkdtempSync(join(tmpdir(), "mmlab-runs-size-"));
    const grid = folder(join(root, "grid-001"), { [GRID_FILE]: json({ params: {}, points: 1, hash: "h" }) });
    folder(join(grid, "points", "0"), { "kpis.json": "x".repeat(1000) });
    expect(folderBytes(grid)).toBe(json({ params: {}, points: 1, hash: "h" }).length + 1000);
    age(grid, 10);
    const [run] = listRuns(root).runs;
    expect(Date.now() - run.timeMs).toBeGreaterThan(9.9 * DAY_MS);
    expect(runsOlderThan([run], 7 * DAY_MS, Date.now())).toEqual([run]);
    expect(runsOlderThan([run], 11 * DAY_MS, Date.now())).toEqual([]);
    expect(sizeText(999)).toBe("999 B");
    expect(sizeText(12_345_678)).toBe("12 MB");
    expect(sizeText(1_500)).toBe("1.5 kB");
  });
});

describe("mmlab runs", () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "mmlab-runs-cli-"));
    const r = await mmlab(["backtest", "--duration", "1m", "--no-report"], dir); // runs/backtest-001, written now
    expect(r.code).toBe(0);
    writeKinds(join(dir, "runs"));
    for (const name of readdirSync(join(dir, "runs")).filter((n) => n !== "backtest-001")) age(join(dir, "runs", name), 10);
    folder(join(dir, "runs", "my-notes"), { "manifest.json": json({ mine: true }) });
    age(join(dir, "runs", "my-notes"), 30);
  });

  it("list: kind, name, time, size and verdict, oldest first; what is not mmlab's is named, not listed", async () => {
    const r = await mmlab(["runs"], dir);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^kind\s+name\s+last written \(UTC\)\s+size\s+verdict$/);
    expect(lines.at(-2)).toMatch(/^backtest\s+backtest-001\s+\d{4}-\d\d-\d\d \d\d:\d\d\s+\d+(\.\d)? [kM]B\s+(PASS|FAIL) \d\/6$/);
    expect(r.stdout).toMatch(/^validate\s+validate-001\s.*FAILED$/m);
    expect(lines.at(-1)).toMatch(/^9 run folders, .* in runs; left alone: 1 other entry not written by mmlab \(my-notes\)$/);
    const filtered = await mmlab(["runs", "list", "--kind", "backtest", "--json"], dir);
    const listed = JSON.parse(filtered.stdout);
    expect(listed.runs.map((x: { name: string }) => x.name)).toEqual(["backtest-001"]);
    expect(listed.others).toEqual(["my-notes"]);
  });

  it("clean: needs --older-than; --dry-run deletes nothing; then only mmlab's runs older than that go", async () => {
    const bare = await mmlab(["runs", "clean"], dir);
    expect(bare.code).toBe(1);
    expect(bare.stderr).toMatch(/--older-than/);
    const dry = await mmlab(["runs", "clean", "--older-than", "7d", "--dry-run"], dir);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^would remove runs\/stress-001 \(stress, \d+ B, last written /m);
    expect(dry.stdout).toMatch(/^would remove 8 run folders older than 7d, .*; 1 kept; left alone: 1 other entry/m);
    expect(readdirSync(join(dir, "runs"))).toHaveLength(10);
    const clean = await mmlab(["runs", "clean", "--older-than", "7d"], dir);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(/^removed 8 run folders older than 7d/m);
    expect(readdirSync(join(dir, "runs")).sort()).toEqual(["backtest-001", "my-notes"]);
    expect(existsSync(join(dir, "runs", "backtest-001", "manifest.json"))).toBe(true);
  });
});
