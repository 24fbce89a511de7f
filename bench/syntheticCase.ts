import { rootRng } from "../src/core/rng.ts";
import { EventBatchPool } from "../src/data/batch.ts";
import { syntheticData } from "../src/data/sources/syntheticData.ts";

/**
 * Generation speed of a synthetic market, in-process: `npx tsx bench/syntheticCase.ts [scenario]
 * [hours] [seed]` (default: default 6 1) streams the market's engine batches through a pool, as a
 * backtest does, then prints events, wall and CPU seconds (CPU time is the steadier figure on a
 * shared machine), events/s and the data hash. Profile with
 * `node --cpu-prof --import tsx bench/syntheticCase.ts`.
 */
async function main(): Promise<void> {
  const [scenario = "default", hours = "6", seed = "1"] = process.argv.slice(2);
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const data = syntheticData(scenario, rootRng(seed), { durationNs: Number(hours) * 3600e9 });
  const pool = new EventBatchPool();
  let events = 0;
  for await (const batch of data.batches(pool)) {
    events += batch.length;
    pool.give(batch);
  }
  const hash = await data.hash();
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStarted);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  console.log(JSON.stringify({ scenario, hours: Number(hours), seed, events, seconds: +seconds.toFixed(3), cpuSeconds: +cpuSeconds.toFixed(3), eventsPerSec: Math.round(events / seconds), hash }));
}

await main();
