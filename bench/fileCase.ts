import { parseConfig } from "../src/config/load.ts";
import { rootRng } from "../src/core/rng.ts";
import { runBacktest } from "../src/runner/backtest.ts";
import { openMarketData } from "../src/data/sources/fileData.ts";

/**
 * One full backtest of any data file `mmlab backtest --data` reads (`.arrow`, hftbacktest `.npz`/
 * `.npy`, `.parquet`), opened as that command opens it (openMarketData), in its own process: the
 * runCase.ts full backtest (same config) for files of every format. Prints one JSON line.
 * `npm run bench` runs it on the same rows as `.arrow` and as `.npz` (npzEventsPerSec, arrowEventsPerSec).
 */
async function main(): Promise<void> {
  const [file] = process.argv.slice(2);
  const started = performance.now();
  const config = parseConfig({}, ["sim.queue.kind=prob_power", "sim.queue.n=3", ...process.argv.slice(3)]);
  const data = await openMarketData(file, config.symbol);
  const result = await runBacktest({ config, data, rng: rootRng(1) });
  const seconds = (performance.now() - started) / 1000;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  const events = result.events;
  process.stdout.write(JSON.stringify({ file, events, seconds, eventsPerSec: events / seconds, peakRssMb, dataHash: result.dataHash, resultsHash: result.resultsHash }) + "\n");
}

await main();
