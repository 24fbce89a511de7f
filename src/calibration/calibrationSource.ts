import { parseConfig } from "../config/load.ts";
import { MmlabError } from "../core/errors.ts";
import { rootRng } from "../core/rng.ts";
import { NS_PER_S } from "../core/time.ts";
import { DEFAULT_SYNTHETIC_HOURS, syntheticSource } from "../research/marketSource.ts";
import { openMarketData, type MarketData } from "../data/sources/index.ts";
import { testMarketData } from "./testMarketData.ts";

/** What to calibrate: a data file, a synthetic scenario, or `test-market` (known A, k, σ). */
export interface CalibrationSourceSpec {
  data?: string;
  scenario?: string;
  seed: string;
  /** Data time to read, ns (default: the whole file; 24 h of a synthetic market). */
  durationNs?: number;
  /** The test market's A (1/s), k (1/quote) and σ (quote/√s). */
  market?: { A: number; k: number; sigma: number };
  /** A synthetic scenario's market generated in a worker thread when that pays (research/marketSource.ts SourceOptions). */
  ahead?: boolean;
}

/** The data to calibrate, a label for reports, and how much of it to read (ns; undefined = all). */
export interface CalibrationSource {
  data: MarketData;
  label: string;
  durationNs?: number;
}

/** The scenario name of the market of known A, k, σ. */
export const TEST_MARKET = "test-market";

/** Opens the data file, the synthetic scenario or the test market (errors name the input). */
export async function openCalibrationSource(spec: CalibrationSourceSpec): Promise<CalibrationSource> {
  if ((spec.data === undefined) === (spec.scenario === undefined)) throw new MmlabError("calibrate: give either a data file or --scenario NAME");
  if (spec.data !== undefined) return { data: await openMarketData(spec.data, parseConfig({}).symbol), label: spec.data, durationNs: spec.durationNs };
  const durationNs = spec.durationNs ?? DEFAULT_SYNTHETIC_HOURS * 3600 * NS_PER_S;
  if (spec.scenario !== TEST_MARKET) return syntheticSource(spec.scenario!, spec.seed, durationNs, { ahead: spec.ahead });
  const m = spec.market ?? { A: 1.5, k: 2, sigma: 0.5 };
  const data = testMarketData({ ...m, durationS: durationNs / NS_PER_S }, rootRng(spec.seed));
  return { data, label: `test market (A ${m.A} /s, k ${m.k} /quote, σ ${m.sigma} quote/√s), ${durationNs / NS_PER_S / 3600} h, seed ${spec.seed}`, durationNs };
}
