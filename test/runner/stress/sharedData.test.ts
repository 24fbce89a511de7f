import { describe, expect, it } from "vitest";
import { rootRng } from "../../../src/core/rng.ts";
import { NS_PER_S } from "../../../src/core/time.ts";
import { EventBatchPool } from "../../../src/data/batch.ts";
import type { EventBatch } from "../../../src/data/schema.ts";
import type { MarketData } from "../../../src/data/sources/marketData.ts";
import { syntheticData } from "../../../src/data/sources/syntheticData.ts";
import { keepingData, replaySharedData } from "../../../src/runner/stress/sharedData.ts";

/** Every batch of `data` as plain arrays (copied: a pooled batch is reused). */
async function rows(data: MarketData, pool?: EventBatchPool): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const b of data.batches(pool)) {
    const n = b.length;
    const column = (a: ArrayLike<number>): number[] => Array.from({ length: n }, (_, i) => a[i]);
    out.push({ n, plain: b.plainLocalTimes, exch: column(b.exchTsNs), local: column(b.localTsNs), kind: column(b.kind), side: column(b.side), price: column(b.priceTicks), qty: column(b.qty), id: column(b.orderId) });
    pool?.give(b as EventBatch);
  }
  return out;
}

const durationNs = 600 * NS_PER_S;
const fresh = (): MarketData => syntheticData("default", rootRng("7"), { durationNs });

describe("keepingData / replaySharedData", () => {
  it("a kept stream replays as the source: the same batches, hash, description, metadata and origin", async () => {
    const keeping = keepingData(fresh(), durationNs);
    const first = await rows(keeping.data);
    const shared = await keeping.shared();
    expect(shared).toBeDefined();
    expect(shared!.batches.every((b) => b.exchTsNs.buffer instanceof SharedArrayBuffer)).toBe(true);
    const replay = replaySharedData(shared!);
    const source = fresh();
    expect(first).toEqual(await rows(source));
    // twice, through a pool that hands batches back: every replay copies out of the kept batches
    expect(await rows(replay, new EventBatchPool())).toEqual(first);
    expect(await rows(replay, new EventBatchPool())).toEqual(first);
    expect(await replay.hash()).toBe(await source.hash());
    expect(replay.description).toEqual(source.description);
    expect(replay.meta).toEqual(source.meta);
    expect(replay.originNs).toBe(source.originNs);
  });

  it("keeps nothing from a stream stopped early, or larger than the limit", async () => {
    const stopped = keepingData(fresh(), durationNs);
    for await (const _ of stopped.data.batches()) break;
    expect(await stopped.shared()).toBeUndefined();

    const large = keepingData(fresh(), durationNs, 1000);
    const all = await rows(large.data);
    expect(all.length).toBeGreaterThan(0); // the data itself streams whole
    expect(await large.shared()).toBeUndefined();

    // the limit applies to the expected size too: a first batch at this rate over a long duration
    const long = keepingData(fresh(), 1000 * durationNs, 1_000_000);
    await rows(long.data);
    expect(await long.shared()).toBeUndefined();
  });
});
