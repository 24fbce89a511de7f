import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { mmlab } from "../../support/cli.ts";

describe("mmlab stress", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "mmlab-stress-cli-"));
  });

  it("runs the baseline and the chosen scenarios: run folders with reports, stress.json, stress.html, the matrix chart, the table", { timeout: 120_000 }, async () => {
    const r = await mmlab(["stress", "--duration", "10m", "--only", "feed-gaps,high-latency", "--out", "s"], dir);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^scenario\s+Spread captured/m);
    for (const name of ["baseline", "high-latency", "feed-gaps"]) expect(r.stdout).toMatch(new RegExp(`^${name}\\s+.*(PASS|FAIL)`, "m"));
    const out = join(dir, "s");
    expect(readdirSync(out).sort()).toEqual(["baseline", "charts", "feed-gaps", "high-latency", "stress.html", "stress.json"]);
    expect(readdirSync(join(out, "charts")).sort()).toEqual(["stress-matrix.png", "stress-matrix.svg"]);
    for (const name of ["baseline", "high-latency", "feed-gaps"]) expect(existsSync(join(out, name, "report.html"))).toBe(true);
    const suite = JSON.parse(readFileSync(join(out, "stress.json"), "utf8"));
    expect(suite.runs.map((x: { scenario: string }) => x.scenario)).toEqual(["baseline", "high-latency", "feed-gaps"]);
    expect(suite.durationNs).toBe(600e9);
  });

  it("--json prints the suite; the same command gives the same results; a stressed file run works", { timeout: 120_000 }, async () => {
    const a = await mmlab(["stress", "--duration", "5m", "--only", "flash-crash", "--out", "j1", "--json", "--no-run-reports"], dir);
    const b = await mmlab(["stress", "--duration", "5m", "--only", "flash-crash", "--out", "j2", "--json", "--no-run-reports"], dir);
    expect(a.code).toBe(0);
    expect(JSON.parse(a.stdout)).toEqual(JSON.parse(b.stdout));
    expect(readFileSync(join(dir, "j1/stress.json"))).toEqual(readFileSync(join(dir, "j2/stress.json")));

    const gen = await mmlab(["generate", "--out", "day.arrow", "--duration", "5m"], dir);
    expect(gen.code).toBe(0);
    const f = await mmlab(["stress", "--data", "day.arrow", "--only", "low-liquidity,high-volatility,flash-crash", "--out", "file", "--json", "--no-run-reports"], dir);
    expect(f.stderr).toBe("");
    expect(f.code).toBe(0);
    const suite = JSON.parse(f.stdout);
    expect(suite.data).toMatchObject({ kind: "file", path: "day.arrow" });
    expect(suite.runs.map((x: { scenario: string }) => x.scenario)).toEqual(["baseline", "high-volatility", "low-liquidity", "flash-crash"]);
    // a whole-file run places the crash inside the file's span (10–60 % of its 5 min)
    const crash = JSON.parse(readFileSync(join(dir, "file/flash-crash/manifest.json"), "utf8")).data.description.params;
    expect(crash.startSeconds).toBeGreaterThan(0.1 * 300 - 1);
    expect(crash.startSeconds).toBeLessThan(0.6 * 300);
  });

  it("refuses an unknown scenario and an existing folder, leaving nothing behind", { timeout: 120_000 }, async () => {
    const r = await mmlab(["stress", "--duration", "1m", "--only", "meteor", "--out", "never"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/stress scenario "meteor": unknown; choose from/);
    expect(existsSync(join(dir, "never"))).toBe(false);
    const taken = await mmlab(["stress", "--duration", "1m", "--only", "high-latency", "--out", "s"], dir);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toMatch(/already exists.*--force/);
    expect(readdirSync(dir).filter((x) => x.startsWith("."))).toEqual([]);
  });
});
