import { execFile, execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { DigestCache } from "../src/core/digestCache.ts";
import { rootRng } from "../src/core/rng.ts";
import { writeEventFile } from "../src/data/arrow/writer.ts";
import { syntheticMarket } from "../src/data/synthetic/generator.ts";
import { writeEvents } from "../src/data/exporters/index.ts";
import { importerFor } from "../src/data/importers/index.ts";
import { importMetadata } from "../src/data/importers/importOutput.ts";
import { hashFileCached } from "../src/data/sources/fileHash.ts";
import { compiledSourcesEntry } from "../src/core/compiledSources.ts";
import { DENSE_MARKET } from "./denseMarket.ts";
import { buildPackage, startupCase, wholeProcessCase } from "./processCases.ts";

/**
 * `npm run bench`: events per second and peak RSS of (a) bare book replay and (b) the full
 * backtest, on generated files at BTC-USDT density (~1,000 events/s) of ~1 M and ≥ 5 M events
 * (`--sizes`), or on `--data FILE`. Each case runs in its own process (so peak RSS is its own),
 * `--runs` times; the fastest run counts, as other jobs may share the machine. The cases' runs
 * are interleaved (bare, full, full first-run, bare, …), so that a busy spell of the machine
 * slows runs of every case rather than all runs of one, and the ratio between cases holds. The full backtest
 * is measured twice: as a repeated run is (the data file's digest for the manifest comes from the
 * digest cache, core/digestCache.ts: here a cache of the bench's own, warmed before the runs),
 * and as a first run is (the file hashed as it is read: MMLAB_CACHE_DIR=off). `-- --json` prints
 * one JSON object, for the 5 M-event file (or `--events` / `--data`).
 */
const DEFAULT_EVENTS = 5_000_000;
const SHORT_EVENTS = 200_000;
const args = await yargs(hideBin(process.argv))
  .option("data", { type: "string", describe: "event file to benchmark (instead of generated ones)" })
  .option("events", { type: "number", describe: `size of one generated file, events (default: --sizes; with --json ${DEFAULT_EVENTS})` })
  .option("sizes", { type: "string", default: `1000000,${DEFAULT_EVENTS}`, describe: "sizes of the generated files, events, comma-separated" })
  .option("runs", { type: "number", default: 3, describe: "runs per case; the fastest counts" })
  .option("grid", { type: "boolean", default: true, describe: "also measure the grid's scaling, 1 against 2 workers (--no-grid: skip it)" })
  .option("validate", { type: "boolean", default: false, describe: "also time `mmlab validate` (defaults) against its 24 h baseline alone (`mmlab backtest`)" })
  .option("npz", { type: "boolean", default: true, describe: "also measure the full backtest on the same rows as an hftbacktest .npz and as .arrow (an .arrow file's; --no-npz: skip it)" })
  .option("startup", { type: "boolean", default: true, describe: "also measure the package build's start-up and whole `mmlab backtest` processes (--no-startup: skip them)" })
  .option("short", { type: "boolean", default: false, describe: `a quick pass that checks every case still runs: one run each on a ${SHORT_EVENTS.toLocaleString("en-US")}-event file (figures not comparable)` })
  .option("json", { type: "boolean", default: false })
  .strict()
  .parseAsync();

/** Digest cache of the bench's runs (so that the user's own cache plays no part). */
const benchCacheDir = fileURLToPath(new URL("data/digest-cache", import.meta.url));

interface CaseResult {
  events: number;
  seconds: number;
  eventsPerSec: number;
  peakRssMb: number;
}

const here = fileURLToPath(new URL(".", import.meta.url));
const execFileAsync = promisify(execFile);
const tsxLoader = import.meta.resolve("tsx");

if (args.short) args.runs = 1;
const sizes = args.short ? [SHORT_EVENTS] : args.events !== undefined ? [args.events] : args.json ? [DEFAULT_EVENTS] : args.sizes.split(",").map(Number);
const files = [];
if (args.data !== undefined) files.push(args.data);
else for (const events of sizes) files.push(await ensureBenchFile(events));
const cli = args.startup ? buildPackage() : undefined;
const startup = cli !== undefined ? await startupCase(cli, Math.max(args.runs, 3)) : undefined;
const grid = args.grid ? await gridScaling() : undefined;
const validate = args.validate ? validateAgainstBaseline() : undefined;
for (const file of files) {
  await hashFileCached(file, new DigestCache(benchCacheDir)); // so that even the first run finds the digest
  const [bare, full, hashed] = runCases(file, [
    { mode: "bare", digestCache: "off" },
    { mode: "full", digestCache: benchCacheDir },
    { mode: "full", digestCache: "off" },
  ]);
  const npz = args.npz && file.endsWith(".arrow") ? await npzAgainstArrow(file) : undefined;
  const whole = cli !== undefined ? await wholeProcessCase(cli, file, full.events, args.runs, benchCacheDir) : undefined;
  const summary = {
    events: full.events,
    bareEventsPerSec: Math.round(bare.eventsPerSec),
    fullEventsPerSec: Math.round(full.eventsPerSec),
    ratio: full.eventsPerSec / bare.eventsPerSec,
    fullHashedEventsPerSec: Math.round(hashed.eventsPerSec),
    peakRssMb: Math.round(Math.max(bare.peakRssMb, full.peakRssMb, hashed.peakRssMb)),
    ...startup,
    ...(whole !== undefined ? { ...whole, wholeProcessRatio: whole.wholeProcessEventsPerSec / full.eventsPerSec } : {}),
    ...grid,
    ...validate,
    ...npz,
  };
  if (args.json) {
    process.stdout.write(JSON.stringify(summary) + "\n");
    continue;
  }
  const fmt = (x: number) => Math.round(x).toLocaleString("en-US");
  process.stdout.write(`file: ${file}  (fastest of ${args.runs} run${args.runs === 1 ? "" : "s"})\n`);
  process.stdout.write(`bare book replay  ${fmt(bare.eventsPerSec).padStart(12)} events/s  ${bare.seconds.toFixed(2)} s  peak RSS ${fmt(bare.peakRssMb)} MB\n`);
  process.stdout.write(`full backtest     ${fmt(full.eventsPerSec).padStart(12)} events/s  ${full.seconds.toFixed(2)} s  peak RSS ${fmt(full.peakRssMb)} MB  (data digest from the cache)\n`);
  process.stdout.write(`  first run       ${fmt(hashed.eventsPerSec).padStart(12)} events/s  ${hashed.seconds.toFixed(2)} s  peak RSS ${fmt(hashed.peakRssMb)} MB  (file hashed as it is read)\n`);
  process.stdout.write(`ratio full/bare   ${(summary.ratio * 100).toFixed(1)} %   (${fmt(full.events)} events)\n`);
  if (whole !== undefined) {
    process.stdout.write(`whole process     ${fmt(whole.wholeProcessEventsPerSec).padStart(12)} events/s  ${whole.wholeProcessSeconds.toFixed(2)} s  ${(summary.wholeProcessRatio! * 100).toFixed(1)} % of the full backtest in-process (mmlab backtest --data, no report, package build)\n`);
  }
  if (startup !== undefined) {
    process.stdout.write(`start-up          ${startup.startupMs} ms  (mmlab --help ${startup.helpMs} ms, backtest to its first event ${startup.firstEventMs} ms; package build)\n`);
  }
  if (npz !== undefined) {
    process.stdout.write(`npz vs arrow      .npz ${fmt(npz.npzEventsPerSec)} events/s, .arrow ${fmt(npz.arrowEventsPerSec)} events/s: ${(npz.arrowEventsPerSec / npz.npzEventsPerSec).toFixed(2)}× the time (full backtest, digest cached)\n`);
  }
  if (validate !== undefined) {
    process.stdout.write(`validate          ${validate.validateSeconds.toFixed(1)} s, its 24 h baseline alone ${validate.validateBaselineSeconds.toFixed(1)} s: ${validate.validateRatio.toFixed(2)}× (${validate.validateWorkers} workers)\n`);
  }
  if (grid !== undefined) {
    process.stdout.write(`grid 3×3 of 6 h    1 worker ${grid.gridPointsPerSec1.toFixed(2)} points/s, 2 workers ${grid.gridPointsPerSec2.toFixed(2)} points/s: ${grid.gridSpeedup2.toFixed(2)}× (two 1-worker grids at once: ${grid.machineSpeedup2.toFixed(2)}×, this machine's own scaling)\n`);
  }
}

/**
 * Runs each case `--runs` times in fresh processes, the cases in turn: for each case its fastest
 * run, with the largest peak RSS seen.
 */
function runCases(file: string, cases: { mode: string; digestCache: string }[]): CaseResult[] {
  const best: (CaseResult | undefined)[] = cases.map(() => undefined);
  const peakRssMb = cases.map(() => 0);
  for (let i = 0; i < args.runs; i++) {
    cases.forEach(({ mode, digestCache }, c) => {
      const env = { ...process.env, MMLAB_CACHE_DIR: digestCache };
      const out = execFileSync(process.execPath, ["--import", tsxLoader, `${here}runCase.ts`, mode, file], { encoding: "utf8", env });
      const result = JSON.parse(out.trim().split("\n").pop()!) as CaseResult;
      peakRssMb[c] = Math.max(peakRssMb[c], result.peakRssMb);
      if (best[c] === undefined || result.seconds < best[c]!.seconds) best[c] = result;
    });
  }
  return best.map((b, c) => ({ ...b!, peakRssMb: peakRssMb[c] }));
}

/**
 * The grid's scaling: points per second of the 3 × 3 grid of 6-hour synthetic points
 * (bench/gridCase.ts) on 1 and on 2 worker threads, each run in a fresh process, and what the
 * machine itself gives a second run: two 1-worker grids in two processes at once (nothing shared:
 * 18 points over the slower one's seconds). `--runs` times in turn (1, 2, pair, 1, …), the fastest
 * of each counting; `gridSpeedup2` is 2 workers against 1, `machineSpeedup2` the pair against 1 —
 * the ceiling of gridSpeedup2 on this machine but for the market the grid's points share.
 */
async function gridScaling(): Promise<{ gridPointsPerSec1: number; gridPointsPerSec2: number; gridSpeedup2: number; machineSpeedup2: number }> {
  await compiledSourcesEntry("worker.js"); // the sources compiled before the runs, as a second grid finds them
  const gridCase = async (workers: number): Promise<{ points: number; seconds: number }> => {
    const { stdout } = await execFileAsync(process.execPath, ["--import", tsxLoader, `${here}gridCase.ts`, String(workers)], { encoding: "utf8" });
    return JSON.parse(stdout.trim().split("\n").pop()!) as { points: number; seconds: number };
  };
  const best = [0, 0, 0];
  for (let i = 0; i < args.runs; i++) {
    for (const [c, workers] of [1, 2].entries()) {
      const result = await gridCase(workers);
      best[c] = Math.max(best[c], result.points / result.seconds);
    }
    const pair = await Promise.all([gridCase(1), gridCase(1)]);
    best[2] = Math.max(best[2], (pair[0].points + pair[1].points) / Math.max(pair[0].seconds, pair[1].seconds));
  }
  return { gridPointsPerSec1: best[0], gridPointsPerSec2: best[1], gridSpeedup2: best[1] / best[0], machineSpeedup2: best[2] / best[0] };
}

/** Generates (once) a dense synthetic file with at least `events` events. */
async function ensureBenchFile(events: number): Promise<string> {
  const dir = `${here}data`;
  mkdirSync(dir, { recursive: true });
  const path = `${dir}/dense-${events}.arrow`;
  if (existsSync(path)) return path;
  // ~1,000 events/s: a little more time than events/1000 seconds guarantees the count.
  const market = syntheticMarket({ ...DENSE_MARKET, durationS: Math.ceil((events / 900) * 1.05) }, rootRng("bench"));
  process.stderr.write(`generating ${path} …\n`);
  await writeEventFile(path, market.meta, market.batches);
  return path;
}

/**
 * The full backtest on the same rows as an hftbacktest `.npz` and as the `.arrow` file (each
 * through openMarketData, bench/fileCase.ts, in a fresh process), their digests in the bench's
 * cache (a repeated run), `--runs` times in turn (.arrow, .npz, .arrow, …), the fastest of each
 * counting. The `.npz` is written once into bench/data by the repo's exporter, as `mmlab convert
 * --from arrow F.arrow --out F.npz` writes it (deflated), named by the `.arrow` file's digest.
 */
async function npzAgainstArrow(arrowFile: string): Promise<{ npzEventsPerSec: number; arrowEventsPerSec: number }> {
  const cache = new DigestCache(benchCacheDir);
  const digest = await hashFileCached(arrowFile, cache);
  const npzFile = `${here}data/${basename(arrowFile, ".arrow")}-${digest.slice(0, 12)}.npz`;
  if (!existsSync(npzFile)) {
    process.stderr.write(`writing ${npzFile} …\n`);
    const imported = await importerFor("arrow").open([arrowFile], {});
    await writeEvents(npzFile, imported.meta, imported.batches, importMetadata(imported));
    await new Promise((r) => setTimeout(r, 50)); // a file changed within the cache's clock tick is not recorded (core/digestCache.ts)
  }
  await hashFileCached(npzFile, cache); // a repeated run's digest, as for the .arrow
  const best = [0, 0];
  const results = new Set<string>();
  for (let i = 0; i < args.runs; i++) {
    [arrowFile, npzFile].forEach((file, c) => {
      const env = { ...process.env, MMLAB_CACHE_DIR: benchCacheDir };
      const out = execFileSync(process.execPath, ["--import", tsxLoader, `${here}fileCase.ts`, file], { encoding: "utf8", env });
      const result = JSON.parse(out.trim().split("\n").pop()!) as CaseResult & { resultsHash: string };
      best[c] = Math.max(best[c], result.eventsPerSec);
      results.add(result.resultsHash);
    });
  }
  // the same rows give the same run, whichever file they come from
  if (results.size !== 1) process.stderr.write(`warning: the .npz and .arrow runs differ (resultsHash ${[...results].join(", ")})\n`);
  return { npzEventsPerSec: Math.round(best[1]), arrowEventsPerSec: Math.round(best[0]) };
}

/**
 * `mmlab validate` with its defaults (the 24 h baseline and the 6 h stress runs, on the default
 * worker count) against its baseline alone (`mmlab backtest`, 24 h with its report, as `npm start`),
 * each in a fresh process from the sources, into a temporary folder, `--runs` times in turn
 * (baseline, validate, baseline, …), the fastest of each counting; `validateRatio` is their ratio.
 */
function validateAgainstBaseline(): { validateSeconds: number; validateBaselineSeconds: number; validateRatio: number; validateWorkers: number } {
  const mmlabBin = fileURLToPath(new URL("../bin/mmlab.js", import.meta.url));
  const dir = mkdtempSync(join(tmpdir(), "mmlab-bench-validate-"));
  const best = [Infinity, Infinity];
  try {
    for (let i = 0; i < args.runs; i++) {
      [["backtest"], ["validate"]].forEach((command, c) => {
        const started = performance.now();
        // validate exits 1 when validation fails (V1 does on the default day): that is a result, not an error
        spawnSync(process.execPath, [mmlabBin, ...command, "--out", join(dir, `${command[0]}-${i}`)], { stdio: "ignore", env: { ...process.env, CI: "1" } });
        best[c] = Math.min(best[c], (performance.now() - started) / 1000);
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { validateSeconds: best[1], validateBaselineSeconds: best[0], validateRatio: best[1] / best[0], validateWorkers: availableParallelism() };
}
