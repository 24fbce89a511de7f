import { transformData } from "../transformData.ts";
import type { StressScenario } from "../types.ts";

export interface LatencySpikesParams {
  spikeProb: number;
  spikeMeanMs: number;
}

export const LATENCY_SPIKES_DEFAULTS: LatencySpikesParams = { spikeProb: 0.02, spikeMeanMs: 800 };

/**
 * Latency spikes: the seeded lognormal latency model (sim/latency/lognormal.ts; its body keeps
 * the config's medians, or the model's defaults when the config used another kind) with a spike
 * of exponential mean 800 ms added to 2 % of the draws, each leg — about 4 % of round trips, so
 * the rolling ack P99 goes past the latency guard's threshold and quoting pauses. Config only.
 */
export function latencySpikes(params: Partial<LatencySpikesParams> = {}): StressScenario {
  const p = { ...LATENCY_SPIKES_DEFAULTS, ...params };
  const name = "latency-spikes";
  const description = `lognormal latency with spikes: probability ${p.spikeProb} per leg, mean ${p.spikeMeanMs} ms`;
  const configOverrides = ["sim.latency.kind=lognormal", `sim.latency.spike_prob=${p.spikeProb}`, `sim.latency.spike_mean_ms=${p.spikeMeanMs}`];
  return {
    name,
    description,
    configOverrides,
    runCost: 1.1, // a chart of the paused periods
    apply: (data) => transformData(data, name, `none: the data is unchanged; config overrides ${configOverrides.join(" ")}`, { ...p }),
  };
}
