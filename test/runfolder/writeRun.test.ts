import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/load.ts";
import { rootRng } from "../../src/core/rng.ts";
import { trackedTempPaths } from "../../src/core/tempFiles.ts";
import { NS_PER_S } from "../../src/core/time.ts";
import { syntheticData } from "../../src/data/sources/syntheticData.ts";
import { writeRunReport } from "../../src/report/runReport.ts";
import { writeRunFolder } from "../../src/runfolder/writeRun.ts";
import { runBacktest } from "../../src/runner/backtest.ts";

let root: string;
let run: Parameters<typeof writeRunFolder>[2];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "mmlab-write-run-"));
  const rng = rootRng(1);
  const config = parseConfig({});
  const data = syntheticData("default", rng, { durationNs: 120 * NS_PER_S });
  run = { config, seed: "1", data, durationNs: undefined, result: await runBacktest({ config, data, rng }) };
}, 120_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("writeRunFolder: the report is part of the folder before it is published", () => {
  it("a report step that fails leaves no folder and no temporary folder; the same path then works", async () => {
    const out = join(root, "failed-report");
    const failing = async (dir: string): Promise<void> => {
      writeFileSync(join(dir, "report.html"), "<p>half a report"); // what a render stopped midway leaves
      throw new Error("render failed");
    };
    await expect(writeRunFolder(out, false, run, failing)).rejects.toThrow("render failed");
    expect(readdirSync(root).filter((n) => n.includes("failed-report"))).toEqual([]);
    expect(trackedTempPaths()).toEqual([]);

    await writeRunFolder(out, false, run, (dir) => writeRunReport(dir, { png: false }));
    expect(readdirSync(out).sort()).toEqual(["charts", "fills.arrow", "kpis.json", "manifest.json", "report.html", "runlog.json", "timeseries.arrow"]);
    expect(readdirSync(root).filter((n) => n.startsWith("."))).toEqual([]);
  });

  it("the report step sees every run file in the temporary folder, before the folder exists", async () => {
    const out = join(root, "seen");
    let seen: string[] = [];
    await writeRunFolder(out, false, run, async (dir) => {
      seen = readdirSync(dir).sort();
      expect(existsSync(out)).toBe(false);
      expect(trackedTempPaths()).toContain(dir); // an interrupt now would remove it
    });
    expect(seen).toEqual(["fills.arrow", "kpis.json", "manifest.json", "runlog.json", "timeseries.arrow"]);
    expect(trackedTempPaths()).toEqual([]);
  });
});
