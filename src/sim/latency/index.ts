import { isAbsolute, resolve } from "node:path";
import type * as z from "zod";
import type { latencyModelSchema } from "../../config/schema.ts";
import type { Rng } from "../../core/rng.ts";
import { ConstantLatency } from "./constant.ts";
import type { LatencyModel } from "./latencyModel.ts";
import { LognormalLatency } from "./lognormal.ts";
import { MeasuredLatency } from "./measured.ts";
import { RoundTripLog } from "../../data/roundTripLog.ts";
import { RecordedLatency } from "./recorded.ts";

export type LatencyConfig = z.infer<typeof latencyModelSchema>;

/** What a latency model may need from the run beyond its config. */
export interface LatencyModelContext {
  /**
   * Epoch ns of the dataset origin (engine time 0: `MarketData.originNs`). Required by a
   * `recorded` model with `time_base: "epoch"`; ignored otherwise.
   */
  originEpochNs?: bigint;
  /** Directory a relative `recorded.path` is resolved against (default: the working directory). */
  baseDir?: string;
  /** Round trips for a `measured` model (a live session's, or a session file's); none: the fallback throughout. */
  roundTrips?: RoundTripLog;
}

type Factory<K extends LatencyConfig["kind"]> = (config: Extract<LatencyConfig, { kind: K }>, rng: Rng, context: LatencyModelContext) => LatencyModel;

/** One factory per latency `kind` (exhaustive over the config's union). */
const LATENCY_FACTORIES: { [K in LatencyConfig["kind"]]: Factory<K> } = {
  constant: (c) => new ConstantLatency(c.entry_ms, c.response_ms),
  lognormal: (c, rng) => new LognormalLatency(c, rng),
  recorded: (c, _rng, context) =>
    new RecordedLatency(isAbsolute(c.path) || context.baseDir === undefined ? c.path : resolve(context.baseDir, c.path), {
      timeBase: c.time_base,
      originEpochNs: context.originEpochNs,
    }),
  measured: (c, _rng, context) => new MeasuredLatency(context.roundTrips ?? new RoundTripLog(), c.fallback_ms),
};

/**
 * Builds the latency model the config names, drawing from `rng` (its own stream). A `recorded`
 * model with `time_base: "epoch"` needs `context.originEpochNs` (the dataset origin).
 */
export function createLatencyModel(config: LatencyConfig, rng: Rng, context: LatencyModelContext = {}): LatencyModel {
  return (LATENCY_FACTORIES[config.kind] as Factory<LatencyConfig["kind"]>)(config, rng, context);
}

export type { LatencyModel } from "./latencyModel.ts";
export { ConstantLatency } from "./constant.ts";
export { LognormalLatency, type LognormalLatencyOptions } from "./lognormal.ts";
export { MeasuredLatency } from "./measured.ts";
export { RoundTripLog } from "../../data/roundTripLog.ts";
export { RecordedLatency, parseRecordedLatencyCsv, type RecordedLatencyOptions, type RecordedTimeBase } from "./recorded.ts";
