import { transformData } from "../transformData.ts";
import type { StressScenario } from "../types.ts";

export interface HighLatencyParams {
  entryMs: number;
  responseMs: number;
}

export const HIGH_LATENCY_DEFAULTS: HighLatencyParams = { entryMs: 150, responseMs: 150 };

/**
 * Slow order path: constant entry and response latency of 150 ms each (a 300 ms round trip, at
 * the latency guard's pause threshold). Config only: the data is unchanged.
 */
export function highLatency(params: Partial<HighLatencyParams> = {}): StressScenario {
  const p = { ...HIGH_LATENCY_DEFAULTS, ...params };
  const name = "high-latency";
  const description = `constant order latency: entry ${p.entryMs} ms, response ${p.responseMs} ms`;
  const configOverrides = ["sim.latency.kind=constant", `sim.latency.entry_ms=${p.entryMs}`, `sim.latency.response_ms=${p.responseMs}`];
  return {
    name,
    description,
    configOverrides,
    apply: (data) => transformData(data, name, `none: the data is unchanged; config overrides ${configOverrides.join(" ")}`, { ...p }),
  };
}
