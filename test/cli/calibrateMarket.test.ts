import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { syntheticSchema } from "../../src/data/synthetic/params.ts";
import { scenarioParams } from "../../src/data/synthetic/scenarios.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const bin = join(root, "bin/mmlab.js");

/** Runs `mmlab …` in a child process. */
function mmlab(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd, env: { ...process.env, CI: "1" } }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const json = (path: string) => JSON.parse(readFileSync(path, "utf8"));

describe("mmlab calibrate --market", () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "mmlab-calibrate-market-"));
    const g = await mmlab(["generate", "--out", "day.arrow", "--duration", "30m", "--seed", "4"], dir);
    expect(g.code).toBe(0);
  }, 120_000);

  it("a file: market.json is the fitted synthetic market (the schema parses it, --scenario loads it), market-fit.json says how", async () => {
    const r = await mmlab(["calibrate", "day.arrow", "--market", "--market-sim-hours", "0.25", "--market-iterations", "2", "--out", "cal"], dir);
    expect(r.code, r.stderr).toBe(0);
    const files = readdirSync(join(dir, "cal"));
    expect(files).toEqual(expect.arrayContaining(["calibration.json", "calibration.config.json", "calibration.html", "market.json", "market-fit.json"]));
    const market = json(join(dir, "cal/market.json"));
    expect(syntheticSchema.parse(market)).toEqual(market); // complete: nothing left to default
    expect(scenarioParams(join(dir, "cal/market.json"))).toEqual(market);
    expect(market).toMatchObject({ symbol: "BTCUSDT", tickSize: 0.01, lotSize: 0.00001, seasonality: 0, jumpsPerHour: 0 });
    expect(market.durationS).toBeCloseTo(1800, -1);
    const fit = json(join(dir, "cal/market-fit.json"));
    expect(fit.source).toBe("day.arrow");
    expect(fit.estimates.length).toBeGreaterThan(40);
    for (const e of fit.estimates) {
      expect(Object.keys(e).sort()).toEqual(expect.arrayContaining(["method", "param", "unit", "value"]));
      if (e.param in market && typeof market[e.param] === "number") expect(e.value).toBe(market[e.param]);
    }
    expect(Array.isArray(fit.warnings)).toBe(true);
    expect(fit.moments.names).toContain("rv.residual.10");
    // the table on stdout, the warnings on stderr
    expect(r.stdout).toMatch(/synthetic market fitted to the data/);
    expect(r.stdout).toMatch(/sigmaQuotePerSqrtS +[\d.]+ +quote\/√s +simulated moments/);
    expect(r.stdout).toMatch(/market\.json, market-fit\.json/);
    for (const line of r.stderr.trim().split("\n").filter(Boolean)) expect(line).toMatch(/^mmlab: warning: /);
    // the fitted market generates
    const g = await mmlab(["generate", "--scenario", "cal/market.json", "--duration", "2m", "--out", "fitted.arrow"], dir);
    expect(g.code, g.stderr).toBe(0);
    expect(existsSync(join(dir, "fitted.arrow"))).toBe(true);
  }, 120_000);

  it("a synthetic scenario as input, and without --market no market files", async () => {
    const r = await mmlab(["calibrate", "--scenario", "default", "--duration", "20m", "--market", "--market-sim-hours", "0.25", "--market-iterations", "1", "--out", "scen"], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(syntheticSchema.safeParse(json(join(dir, "scen/market.json"))).success).toBe(true);
    const plain = await mmlab(["calibrate", "--scenario", "default", "--duration", "5m", "--out", "plain"], dir);
    expect(plain.code).toBe(0);
    expect(readdirSync(join(dir, "plain"))).not.toContain("market.json");
  }, 120_000);

  it("bad market-fit options: one line, exit 1, no folder", async () => {
    for (const [args, message] of [
      [["--market-sim-hours", "0"], /^mmlab: --market-sim-hours 0: must be > 0/],
      [["--market-iterations", "1.5"], /^mmlab: --market-iterations 1.5: must be an integer/],
    ] as const) {
      const r = await mmlab(["calibrate", "day.arrow", "--market", ...args, "--out", "bad"], dir);
      expect(r.code).toBe(1);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(message);
      expect(existsSync(join(dir, "bad"))).toBe(false);
    }
  }, 60_000);
});
