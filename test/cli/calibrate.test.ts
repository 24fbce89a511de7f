import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { loadConfigFile } from "../../src/config/load.ts";
import { describeWithSharedData, writeBinanceSpotSample } from "../support/sharedData.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const bin = join(root, "bin/mmlab.js");

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `mmlab …` in a child process. */
function mmlab(args: string[], cwd: string): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd, env: { ...process.env, CI: "1" } }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const rel = (x: number, truth: number) => Math.abs(x - truth) / truth;
const json = (path: string) => JSON.parse(readFileSync(path, "utf8"));

describe("mmlab calibrate", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "mmlab-calibrate-"));
  });

  it("recovers known A, k, σ of the test market within 10 % and writes the JSON, the config and the report", async () => {
    // A = 1.5 /s, k = 2 /quote, σ = 0.5 quote/√s; δ = 0 … 1.5 quote (3/k) every 5 ticks
    const r = await mmlab(["calibrate", "--scenario", "test-market", "--duration", "2h", "--offset-ticks", "0", "--step-ticks", "5", "--levels", "31", "--out", "tm"], dir);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/A = 1\.4\d* \/s per side {3}k = 1\.9\d* \/quote/);
    expect(readdirSync(join(dir, "tm")).sort()).toEqual(
      ["calibration.config.json", "calibration.html", "calibration.json", "intensity.png", "intensity.svg", "ofi-scatter.png", "ofi-scatter.svg", "volatility.png", "volatility.svg"],
    );
    const c = json(join(dir, "tm/calibration.json"));
    for (const [fit, name] of [[c.intensity, "both"], [c.intensity.ask, "ask"], [c.intensity.bid, "bid"]]) {
      expect(rel(fit.A, 1.5), `${name} A ${fit.A}`).toBeLessThan(0.1);
      expect(rel(fit.k, 2), `${name} k ${fit.k}`).toBeLessThan(0.1);
      expect(fit.r2).toBeGreaterThan(0.99);
      expect(fit.points).toBe(31);
    }
    expect(rel(c.volatility.sigma, 0.5)).toBeLessThan(0.1);
    for (const h of c.volatility.realised) expect(rel(h.sigmaQuotePerSqrtS, 0.5), `σ at ${h.horizonS} s`).toBeLessThan(0.1);
    expect(rel(c.volatility.ewma.p50, 0.5)).toBeLessThan(0.1);
    expect(c.warnings).toEqual([]);
    expect(c.units.k).toMatch(/1\/quote/);
    expect(c.windows.fits).toHaveLength(24); // 5-minute windows over 2 h
    // the config holds config keys only, in the config's units
    const config = json(join(dir, "tm/calibration.config.json"));
    expect(config).toEqual(c.config);
    expect(Object.keys(config).sort()).toEqual(["A", "k", "volatility"]);
    expect(config).toEqual({ k: c.intensity.k, A: c.intensity.A, volatility: { base_sigma: c.volatility.sigma } });
    const html = readFileSync(join(dir, "tm/calibration.html"), "utf8");
    expect(html).toContain("No warnings");
    expect(html).toContain("vegaEmbed");
  }, 60_000);

  it("the written config loads and a short backtest runs with it", async () => {
    const r0 = await mmlab(["calibrate", "--scenario", "default", "--duration", "20m", "--out", "cfg"], dir);
    expect(r0.code).toBe(0);
    const path = join(dir, "cfg/calibration.config.json");
    const config = loadConfigFile(path);
    const written = json(path);
    expect(config.k).toBe(written.k);
    expect(config.A).toBe(written.A);
    expect(config.volatility.base_sigma).toBe(written.volatility.base_sigma);
    const r = await mmlab(["backtest", "--config", path, "--duration", "10m", "--no-report", "--out", "bt", "--json"], dir);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).rulesTotal).toBe(6);
    expect(json(join(dir, "bt/manifest.json")).config.k).toBe(written.k);
  }, 60_000);

  it("a bad fit (too few depth points) warns on stderr and in the report, and exits 0", async () => {
    const r = await mmlab(["calibrate", "--scenario", "test-market", "--duration", "10m", "--offset-ticks", "0", "--levels", "3", "--out", "bad", "--json"], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^mmlab: warning: λ\(δ\) both sides: only 3 depth point\(s\) with enough orders \(need ≥ 5\)/m);
    const c = JSON.parse(r.stdout);
    expect(c.warnings.length).toBeGreaterThanOrEqual(3); // both sides, ask, bid
    expect(json(join(dir, "bad/calibration.json")).warnings).toEqual(c.warnings);
    expect(readFileSync(join(dir, "bad/calibration.html"), "utf8")).toContain("only 3 depth point(s)");
  }, 60_000);

  it("bad input: one line naming the problem, exit 1, no output folder", async () => {
    const cases: [string[], RegExp][] = [
      [["calibrate", "missing.arrow", "--out", "e1"], /missing\.arrow/],
      [["calibrate", "--scenario", "nope", "--out", "e2"], /scenario "nope": unknown/],
      [["calibrate", "--scenario", "test-market", "--levels", "1", "--out", "e3"], /^mmlab: config: calibration\.levels = 1: must be an integer ≥ 2/],
      [["calibrate", "--scenario", "test-market", "--window", "soon", "--out", "e4"], /^mmlab: --window: duration "soon"/],
      [["calibrate", "--scenario", "test-market", "--min-r2", "2", "--out", "e5"], /^mmlab: --min-r2 2: must be between 0 and 1/],
      [["calibrate", "x.arrow", "--scenario", "default", "--out", "e6"], /either a data file or --scenario/],
      [["calibrate", "--scenario", "test-market", "--duration", "10m", "--window", "5m", "--refit", "2m", "--out", "e7"], /calibration\.window_seconds = 300: must be a whole multiple/],
    ];
    const results = await Promise.all(cases.map(([args]) => mmlab(args, dir)));
    for (const [i, [args, message]] of cases.entries()) {
      const r = results[i];
      expect(r.code, args.join(" ")).toBe(1);
      expect(r.stderr.trim().split("\n"), args.join(" ")).toHaveLength(1);
      expect(r.stderr).toMatch(message);
      expect(existsSync(join(dir, args[args.length - 1])), args.join(" ")).toBe(false);
    }
    expect(readdirSync(dir).filter((f) => f.startsWith(".") || f.startsWith("e"))).toEqual([]);
  }, 60_000);
});

