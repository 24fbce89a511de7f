import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../src/config/load.ts";
import { rootRng } from "../../../src/core/rng.ts";
import { runBacktest } from "../../../src/runner/backtest.ts";
import { syntheticData } from "../../../src/data/sources/syntheticData.ts";
import { highLatency } from "../../../src/runner/stress/scenarios/highLatency.ts";
import { latencySpikes } from "../../../src/runner/stress/scenarios/latencySpikes.ts";
import { NS_PER_S } from "../../../src/core/time.ts";

const LOGNORMAL = { sim: { latency: { kind: "lognormal" as const, entry_median_ms: 3, response_median_ms: 4 } } };

describe("config scenarios", () => {
  it("high-latency: constant 150 ms entry and response, whatever latency model the config had", () => {
    expect(parseConfig({}, highLatency().configOverrides).sim.latency).toEqual({ kind: "constant", entry_ms: 150, response_ms: 150 });
    expect(parseConfig(LOGNORMAL, highLatency().configOverrides).sim.latency).toEqual({ kind: "constant", entry_ms: 150, response_ms: 150 });
  });

  it("latency-spikes: lognormal with spike_prob 0.02 and spike_mean_ms 800, keeping a lognormal config's medians", () => {
    expect(parseConfig({}, latencySpikes().configOverrides).sim.latency).toMatchObject({ kind: "lognormal", spike_prob: 0.02, spike_mean_ms: 800, entry_median_ms: 10 });
    expect(parseConfig(LOGNORMAL, latencySpikes().configOverrides).sim.latency).toMatchObject({ kind: "lognormal", spike_prob: 0.02, spike_mean_ms: 800, entry_median_ms: 3, response_median_ms: 4 });
  });

  it("leave the data as it is, but say so in its description", async () => {
    const data = syntheticData("default", rootRng(1), { durationNs: 1 * NS_PER_S });
    const stressed = latencySpikes().apply(data, rootRng(1));
    expect(stressed.description).toMatchObject({ kind: "stress", scenario: "latency-spikes", source: data.description });
    expect(stressed.meta).toBe(data.meta);
  });

  it("latency spikes make the latency guard pause (and resume); 150 ms each way gives a 300 ms P99", async () => {
    const run = async (overrides: string[]) => {
      const rng = rootRng(1);
      return runBacktest({ config: parseConfig({}, overrides), data: syntheticData("default", rng, { durationNs: 1200 * NS_PER_S }), rng });
    };
    const [spikes, slow] = await Promise.all([run(latencySpikes().configOverrides), run(highLatency().configOverrides)]);
    const kinds = spikes.guardEvents.map((e) => e.kind);
    expect(kinds).toContain("pause");
    expect(kinds).toContain("resume");
    expect(spikes.guardEvents.find((e) => e.kind === "pause")!.p99Ms).toBeGreaterThan(300);
    expect(spikes.kpis.latencyP99Ms).toBeGreaterThan(300);
    expect(slow.kpis.latencyP99Ms).toBe(300);
  });
});
