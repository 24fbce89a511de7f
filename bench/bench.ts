import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { DigestCache } from "../src/core/digestCache.ts";
import { rootRng } from "../src/core/rng.ts";
import { writeEventFile } from "../src/data/arrow/writer.ts";
import { syntheticMarket } from "../src/data/synthetic/generator.ts";
import { hashFileCached } from "../src/data/sources/fileHash.ts";
import { DENSE_MARKET } from "./denseMarket.ts";

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
const args = await yargs(hideBin(process.argv))
  .option("data", { type: "string", describe: "event file to benchmark (instead of generated ones)" })
  .option("events", { type: "number", describe: `size of one generated file, events (default: --sizes; with --json ${DEFAULT_EVENTS})` })
  .option("sizes", { type: "string", default: `1000000,${DEFAULT_EVENTS}`, describe: "sizes of the generated files, events, comma-separated" })
  .option("runs", { type: "number", default: 3, describe: "runs per case; the fastest counts" })
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
const tsxLoader = import.meta.resolve("tsx");

const sizes = args.events !== undefined ? [args.events] : args.json ? [DEFAULT_EVENTS] : args.sizes.split(",").map(Number);
const files = [];
if (args.data !== undefined) files.push(args.data);
else for (const events of sizes) files.push(await ensureBenchFile(events));
for (const file of files) {
  await hashFileCached(file, new DigestCache(benchCacheDir)); // so that even the first run finds the digest
  const [bare, full, hashed] = runCases(file, [
    { mode: "bare", digestCache: "off" },
    { mode: "full", digestCache: benchCacheDir },
    { mode: "full", digestCache: "off" },
  ]);
  const summary = {
    events: full.events,
    bareEventsPerSec: Math.round(bare.eventsPerSec),
    fullEventsPerSec: Math.round(full.eventsPerSec),
    ratio: full.eventsPerSec / bare.eventsPerSec,
    fullHashedEventsPerSec: Math.round(hashed.eventsPerSec),
    peakRssMb: Math.round(Math.max(bare.peakRssMb, full.peakRssMb, hashed.peakRssMb)),
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
