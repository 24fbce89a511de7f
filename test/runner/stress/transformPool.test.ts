import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { rootRng } from "../../../src/core/rng.ts";
import { NS_PER_S } from "../../../src/core/time.ts";
import { EventBatchPool } from "../../../src/data/batch.ts";
import type { EventBatch } from "../../../src/data/schema.ts";
import type { MarketData } from "../../../src/data/sources/marketData.ts";
import { syntheticParamsData } from "../../../src/data/sources/syntheticData.ts";
import { scenarioParams } from "../../../src/data/synthetic/scenarios.ts";
import { STRESS_SCENARIOS } from "../../../src/runner/stress/registry.ts";
import { keepingData, replaySharedData } from "../../../src/runner/stress/sharedData.ts";

/** Digest of every event of a stream, read as the simulator reads it: with a pool it gives each batch back to once read (none: no pool). */
async function digest(data: MarketData, pool: EventBatchPool | undefined): Promise<{ events: number; digest: string; batches: Set<EventBatch> }> {
  const hash = createHash("sha256");
  const batches = new Set<EventBatch>();
  let events = 0;
  for await (const b of data.batches(pool)) {
    batches.add(b);
    events += b.length;
    for (const column of [b.exchTsNs, b.localTsNs, b.kind, b.side, b.priceTicks, b.qty, b.orderId]) hash.update(new Uint8Array(column.buffer, column.byteOffset, b.length * column.BYTES_PER_ELEMENT));
    hash.update(String(b.plainLocalTimes));
    pool?.give(b);
  }
  return { events, digest: hash.digest("hex"), batches };
}

describe("stress transforms reuse batches", () => {
  it("every scenario's events are the same when the reader gives batches back, which the transform then writes again", { timeout: 120_000 }, async () => {
    const durationNs = 1200 * NS_PER_S;
    // small batches: many of them, so that batches come round again
    const kept = keepingData(syntheticParamsData({ ...scenarioParams("default"), durationS: durationNs / NS_PER_S, batchRows: 4096 }, rootRng(3), "default"), durationNs);
    for await (const b of kept.data.batches()) void b;
    const shared = (await kept.shared())!;
    expect(shared.batches.length).toBeGreaterThan(5);
    for (const scenario of Object.values(STRESS_SCENARIOS)) {
      const apply = () => scenario.apply(replaySharedData(shared), rootRng(3), { durationNs });
      const fresh = await digest(apply(), undefined);
      const pooled = await digest(apply(), new EventBatchPool());
      expect(pooled.digest, scenario.name).toBe(fresh.digest);
      expect(pooled.events).toBe(fresh.events);
      // with the pool, batches come round again instead of one new batch per batch read
      expect(pooled.batches.size, scenario.name).toBeLessThan(fresh.batches.size);
    }
  });
});
