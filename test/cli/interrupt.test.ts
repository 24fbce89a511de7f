import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mmlab } from "../support/cli.ts";
import { pollUntil, spawnMmlab, type CliProcess } from "../support/cliProcess.ts";

/*
 * Ctrl-C (SIGINT) or a kill (SIGTERM) while a command writes: exit 130 / 143 with one line, no
 * temporary file and no partial output left, and the same --out works on the next run.
 */

/** A strategy that touches its marker file at its first step: the run is under way. */
const MARKER_STRATEGY = fileURLToPath(new URL("../support/markerStrategy.ts", import.meta.url));

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "mmlab-interrupt-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const line = (signal: string) => `mmlab: interrupted (${signal}); partial outputs removed\n`;

/** Waits (generously: the machine may be slow) until `condition` holds; fails at once, with its stderr, if `p` ended first. */
async function whileRunning(p: CliProcess, what: string, condition: () => boolean): Promise<void> {
  let ended = false;
  void p.done.then(() => (ended = true));
  await pollUntil(
    () => {
      if (condition()) return true;
      if (ended) throw new Error(`mmlab ended before ${what}: ${p.stderr()}`);
      return false;
    },
    what,
    300_000,
    20,
  );
}

/** The entries of `folder` whose names start with `prefix`. */
const named = (folder: string, prefix: string): string[] => readdirSync(folder).filter((n) => n.startsWith(prefix));

/** Whether `folder` holds anything (false when it is gone: it may vanish while we look). */
function hasFiles(folder: string): boolean {
  try {
    return readdirSync(folder).length > 0;
  } catch {
    return false;
  }
}

/** Everything under `path`, relative to it (hidden entries too). */
function tree(path: string, prefix = ""): string[] {
  return readdirSync(join(path, prefix), { withFileTypes: true }).flatMap((e) => {
    const name = prefix === "" ? e.name : `${prefix}/${e.name}`;
    return e.isDirectory() ? [name, ...tree(path, name)] : [name];
  });
}

describe("an interrupted generate", () => {
  for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
    it(`${signal}: exit ${code}, one line, neither the file nor its temporary file left`, { timeout: 600_000 }, async () => {
      const cwd = mkdtempSync(join(dir, "generate-"));
      const p = spawnMmlab(["generate", "--duration", "24h", "--out", "day.arrow"], cwd);
      await whileRunning(p, "the temporary file", () => named(cwd, "day.arrow.tmp-").length > 0);
      p.kill(signal);
      const r = await p.exit(300_000);
      expect([r.code, r.signal, r.stderr, r.stdout]).toEqual([code, null, line(signal), ""]);
      expect(readdirSync(cwd)).toEqual([]);
    });
  }
});

describe("an interrupted backtest", () => {
  it("during the run: exit 130, no run folder; the same --out then works", { timeout: 600_000 }, async () => {
    const cwd = mkdtempSync(join(dir, "backtest-"));
    const marker = join(dir, "started");
    const p = spawnMmlab(["backtest", "--strategy", MARKER_STRATEGY, "--set", `strategy.params.marker=${marker}`, "--duration", "24h", "--out", "run"], cwd);
    await whileRunning(p, "the run's first step", () => existsSync(marker));
    p.kill("SIGINT");
    const r = await p.exit(300_000);
    expect([r.code, r.stderr]).toEqual([130, line("SIGINT")]);
    expect(readdirSync(cwd)).toEqual([]);

    const again = await mmlab(["backtest", "--duration", "5m", "--out", "run", "--no-report"], cwd);
    expect([again.code, again.stderr]).toEqual([0, ""]);
    expect(readdirSync(join(cwd, "run")).sort()).toEqual(["fills.arrow", "kpis.json", "manifest.json", "runlog.json", "timeseries.arrow"]);
  });

  it("while writing its folder and report: exit 143, no folder and no temporary folder; the same --out then works", { timeout: 600_000 }, async () => {
    const cwd = mkdtempSync(join(dir, "backtest-"));
    const p = spawnMmlab(["backtest", "--duration", "1h", "--out", "run"], cwd);
    // the folder check before the run makes and drops an empty temporary folder: wait for files in it
    await whileRunning(p, "the run folder's files", () => named(cwd, ".run.tmp-").some((n) => hasFiles(join(cwd, n))));
    p.kill("SIGTERM");
    const r = await p.exit(300_000);
    expect([r.code, r.stderr, r.stdout]).toEqual([143, line("SIGTERM"), ""]);
    expect(readdirSync(cwd)).toEqual([]);

    const again = await mmlab(["backtest", "--duration", "5m", "--out", "run"], cwd);
    expect([again.code, again.stderr]).toEqual([0, ""]);
    expect(readdirSync(join(cwd, "run"))).toContain("report.html");
  });
});

describe("an interrupted grid", () => {
  it("keeps its finished points and no temporary file, and resumes from them", { timeout: 600_000 }, async () => {
    const cwd = mkdtempSync(join(dir, "grid-"));
    const args = ["grid", "--param", "gamma=0.1,0.2,0.3,0.4", "--duration", "20m", "--workers", "2", "--out", "g", "--no-report"];
    const p = spawnMmlab(args, cwd);
    const points = (): string[] => (hasFiles(join(cwd, "g/points")) ? readdirSync(join(cwd, "g/points")).filter((n) => n.endsWith(".json")) : []);
    await whileRunning(p, "a finished point", () => points().length > 0);
    p.kill("SIGINT");
    const r = await p.exit(300_000);
    expect([r.code, r.stderr.split("\n").slice(-2)]).toEqual([130, [line("SIGINT").trimEnd(), ""]]);
    const kept = points();
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(4);
    expect(tree(join(cwd, "g")).filter((n) => n.split("/").pop()!.startsWith("."))).toEqual([]);
    expect(readdirSync(cwd)).toEqual(["g"]);

    const again = await mmlab(args, cwd);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`grid 4 points: ${kept.length} cached, ${4 - kept.length} run`);
  });
});
