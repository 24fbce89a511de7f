import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/load.ts";
import { rootRng } from "../../src/core/rng.ts";
import { runBacktest } from "../../src/runner/backtest.ts";
import { syntheticData } from "../../src/data/sources/syntheticData.ts";
import { writeRunFolder } from "../../src/runfolder/writeRun.ts";
import { reportCharts, writeRunReport } from "../../src/report/runReport.ts";
import { loadRun } from "../../src/runfolder/readRun.ts";
import { NS_PER_S } from "../../src/core/time.ts";

// this run never pauses: no "paused" panel
const CHARTS = ["kpis", "pnl", "inventory", "quotes", "spread-sigma", "ofi", "markouts"];

let root: string;
let runDir: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "mmlab-report-"));
  runDir = join(root, "run");
  const rng = rootRng(1);
  const config = parseConfig({});
  const data = syntheticData("default", rng, { durationNs: 600 * NS_PER_S });
  const result = await runBacktest({ config, data, rng });
  await writeRunFolder(runDir, false, { config, seed: "1", data, durationNs: undefined, result });
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

function snapshot(dir: string, files: string[]): Map<string, Buffer> {
  return new Map(files.map((f) => [f, readFileSync(join(dir, f))]));
}

describe("writeRunReport", () => {
  it("writes report.html and an SVG and a PNG per chart into the run folder", async () => {
    const { files } = await writeRunReport(runDir);
    expect(files).toEqual([...CHARTS.flatMap((c) => [`charts/${c}.svg`, `charts/${c}.png`]), "report.html"]);
    for (const f of files) expect(existsSync(join(runDir, f)), f).toBe(true);
    // no temporary folders left behind, the run's own files untouched
    expect(readdirSync(runDir).sort()).toEqual(["charts", "fills.arrow", "kpis.json", "manifest.json", "report.html", "runlog.json", "timeseries.arrow"]);
    const html = readFileSync(join(runDir, "report.html"), "utf8");
    const manifest = JSON.parse(readFileSync(join(runDir, "manifest.json"), "utf8")) as { resultsHash: string; data: { hash: string }; codeVersion: string };
    expect(html).toContain(manifest.resultsHash);
    expect(html).toContain(manifest.data.hash);
    expect(html).toContain(manifest.codeVersion.replace(/&/g, "&amp;"));
    expect(html).toContain('class="pass"');
    for (const c of CHARTS.filter((c) => c !== "kpis")) expect(html).toContain(`id="vis-${c}"`);
    expect(html).not.toContain('id="vis-paused"');
    expect(html).not.toContain('href="#paused"');
    expect(html).toContain("Not drawn, nothing to show: Paused periods (quoting never paused).");
    const svg = readFileSync(join(runDir, "charts/inventory.svg"), "utf8");
    expect(svg).toContain("inventory q (BTC)");
    const png = readFileSync(join(runDir, "charts/pnl.png"));
    expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
  });

  it("leaves out the paused chart when nothing paused, and keeps it when something did", async () => {
    const run = await loadRun(runDir);
    expect(Array.from(run.timeseries.paused).every((p) => p === 0)).toBe(true);
    expect(run.runlog.guardEvents).toEqual([]);
    const quiet = reportCharts(run);
    expect(quiet.charts.map((c) => c.name)).toEqual(CHARTS);
    expect(quiet.omitted).toEqual([{ name: "paused", heading: "Paused periods", reason: "quoting never paused" }]);

    const paused = Array.from(run.timeseries.paused);
    paused.fill(1, 100, 130);
    const busy = reportCharts({ ...run, timeseries: { ...run.timeseries, paused } });
    expect(busy.charts.map((c) => c.name)).toEqual([...CHARTS.slice(0, -1), "paused", "markouts"]);
    expect(busy.omitted).toEqual([]);
  });

  it("gives byte-identical files when run again on the same folder", async () => {
    const first = await writeRunReport(runDir);
    const before = snapshot(runDir, first.files);
    const second = await writeRunReport(runDir);
    expect(second.files).toEqual(first.files);
    const after = snapshot(runDir, second.files);
    for (const [name, bytes] of before) expect(after.get(name)!.equals(bytes), name).toBe(true);
  });

  it("skips PNGs when asked, replacing the previous charts folder whole", async () => {
    const { files } = await writeRunReport(runDir, { png: false });
    expect(files.some((f) => f.endsWith(".png"))).toBe(false);
    expect(readdirSync(join(runDir, "charts")).filter((f) => f.endsWith(".png"))).toEqual([]);
    expect(readdirSync(runDir).filter((f) => f.startsWith("."))).toEqual([]);
  });

  it("fails naming the missing file, writing nothing, for a folder that is not a run", async () => {
    const empty = join(root, "empty");
    await expect(writeRunReport(empty)).rejects.toThrow(/manifest\.json: missing/);
    expect(existsSync(join(empty, "report.html"))).toBe(false);
  });
});
