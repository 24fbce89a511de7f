import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { resolveGrid } from "../../src/runner/grid/definition.ts";
import { runGrid } from "../../src/runner/grid/runGrid.ts";
import { mmlab } from "../support/cli.ts";

/** A user's strategy, used by path from the command line and in grids (workers load it too). */
const FIXED_SPREAD = fileURLToPath(new URL("../../experiments/strategies/fixedSpread.ts", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "mmlab-strategy-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("mmlab with a strategy of the user's", () => {
  it("backtest --strategy PATH runs it, records the module and its hash, and takes --set strategy.params", { timeout: 300_000 }, async () => {
    const out = join(dir, "run");
    const r = await mmlab(["backtest", "--strategy", FIXED_SPREAD, "--set", "strategy.params.half_spread_ticks=25", "--duration", "20m", "--out", out, "--json", "--no-report"], dir);
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"));
    expect(manifest.config.strategy).toEqual({ module: FIXED_SPREAD, params: { half_spread_ticks: 25 } });
    expect(JSON.stringify(manifest)).toMatch(/"strategy\.module":"[0-9a-f]{64}"/);
    expect(JSON.parse(r.stdout).fills).toBeGreaterThan(0);
  });

  it.each([
    ["a missing module", ["--strategy", "nope.ts"], /^backtest: strategy module nope\.ts|strategy module .*nope\.ts: cannot be read \(ENOENT\)/],
    ["params its schema refuses", ["--strategy", FIXED_SPREAD, "--set", "strategy.params.half_spread_ticks=-3"], /config: strategy\.params\.half_spread_ticks = -3: .*\(params of strategy fixed_spread\)/],
    ["an unknown param", ["--strategy", FIXED_SPREAD, "--set", "strategy.params.half_spred_ticks=3"], /config: strategy\.params\.half_spred_ticks = 3: unknown field/],
  ])("%s: one clear line, exit 1, no run folder", { timeout: 120_000 }, async (_what, args, message) => {
    const out = join(dir, `bad-${args.length}-${String(args.at(-1)).length}`);
    const r = await mmlab(["backtest", ...args, "--duration", "1m", "--out", out], dir);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split("\n").filter((l) => l.trim() !== "")).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });

  it("a grid over the strategy's params gives byte-identical tables with 1 and 2 workers", { timeout: 600_000 }, async () => {
    const def = resolveGrid({ params: { "strategy.params.half_spread_ticks": [20, 40], "strategy.params.skew_ticks_per_unit": [0, 500] }, duration: "10m", sets: [`strategy.module=${JSON.stringify(FIXED_SPREAD)}`] });
    const one = join(dir, "grid1");
    const two = join(dir, "grid2");
    expect((await runGrid(def, { out: one, workers: 1 })).ran).toBe(4);
    expect((await runGrid(def, { out: two, workers: 2 })).workers).toBe(2);
    expect(readFileSync(join(two, "results.arrow")).equals(readFileSync(join(one, "results.arrow")))).toBe(true);
    expect(readFileSync(join(two, "results.csv"), "utf8")).toBe(readFileSync(join(one, "results.csv"), "utf8"));
    const csv = readFileSync(join(one, "results.csv"), "utf8").split("\n");
    expect(new Set(csv.slice(1, 5).map((line) => line.split(",").at(-2))).size).toBe(4); // four different results hashes
    expect(readdirSync(join(one, "points"))).toHaveLength(4);
  });

  it("a grid point whose params the strategy refuses fails before anything runs, naming the point", { timeout: 120_000 }, async () => {
    const def = resolveGrid({ params: { "strategy.params.half_spread_ticks": [20, -1] }, duration: "10m", sets: [`strategy.module=${JSON.stringify(FIXED_SPREAD)}`] });
    await expect(runGrid(def, { out: join(dir, "grid-bad"), workers: 1 })).rejects.toThrow(/strategy\.params\.half_spread_ticks = -1: .*\(grid point 1 /);
  });

  it("stress and validate run it too (the baseline and every scenario with the module)", { timeout: 600_000 }, async () => {
    const stress = await mmlab(["stress", "--strategy", FIXED_SPREAD, "--duration", "10m", "--only", "latency-spikes", "--no-run-reports", "--json", "--out", join(dir, "stress")], dir);
    expect([0, 2], stress.stderr).toContain(stress.code); // PASS or FAIL verdicts, not a crash
    const suite = JSON.parse(readFileSync(join(dir, "stress", "stress.json"), "utf8"));
    expect(suite.strategy).toEqual({ name: "fixed_spread", module: FIXED_SPREAD, params: { half_spread_ticks: 50, skew_ticks_per_unit: 0 }, moduleSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(readFileSync(join(dir, "stress", "stress.html"), "utf8")).toContain(`fixed_spread (${FIXED_SPREAD}, SHA-256 `);
    const bad = await mmlab(["validate", "--strategy", join(dir, "nope.ts"), "--out", join(dir, "validate")], dir);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/strategy module .*nope\.ts: cannot be read/);
    expect(existsSync(join(dir, "validate"))).toBe(false);
  });

  it("the built-in V1.5 runs the stress suite (validate's runs) as V1 does (quoter v1_5)", { timeout: 600_000 }, async () => {
    const stress = await mmlab(["stress", "--set", "quoter=v1_5", "--duration", "10m", "--only", "latency-spikes", "--no-run-reports", "--json", "--out", join(dir, "stress-v15")], dir);
    expect([0, 2], stress.stderr).toContain(stress.code);
    const suite = JSON.parse(readFileSync(join(dir, "stress-v15", "stress.json"), "utf8"));
    expect(suite.strategy.name).toBe("v1_5");
    expect(suite.strategy.params).toMatchObject({ touch: true, fee_floor: true, guard: true, ev_requote: true, size_skew: true });
  });

  it("a config file names the module beside it", { timeout: 300_000 }, async () => {
    const sub = join(dir, "project");
    const out = join(dir, "run-config");
    mkdirSync(sub);
    writeFileSync(join(sub, "package.json"), JSON.stringify({ type: "module" })); // a user's ESM project
    // the example imports the library by a path relative to it: the copy by its absolute path
    const library = fileURLToPath(new URL("../../src/index.ts", import.meta.url));
    writeFileSync(join(sub, "mine.ts"), readFileSync(FIXED_SPREAD, "utf8").replace('from "../../src/index.ts"', `from ${JSON.stringify(library)}`));
    writeFileSync(join(sub, "config.json"), JSON.stringify({ strategy: { module: "./mine.ts", params: { half_spread_ticks: 15 } } }));
    const r = await mmlab(["backtest", "--config", join(sub, "config.json"), "--duration", "5m", "--out", out, "--json", "--no-report"], dir);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")).config.strategy.module).toBe(join(sub, "mine.ts"));
  });
});
