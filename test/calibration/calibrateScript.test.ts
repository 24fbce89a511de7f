import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));

/** Runs `tsx experiments/calibrate.ts …` in a child process. */
function script(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", "tsx", "experiments/calibrate.ts", ...args], { cwd: root }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe("experiments/calibrate.ts", () => {
  it("--scenario test-market --json prints A, k, σ near the truth, the λ(δ) table and the rolling fits", async () => {
    const r = await script(["--scenario", "test-market", "--hours", "0.5", "--offset-ticks", "0", "--step-ticks", "5", "--levels", "31", "--window-seconds", "600", "--refit-seconds", "60", "--json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Math.abs(out.intensity.A / 1.5 - 1)).toBeLessThan(0.15);
    expect(Math.abs(out.intensity.k / 2 - 1)).toBeLessThan(0.15);
    expect(Math.abs(out.volatility.sigma / 0.5 - 1)).toBeLessThan(0.05);
    expect(out.intensity.table).toHaveLength(31);
    expect(out.windows.fits.map((f: { tS: number }) => f.tS)).toEqual(Array.from({ length: 21 }, (_, i) => 600 + 60 * i)); // 600 … 1800 s (half an hour of data)
    expect(out.config).toEqual({ k: out.intensity.k, A: out.intensity.A, volatility: { base_sigma: out.volatility.sigma } });
  }, 30_000);

  it("prints the text report for a synthetic scenario", async () => {
    const r = await script(["--scenario", "default", "--hours", "0.05"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/A = [\d.]+ \/s per side {3}k = [\d.]+ \/USDT/);
    expect(r.stdout).toMatch(/R² = [\d.]+ over \d+ of 30 rows/);
    expect(r.stdout).toMatch(/ask side \(buys\): {2}A = [\d.]+ \/s/);
    expect(r.stdout).toMatch(/OFI price impact .* β = [\d.-]+ ticks per BTC/);
    expect(r.stdout).toMatch(/σ = [\d.]+ USDT\/√s/);
  }, 30_000);

  it("bad arguments: one line naming the problem, exit code 1", async () => {
    const both = await script(["--scenario", "default", "--data", "x.arrow"]);
    expect(both.code).toBe(1);
    expect(both.stderr.trim()).toBe("calibrate: give either a data file or --scenario NAME");
    const grid = await script(["--scenario", "test-market", "--hours", "0.01", "--levels", "1"]);
    expect(grid.code).toBe(1);
    expect(grid.stderr.trim()).toMatch(/^config: calibration\.levels = 1: must be an integer ≥ 2/);
    const scenario = await script(["--scenario", "nope"]);
    expect(scenario.code).toBe(1);
    expect(scenario.stderr).toMatch(/scenario "nope": unknown/);
  }, 30_000);
});
