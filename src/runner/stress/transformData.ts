import type { EventBatch } from "../../data/schema.ts";
import type { MarketData } from "../../data/sources/marketData.ts";

/** A streaming transform of engine batches (one pass, memory bounded by a batch). */
export type EventTransform = (source: AsyncIterable<EventBatch>) => AsyncIterable<EventBatch>;

/**
 * `data` seen through a stress scenario: the same metadata, origin and data hash (the source's:
 * the manifest names the data that was read), a description saying what was done to it
 * (`{ kind: "stress", scenario, transform, params, source }`), and the transformed events.
 * Without a transform the events pass unchanged (config-only scenarios).
 */
export function transformData(data: MarketData, scenario: string, transform: string, params: Record<string, unknown>, stream?: EventTransform): MarketData {
  return {
    meta: data.meta,
    originNs: data.originNs,
    description: { kind: "stress", scenario, transform, params, hashOf: "source data, before the transform", source: data.description },
    batches: () => (stream ? stream(data.batches()) : data.batches()),
    hash: () => data.hash(),
  };
}
