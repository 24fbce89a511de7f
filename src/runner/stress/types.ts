import type { Rng } from "../../core/rng.ts";
import type { MarketData } from "../../data/sources/marketData.ts";

/** What a scenario may know about the run it stresses. */
export interface StressContext {
  /** Data time the run covers (ns), when known: scenarios that place one event in time (a flash crash) use it. */
  durationNs?: number;
}

/**
 * A stress scenario: a transform of the market data (any source, synthetic or a file) and/or
 * config overrides (dotted `path=value`, applied after the user's). Transforms stream batch by
 * batch, are deterministic (seeded by `rng.fork("stress-" + name)`), keep timestamps
 * non-decreasing, and keep the source's data hash, with the transform in `description`.
 */
export interface StressScenario {
  name: string;
  /** One line: what the scenario does, with its parameters. */
  description: string;
  /** The stressed data; the source itself when the scenario only changes the config. */
  apply(data: MarketData, rng: Rng, context?: StressContext): MarketData;
  /** Config overrides (`path=value`), applied after the user's `--set`s. */
  configOverrides: string[];
  /**
   * What a run under this scenario costs relative to the same run on the data as it is (1, the
   * default): more for a transform that adds events or a chart. A suite starts its costliest runs first.
   */
  runCost?: number;
}
