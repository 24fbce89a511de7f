import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/*
 * What a user's process costs, measured on the package build (dist/bundle/, what an installed
 * `mmlab` runs): start-up, and a whole `mmlab backtest` against the in-process figure.
 *
 *   npm run build → dist/bundle/cli.js ─┬─ `--help`, wall time                        → helpMs
 *                                       ├─ `backtest`, wall time to its first event    → firstEventMs
 *                                       └─ `backtest --data FILE --no-report`, wall    → wholeProcessEventsPerSec
 */

const root = fileURLToPath(new URL("../", import.meta.url));

/** Builds the package (`npm run build`, as `npm pack` does) and returns the entry its `mmlab` command runs. */
export function buildPackage(): string {
  execFileSync("npm", ["run", "-s", "build"], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
  return join(root, "dist", "bundle", "cli.js");
}

/**
 * Start-up of the built CLI, fastest of `runs` each, in fresh processes: `mmlab --help` to its
 * exit, and `mmlab backtest` (the default synthetic market, no report) from the spawn to its first
 * event (MMLAB_STARTUP_TRACE=1 tells when, cli/startupTrace.ts). `startupMs` is the larger.
 */
export async function startupCase(cli: string, runs: number): Promise<{ startupMs: number; helpMs: number; firstEventMs: number }> {
  const dir = mkdtempSync(join(tmpdir(), "mmlab-bench-startup-"));
  let helpMs = Infinity;
  let firstEventMs = Infinity;
  try {
    for (let i = 0; i < runs; i++) {
      helpMs = Math.min(helpMs, await wallMs([cli, "--help"]));
      const out = join(dir, `backtest-${i}`);
      firstEventMs = Math.min(firstEventMs, await wallMs([cli, "backtest", "--duration", "10s", "--no-report", "--out", out], "startup: first event"));
      rmSync(out, { recursive: true, force: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { startupMs: Math.round(Math.max(helpMs, firstEventMs)), helpMs: Math.round(helpMs), firstEventMs: Math.round(firstEventMs) };
}

/**
 * The whole process of `mmlab backtest --data FILE --no-report` with the full case's config (the
 * run folder written, the file's digest from `cacheDir`), wall time from spawn to exit, fastest
 * of `runs`: events per second.
 */
export async function wholeProcessCase(cli: string, file: string, events: number, runs: number, cacheDir: string): Promise<{ wholeProcessEventsPerSec: number; wholeProcessSeconds: number }> {
  const dir = mkdtempSync(join(tmpdir(), "mmlab-bench-process-"));
  let seconds = Infinity;
  try {
    for (let i = 0; i < runs; i++) {
      const out = join(dir, `backtest-${i}`);
      const args = [cli, "backtest", "--data", file, "--set", "sim.queue.kind=prob_power", "--set", "sim.queue.n=3", "--no-report", "--out", out];
      seconds = Math.min(seconds, (await wallMs(args, undefined, { MMLAB_CACHE_DIR: cacheDir })) / 1000);
      rmSync(out, { recursive: true, force: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { wholeProcessEventsPerSec: Math.round(events / seconds), wholeProcessSeconds: seconds };
}

/**
 * Milliseconds from spawning `node ARGS` to its exit, or to the first stderr line that starts with
 * `until` (the process then runs to its end, untimed). A non-zero exit is an error.
 */
function wallMs(args: string[], until?: string, env: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let seenMs: number | undefined;
    let stderr = "";
    const child = spawn(process.execPath, args, { stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, ...env, MMLAB_STARTUP_TRACE: until === undefined ? "" : "1" } });
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (text: string) => {
      if (until !== undefined && seenMs === undefined && (stderr + text).split("\n").some((line) => line.startsWith(until))) seenMs = performance.now() - started;
      stderr += text;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      const endMs = performance.now() - started;
      if (code !== 0) reject(new Error(`node ${args.join(" ")} exited ${code}: ${stderr.trim()}`));
      else if (until !== undefined && seenMs === undefined) reject(new Error(`node ${args.join(" ")}: no "${until}" line on stderr`));
      else resolve(seenMs ?? endMs);
    });
  });
}
