import type * as z from "zod";
import type { queueModelSchema } from "../../config/schema.ts";
import type { Rng } from "../../core/rng.ts";
import { Log2Prob, LogProb, Power2Prob, Power3Prob, PowerProb, ProbQueue } from "./probabilistic.ts";
import { L3FifoQueue } from "./l3Fifo.ts";
import type { QueueModel } from "./queueModel.ts";
import { RiskAverseQueue } from "./riskAverse.ts";

export type QueueConfig = z.infer<typeof queueModelSchema>;
type Factory<K extends QueueConfig["kind"]> = (config: Extract<QueueConfig, { kind: K }>, rng: Rng) => QueueModel;

/** One factory per queue `kind` (exhaustive over the config's union). */
const QUEUE_FACTORIES: { [K in QueueConfig["kind"]]: Factory<K> } = {
  risk_averse: () => new RiskAverseQueue(),
  prob_power: (c) => new ProbQueue(new PowerProb(c.n)),
  prob_power2: (c) => new ProbQueue(new Power2Prob(c.n)),
  prob_power3: (c) => new ProbQueue(new Power3Prob(c.n)),
  prob_log: () => new ProbQueue(new LogProb()),
  prob_log2: () => new ProbQueue(new Log2Prob()),
  l3_fifo: () => new L3FifoQueue(),
};

/** Builds the queue model the config names (all current models are deterministic: `rng` unused). */
export function createQueueModel(config: QueueConfig, rng: Rng): QueueModel {
  return (QUEUE_FACTORIES[config.kind] as Factory<QueueConfig["kind"]>)(config, rng);
}

export type { QueueModel, QueuePosition } from "./queueModel.ts";
export { RiskAverseQueue } from "./riskAverse.ts";
export { Log2Prob, LogProb, Power2Prob, Power3Prob, PowerProb, ProbQueue, type QueueProbability } from "./probabilistic.ts";
