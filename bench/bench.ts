import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { rootRng } from "../src/core/rng.ts";
import { writeEventFile } from "../src/data/arrow/writer.ts";
import { syntheticMarket } from "../src/data/synthetic/generator.ts";
import { DENSE_MARKET } from "./denseMarket.ts";

/**
 * `npm run bench`: events per second and peak RSS of (a) bare book replay and (b) the full
 * backtest, on a generated file of ≥ 5 M events at BTC-USDT density (~1,000 events/s), or on
 * `--data FILE`. Each case runs in its own process. `-- --json` prints one JSON object.
 */
const args = await yargs(hideBin(process.argv))
  .option("data", { type: "string", describe: "event file to benchmark (default: generated 5 M-event file)" })
  .option("events", { type: "number", default: 5_000_000, describe: "size of the generated file, events" })
  .option("json", { type: "boolean", default: false })
  .strict()
  .parseAsync();

const here = fileURLToPath(new URL(".", import.meta.url));
const tsxLoader = import.meta.resolve("tsx");
const file = args.data ?? (await ensureBenchFile(args.events));
const runCase = (mode: string) =>
  JSON.parse(execFileSync(process.execPath, ["--import", tsxLoader, `${here}runCase.ts`, mode, file], { encoding: "utf8" }).trim().split("\n").pop()!) as {
    events: number;
    seconds: number;
    eventsPerSec: number;
    peakRssMb: number;
  };
const bare = runCase("bare");
const full = runCase("full");
const summary = {
  events: full.events,
  bareEventsPerSec: Math.round(bare.eventsPerSec),
  fullEventsPerSec: Math.round(full.eventsPerSec),
  ratio: full.eventsPerSec / bare.eventsPerSec,
  peakRssMb: Math.round(Math.max(bare.peakRssMb, full.peakRssMb)),
};
if (args.json) {
  process.stdout.write(JSON.stringify(summary) + "\n");
} else {
  const fmt = (x: number) => Math.round(x).toLocaleString("en-US");
  process.stdout.write(`file: ${file}\n`);
  process.stdout.write(`bare book replay  ${fmt(bare.eventsPerSec).padStart(12)} events/s  ${bare.seconds.toFixed(2)} s  peak RSS ${fmt(bare.peakRssMb)} MB\n`);
  process.stdout.write(`full backtest     ${fmt(full.eventsPerSec).padStart(12)} events/s  ${full.seconds.toFixed(2)} s  peak RSS ${fmt(full.peakRssMb)} MB\n`);
  process.stdout.write(`ratio full/bare   ${(summary.ratio * 100).toFixed(1)} %   (${fmt(full.events)} events)\n`);
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
