import { EventBatchPool } from "../../data/batch.ts";
import type { EventBatch } from "../../data/schema.ts";
import type { MarketData } from "../../data/sources/marketData.ts";

/**
 * A streaming transform of engine batches (one pass, memory bounded by a batch). It writes its
 * output into new batches, taken from `pool` when given (the consumer gives batches back to it),
 * never yields a source batch itself, and is done with a source batch once it asks for the next.
 */
export type EventTransform = (source: AsyncIterable<EventBatch>, pool?: EventBatchPool) => AsyncIterable<EventBatch>;

/**
 * `data` seen through a stress scenario: the same metadata, origin and data hash (the source's:
 * the manifest names the data that was read), a description saying what was done to it
 * (`{ kind: "stress", scenario, transform, params, source }`), and the transformed events.
 * Without a transform the events pass unchanged (config-only scenarios). Batches are reused
 * (no allocation per batch in steady state): the source's through a pool of its own, the output's
 * through the consumer's.
 */
export function transformData(data: MarketData, scenario: string, transform: string, params: Record<string, unknown>, stream?: EventTransform): MarketData {
  return {
    meta: data.meta,
    originNs: data.originNs,
    description: { kind: "stress", scenario, transform, params, hashOf: "source data, before the transform", source: data.description },
    batches: (pool) => (stream ? stream(recycledBatches(data), pool) : data.batches(pool)),
    hash: () => data.hash(),
  };
}

/** The batches of `data`, each given back to the source (through a pool) once the next one is asked for: a transform is done with it then. */
async function* recycledBatches(data: MarketData): AsyncIterable<EventBatch> {
  const pool = new EventBatchPool();
  for await (const batch of data.batches(pool)) {
    yield batch;
    pool.give(batch);
  }
}
