import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveGrid } from "../../../src/runner/grid/definition.ts";
import { runGrid } from "../../../src/runner/grid/runGrid.ts";
import { mmlab } from "../../support/cli.ts";
import { writeSyntheticEventFile } from "../../support/badEventFile.ts";

/*
 * A grid that fails on bad data (a file that opens but breaks its check midway, in a worker)
 * leaves no output folder it created; a folder holding points it did not compute stays.
 */
let dir: string;
let good: string;
let bad: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "mmlab-failed-grid-"));
  good = join(dir, "good.arrow");
  bad = join(dir, "bad.arrow");
  await writeSyntheticEventFile(good, 60);
  await writeSyntheticEventFile(bad, 60, true);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pointFiles = (out: string): string[] => readdirSync(join(out, "points")).filter((n) => n.endsWith(".json"));
const BAD_ROW = /grid point 1 \(data=.*bad\.arrow\): .*bad\.arrow: row \d+: exch_ts: timestamps out of order/;

describe("a grid that fails on bad data", () => {
  it("removes the folder it created, points already finished included", { timeout: 300_000 }, async () => {
    const out = join(dir, "fresh");
    const def = resolveGrid({ params: { data: [good, bad] } });
    await expect(runGrid(def, { out, workers: 1 })).rejects.toThrow(BAD_ROW);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((n) => n.startsWith("."))).toEqual([]);
  });

  it("empties a folder it found empty, and leaves it", { timeout: 300_000 }, async () => {
    const out = mkdtempSync(join(dir, "empty-"));
    await expect(runGrid(resolveGrid({ params: { data: [bad] } }), { out, workers: 1 })).rejects.toThrow(/bad\.arrow: row \d+/);
    expect(readdirSync(out)).toEqual([]);
  });

  it("keeps a folder holding points it did not compute: a resumed grid, or a shard sharing it", { timeout: 300_000 }, async () => {
    const def = resolveGrid({ params: { data: [good, bad] } });
    const resumed = join(dir, "resumed");
    expect((await runGrid(def, { out: resumed, workers: 1, shard: { index: 0, count: 2 } })).ran).toBe(1);
    await expect(runGrid(def, { out: resumed, workers: 1 })).rejects.toThrow(BAD_ROW);
    expect(pointFiles(resumed)).toHaveLength(1);

    const shared = join(dir, "shared");
    await runGrid(def, { out: shared, workers: 1, shard: { index: 0, count: 2 } });
    await expect(runGrid(def, { out: shared, workers: 1, shard: { index: 1, count: 2 } })).rejects.toThrow(BAD_ROW);
    expect(pointFiles(shared)).toHaveLength(1);
    expect(existsSync(join(shared, "grid.json"))).toBe(true);
  });

  it("mmlab grid: one line, exit 1, no output folder; the same --out then works with good data", { timeout: 600_000 }, async () => {
    const r = await mmlab(["grid", "--data", bad, "--param", "gamma=0.1,0.2", "--workers", "1", "--out", "g", "--no-report"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split("\n").at(-1)).toMatch(/^mmlab: grid point 0 \(gamma=0\.1\): .*bad\.arrow: row \d+: exch_ts: timestamps out of order/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, "g"))).toBe(false);

    const again = await mmlab(["grid", "--data", good, "--param", "gamma=0.1,0.2", "--workers", "1", "--out", "g", "--no-report"], dir);
    expect([again.code, pointFiles(join(dir, "g")).length]).toEqual([0, 2]);
  });
});