describeWithSharedData("mmlab calibrate on the real Binance spot BTC-USDT sample", () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "mmlab-calibrate-btc-"));
    await writeBinanceSpotSample(join(dir, "btc.arrow"));
  });

  it("default grid (δ = 1 … 291 ticks): a good exponential fit per side, σ of a violent market, the OFI impact of the study", async () => {
    const r = await mmlab(["calibrate", "btc.arrow", "--out", "cal", "--json"], dir);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const c = JSON.parse(r.stdout);
    expect(c.durationS).toBeCloseTo(650.47, 1);
    expect(c.marketOrders).toBe(6941);
    expect(c.intensity.A).toBeCloseTo(1.607, 2);
    expect(c.intensity.k).toBeCloseTo(0.2877, 3);
    expect(c.intensity.r2).toBeGreaterThan(0.95);
    for (const side of [c.intensity.ask, c.intensity.bid]) {
      expect(side.k).toBeGreaterThan(0.2);
      expect(side.k).toBeLessThan(0.4);
      expect(side.r2).toBeGreaterThan(0.95);
    }
    expect(c.volatility.sigma).toBeCloseTo(5.997, 2); // quote per √s at 100 ms
    expect(c.volatility.realised.map((h: { horizonS: number }) => h.horizonS)).toEqual([0.1, 1, 10, 60]);
    expect(c.ofi.beta).toBeCloseTo(58.52, 1); // as `mmlab ofi-study`
    expect(c.ofi.r2).toBeCloseTo(0.593, 2);
    expect(c.warnings).toEqual([]);
    expect(loadConfigFile(join(dir, "cal/calibration.config.json")).k).toBe(c.intensity.k);
  }, 60_000);

  it("a whole-tick grid from the mid (δ = 0 … 29 ticks) fits badly: R² warning, exit 0", async () => {
    const r = await mmlab(["calibrate", "btc.arrow", "--offset-ticks", "0", "--step-ticks", "1", "--out", "bad"], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^mmlab: warning: λ\(δ\) both sides: R² = 0\.17\d* < 0\.9: the exponential A·e\^\(−kδ\) fits λ\(δ\) badly/m);
    expect(readFileSync(join(dir, "bad/calibration.html"), "utf8")).toMatch(/R² = 0\.17\d* &lt; 0\.9/);
  }, 60_000);
});
