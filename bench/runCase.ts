import { L2Book } from "../src/book/l2book.ts";
import { parseConfig } from "../src/config/load.ts";
import { rootRng } from "../src/core/rng.ts";
import { toCheckedEventBatch } from "../src/data/batch.ts";
import { EventStreamCheck, openEventReader } from "../src/data/arrow/reader.ts";
import { EventKind, type EventBatch } from "../src/data/schema.ts";
import { prefetch } from "../src/core/prefetch.ts";
import { runBacktest } from "../src/runner/backtest.ts";
import { fileData } from "../src/data/sources/fileData.ts";

/**
 * One benchmark case in its own process (so peak RSS is its own): `bare FILE` replays the file
 * into an L2 book; `full FILE` runs the whole backtest. Prints one JSON line.
 */
async function main(): Promise<void> {
  const [mode, file] = process.argv.slice(2);
  const started = performance.now();
  let events = 0;
  if (mode === "bare") {
    // The full backtest's data path (one batch read ahead, read buffers recycled, rows checked
    // while converted, engine batches reused), without its hash of the file.
    const reader = await openEventReader(file);
    const book = new L2Book();
    const check = new EventStreamCheck(file, reader.grid);
    let b: EventBatch | undefined;
    let origin: bigint | undefined;
    let checksum = 0;
    for await (const columns of prefetch(reader.batches({ recycle: true, validate: false }))) {
      origin ??= columns.exchTs[0];
      b = toCheckedEventBatch(columns, origin, reader.meta.tickSize, check, b);
      const n = b.length;
      for (let i = 0; i < n; i++) {
        const kind = b.kind[i];
        if (kind === EventKind.DEPTH || kind === EventKind.SNAPSHOT) book.update(b.side[i], b.priceTicks[i], b.qty[i]);
      }
      checksum += book.bestBidTicks;
      events += n;
    }
    await reader.close();
    if (checksum === 0) console.error("empty");
  } else {
    const data = await fileData(file);
    // The full backtest: the defaults (constant latency, A–S every 100 ms, KPIs) with a
    // probabilistic queue model (hftbacktest's power family, n = 3); more --set items may follow.
    const config = parseConfig({}, ["sim.queue.kind=prob_power", "sim.queue.n=3", ...process.argv.slice(4)]);
    const result = await runBacktest({ config, data, rng: rootRng(1) });
    events = result.events;
  }
  const seconds = (performance.now() - started) / 1000;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ mode, events, seconds, eventsPerSec: events / seconds, peakRssMb }) + "\n");
}

await main();
