import { parseConfig } from "../config/load.ts";
import { MmlabError } from "../core/errors.ts";
import { rootRng } from "../core/rng.ts";
import { NS_PER_S } from "../core/time.ts";
import { openMarketData, syntheticData, type MarketData } from "../data/sources/index.ts";
import { aheadPays } from "../data/sources/syntheticAhead.ts";

/** Market data to study, how much of it (ns of data time; undefined = all of a file) and a label. */
export interface MarketSource {
  data: MarketData;
  durationNs?: number;
  label: string;
}

/** How a synthetic market is read (a data file is read as it is). */
export interface SourceOptions {
  /** Generate it in a worker thread, ahead of its reader, when that pays (aheadPays: a core to spare, 4 h or more); default false. */
  ahead?: boolean;
}

/** Synthetic data when nothing says otherwise: 24 h, as `mmlab backtest`. */
export const DEFAULT_SYNTHETIC_HOURS = 24;

/**
 * Opens `synthetic:SCENARIO[:HOURS]` (a seeded synthetic market, default 24 h) or a data file
 * (.arrow, .npz/.npy, .parquet; symbol filters from the default config where the file has none).
 */
export async function openMarketSource(spec: string, seed: string, options: SourceOptions = {}): Promise<MarketSource> {
  const m = /^synthetic:([^:]+)(?::(.+))?$/.exec(spec);
  if (!m) return { data: await openMarketData(spec, parseConfig({}).symbol), label: spec };
  const hours = m[2] === undefined ? DEFAULT_SYNTHETIC_HOURS : Number(m[2]);
  if (!(hours > 0)) throw new MmlabError(`"${spec}": hours must be a number > 0 (synthetic:SCENARIO[:HOURS])`);
  return syntheticSource(m[1], seed, hours * 3600 * NS_PER_S, options);
}

/** A synthetic scenario over `durationNs` of data time. */
export function syntheticSource(scenario: string, seed: string, durationNs: number, options: SourceOptions = {}): MarketSource {
  const data = syntheticData(scenario, rootRng(seed), { durationNs, ahead: options.ahead === true && aheadPays(durationNs) });
  return { data, durationNs, label: `synthetic ${scenario}, ${durationNs / NS_PER_S / 3600} h, seed ${seed}` };
}
