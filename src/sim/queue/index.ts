import type { z } from "zod";
import type { queueModelSchema } from "../../config/schema.ts";
import type { Rng } from "../../core/rng.ts";
import type { QueueModel } from "./queueModel.ts";
import { RiskAverseQueue } from "./riskAverse.ts";

export type QueueConfig = z.infer<typeof queueModelSchema>;
type Factory<K extends QueueConfig["kind"]> = (config: Extract<QueueConfig, { kind: K }>, rng: Rng) => QueueModel;

/** One factory per queue `kind` (exhaustive over the config's union). */
const QUEUE_FACTORIES: { [K in QueueConfig["kind"]]: Factory<K> } = {
  risk_averse: () => new RiskAverseQueue(),
};

/** Builds the queue model the config names. */
export function createQueueModel(config: QueueConfig, rng: Rng): QueueModel {
  return (QUEUE_FACTORIES[config.kind] as Factory<QueueConfig["kind"]>)(config, rng);
}

export type { QueueModel, QueuePosition } from "./queueModel.ts";
export { RiskAverseQueue } from "./riskAverse.ts";
