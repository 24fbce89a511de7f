import type { z } from "zod";
import type { latencyModelSchema } from "../../config/schema.ts";
import type { Rng } from "../../core/rng.ts";
import { ConstantLatency } from "./constant.ts";
import type { LatencyModel } from "./latencyModel.ts";

export type LatencyConfig = z.infer<typeof latencyModelSchema>;
type Factory<K extends LatencyConfig["kind"]> = (config: Extract<LatencyConfig, { kind: K }>, rng: Rng) => LatencyModel;

/** One factory per latency `kind` (exhaustive over the config's union). */
const LATENCY_FACTORIES: { [K in LatencyConfig["kind"]]: Factory<K> } = {
  constant: (c) => new ConstantLatency(c.entry_ms, c.response_ms),
};

/** Builds the latency model the config names, drawing from `rng` (its own stream). */
export function createLatencyModel(config: LatencyConfig, rng: Rng): LatencyModel {
  return (LATENCY_FACTORIES[config.kind] as Factory<LatencyConfig["kind"]>)(config, rng);
}

export type { LatencyModel } from "./latencyModel.ts";
export { ConstantLatency } from "./constant.ts";
