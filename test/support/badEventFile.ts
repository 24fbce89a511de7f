import { writeEventFile } from "../../src/data/arrow/writer.ts";
import { rootRng } from "../../src/core/rng.ts";
import type { EventColumns } from "../../src/data/schema.ts";
import { syntheticMarket } from "../../src/data/synthetic/generator.ts";
import { scenarioParams } from "../../src/data/synthetic/scenarios.ts";

/**
 * Writes `seconds` of the default synthetic market as an event file; with `bad`, followed by its
 * first batch again, so time goes back at one row: a file that opens (its facts are fine) and
 * fails its check only when a run reads that far.
 */
export async function writeSyntheticEventFile(path: string, seconds: number, bad = false): Promise<void> {
  const market = syntheticMarket({ ...scenarioParams("default"), durationS: seconds }, rootRng("1"));
  function* batches(): Generator<EventColumns> {
    let first: EventColumns | undefined;
    for (const b of market.batches) {
      const n = b.length;
      // copies: the generator reuses its arrays
      const copy = { length: n, exchTs: b.exchTs.slice(0, n), localTs: b.localTs.slice(0, n), kind: b.kind.slice(0, n), side: b.side.slice(0, n), price: b.price.slice(0, n), qty: b.qty.slice(0, n), orderId: b.orderId.slice(0, n) };
      first ??= copy;
      yield copy;
    }
    if (bad && first !== undefined) yield first;
  }
  await writeEventFile(path, market.meta, batches());
}
