import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/load.ts";
import { rootRng } from "../../src/core/rng.ts";
import { AHEAD_MIN_NS, aheadPays } from "../../src/data/sources/syntheticAhead.ts";
import { syntheticData } from "../../src/data/sources/syntheticData.ts";
import { runBacktest } from "../../src/runner/backtest.ts";
import { mmlab } from "../support/cli.ts";

describe("mmlab backtest", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "mmlab-cli-"));
  });

  it("writes a complete run folder and prints the six KPIs with targets and PASS/FAIL", async () => {
    const r = await mmlab(["backtest", "--duration", "10m", "--out", "run-a"], dir);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    for (const label of ["Spread captured", "RMS inventory", "Fill ratio", "Cancel ratio", "Latency P99", "PnL"]) {
      expect(r.stdout).toMatch(new RegExp(`${label}.*(PASS|FAIL)`));
    }
    expect(r.stdout).toMatch(/\d\/6 rules passed, required: pnl → (PASS|FAIL) \(/);
    expect(r.stdout).toMatch(/^fees: binance-spot-vip9 \(maker 1\.2 bp, taker 2\.4 bp\) → -?\d+\.\d{4} USDT; break-even maker fee (-?\d+\.\d{2} bp|n\/a \(no maker fills\))$/m);
    // amounts in the instrument's assets, as the report shows them; markouts in ticks and bp
    expect(r.stdout).toMatch(/^PnL\s+-?\d+\.\d{4} USDT\s/m);
    expect(r.stdout).toMatch(/^volume [\d.]+ BTC \/ [\d.]+ USDT, fees -?[\d.]+ USDT, final position -?[\d.e+-]+ BTC$/m);
    expect(r.stdout).not.toMatch(/ (base|quote)\b/);
    expect(r.stdout).toMatch(/^markouts .*: 100ms -?\d+\.\d\d ticks -?[\d.]+ bp \(n=\d+\)/m);
    expect(readdirSync(join(dir, "run-a")).sort()).toEqual(["charts", "fills.arrow", "kpis.json", "manifest.json", "report.html", "runlog.json", "timeseries.arrow"]);
    expect(readdirSync(join(dir, "run-a/charts")).filter((f) => f.endsWith(".png")).length).toBeGreaterThanOrEqual(7); // 8 charts, "paused" left out when nothing paused
    const manifest = JSON.parse(readFileSync(join(dir, "run-a/manifest.json"), "utf8"));
    expect(manifest.seed).toBe("1");
    expect(manifest.resultsHash).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.data.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.config.gamma).toBeGreaterThan(0);
    expect(manifest.codeVersion).toMatch(/^mmlab /);
    const kpis = JSON.parse(readFileSync(join(dir, "run-a/kpis.json"), "utf8"));
    for (const key of ["spreadCapturedPct", "rmsInventory", "rmsInventoryRatio", "fillRatio", "cancelRatio", "latencyP99Ms", "pnl", "rulesPassed", "rulesTotal", "passed", "requiredRules", "failReasons", "breakEvenMakerFeeBps"]) {
      expect(kpis).toHaveProperty(key);
    }
    expect(kpis.rulesTotal).toBe(6);
    expect(kpis.feeSchedule).toEqual({ schedule: "binance-spot-vip9", makerBps: 1.2, takerBps: 2.4 });
    expect(manifest.config.fees).toEqual({ schedule: "binance-spot-vip9", maker_bps: 1.2, taker_bps: 2.4 });
    expect(kpis.passed).toBe(kpis.failReasons.length === 0);
    if (kpis.pnl <= 0) expect(kpis.passed).toBe(false); // a losing run never passes
  });

  it("--json prints kpis.json; the same run twice gives the same results hash, another seed another", async () => {
    const [a, b, c] = await Promise.all([
      mmlab(["backtest", "--duration", "10m", "--out", "j1", "--json"], dir),
      mmlab(["backtest", "--duration", "10m", "--out", "j2", "--json"], dir),
      mmlab(["backtest", "--duration", "10m", "--out", "j3", "--json", "--seed", "2"], dir),
    ]);
    expect(JSON.parse(a.stdout)).toEqual(JSON.parse(b.stdout));
    const hash = (name: string) => JSON.parse(readFileSync(join(dir, name, "manifest.json"), "utf8")).resultsHash;
    expect(hash("j1")).toBe(hash("j2"));
    expect(hash("j3")).not.toBe(hash("j1"));
    expect(readFileSync(join(dir, "j1/fills.arrow"))).toEqual(readFileSync(join(dir, "j2/fills.arrow")));
    expect(readFileSync(join(dir, "j1/timeseries.arrow"))).toEqual(readFileSync(join(dir, "j2/timeseries.arrow")));
  });

  it("a long market is generated ahead in a worker thread: the same data and results as in one thread", { timeout: 240_000 }, async () => {
    expect(aheadPays(AHEAD_MIN_NS)).toBe(availableParallelism() > 1); // as the command chooses (4 h here)
    const r = await mmlab(["backtest", "--duration", "4h", "--seed", "3", "--out", "long", "--json", "--no-report"], dir);
    expect(r.code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, "long/manifest.json"), "utf8"));
    const rng = rootRng(3);
    const durationNs = AHEAD_MIN_NS;
    const here = await runBacktest({ config: parseConfig({}), data: syntheticData("default", rng, { durationNs, ahead: false }), rng, durationNs });
    expect(manifest.resultsHash).toBe(here.resultsHash);
    expect(manifest.data.hash).toBe(here.dataHash);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(JSON.stringify(here.kpis)));
  });

  it("refuses to overwrite an existing run folder unless --force", async () => {
    writeFileSync(join(dir, "keep.txt"), "x");
    await mmlab(["backtest", "--duration", "1m", "--out", "taken"], dir);
    const before = statSync(join(dir, "taken/manifest.json")).mtimeMs;
    const r = await mmlab(["backtest", "--duration", "1m", "--out", "taken"], dir);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/already exists.*--force/);
    expect(statSync(join(dir, "taken/manifest.json")).mtimeMs).toBe(before);
    const forced = await mmlab(["backtest", "--duration", "1m", "--out", "taken", "--force"], dir);
    expect(forced.code).toBe(0);
  });

  describe("bad input: one clear line, exit code ≠ 0, no run folder", () => {
    const cases: [string, () => string[], RegExp][] = [
      ["γ = −1", () => ["--set", "gamma=-1"], /^mmlab: config: gamma = -1: must be > 0/],
      ["an unknown field in a config file", () => ["--config", writeConfig({ gamma: 0.1, risk: { q_maxx: 2 } })], /^mmlab: config: risk\.q_maxx = 2: unknown field \(in .*\.json\)/],
      ["γ = −1 in a config file", () => ["--config", writeConfig({ gamma: -1 })], /^mmlab: config: gamma = -1: must be > 0/],
      ["a config file that is not JSON", () => ["--config", writeText("bad.json", "{ gamma: ")], /^mmlab: config file .*bad\.json: not valid JSON/],
      ["a data file that does not exist", () => ["--data", join(dir, "nope.arrow")], /^mmlab: .*nope\.arrow: no such file/],
      ["a truncated Arrow file", () => ["--data", truncatedArrow()], /^mmlab: .*cut\.arrow: truncated or corrupt Arrow IPC file/],
      ["an unknown scenario", () => ["--scenario", "mars"], /^mmlab: scenario "mars": unknown/],
      ["a bad duration", () => ["--duration", "soon"], /^mmlab: --duration "soon": expected a number with a unit/],
      ["a negative duration (not read as the flags -5 and -m)", () => ["--duration", "-5m"], /^mmlab: --duration "-5m": must be a positive duration such as 90s, 15m, 8h$/],
      ["two bad overrides: the first is named", () => ["--set", "gamma=-1", "--set", "k=-2"], /^mmlab: config: gamma = -1/],
    ];
    let counter = 0;
    const writeText = (name: string, text: string) => {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    };
    const writeConfig = (value: unknown) => writeText(`config-${counter++}.json`, JSON.stringify(value));
    const truncatedArrow = () => {
      const path = join(dir, "cut.arrow");
      writeFileSync(path, readFileSync(join(dir, "source.arrow")));
      truncateSync(path, Math.floor(statSync(path).size / 2));
      return path;
    };
    beforeAll(async () => {
      const g = await mmlab(["generate", "--duration", "2m", "--out", "source.arrow"], dir);
      expect(g.code).toBe(0);
    });

    it.each(cases)("%s", async (_name, args, message) => {
      const out = `bad-${counter++}`;
      const caseArgs = args();
      const duration = caseArgs.includes("--duration") ? [] : ["--duration", "1m"];
      const r = await mmlab(["backtest", ...duration, "--out", out, ...caseArgs], dir);
      expect(r.code).not.toBe(0);
      expect(r.stdout).toBe("");
      const lines = r.stderr.trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(message);
      expect(existsSync(join(dir, out))).toBe(false);
      expect(readdirSync(dir).filter((f) => f.includes(".tmp-"))).toEqual([]);
    });
  });

  it("replays a generated event file through the same path as synthetic data", async () => {
    const g = await mmlab(["generate", "--duration", "5m", "--out", "day.arrow", "--seed", "3"], dir);
    expect(g.code).toBe(0);
    const r = await mmlab(["backtest", "--data", "day.arrow", "--out", "from-file", "--json"], dir);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).rulesTotal).toBe(6);
    const manifest = JSON.parse(readFileSync(join(dir, "from-file/manifest.json"), "utf8"));
    expect(manifest.data.description).toEqual({ kind: "file", path: "day.arrow" });
  });

  it("runs on a market file (--scenario market.json): the same market as the same parameters by name; a bad file is one clear error", async () => {
    writeFileSync(join(dir, "market.json"), JSON.stringify({ sigmaQuotePerSqrtS: 3, tradeRatePerS: 3.3 }));
    const file = await mmlab(["backtest", "--scenario", "market.json", "--duration", "5m", "--out", "from-market", "--json", "--no-report"], dir);
    expect(file.code).toBe(0);
    const named = await mmlab(["backtest", "--scenario", "high-vol", "--duration", "5m", "--out", "from-name", "--json", "--no-report"], dir);
    expect(JSON.parse(file.stdout)).toEqual(JSON.parse(named.stdout)); // high-vol is exactly these overrides
    writeFileSync(join(dir, "bad-market.json"), JSON.stringify({ tradeRatePerS: -1 }));
    const bad = await mmlab(["backtest", "--scenario", "bad-market.json", "--duration", "5m", "--out", "from-bad"], dir);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/bad-market\.json: tradeRatePerS = -1: /);
    expect(existsSync(join(dir, "from-bad"))).toBe(false);
  });
});
