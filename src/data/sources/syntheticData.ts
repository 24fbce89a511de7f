import { MmlabError } from "../../core/errors.ts";
import type { Rng } from "../../core/rng.ts";
import { NS_PER_S } from "../../core/time.ts";
import type { EventBatch } from "../schema.ts";
import { syntheticMarket } from "../synthetic/generator.ts";
import type { SyntheticParamsInput } from "../synthetic/params.ts";
import { engineBatches, SyntheticDigest } from "../synthetic/marketDigest.ts";
import { rowBlockToEventBatch, type RowBlock } from "../synthetic/rowBlock.ts";
import { scenarioParams } from "../synthetic/scenarios.ts";
import type { MarketData } from "./marketData.ts";
import { generatedAhead } from "./syntheticAhead.ts";

/** How much of a synthetic market to generate, and where. */
export interface SyntheticDataOptions {
  /** Data time (nanoseconds, like every time the library takes); default the scenario's (24 h). */
  durationNs?: number;
  /**
   * Generate it in a worker thread, ahead of the run reading it (syntheticAhead.ts): the same
   * batches and hash, sooner when the machine has a core to spare. Default false (this thread).
   */
  ahead?: boolean;
}

/** A synthetic scenario (a name from data/synthetic/scenarios.ts, or a market.json file) as market data. */
export function syntheticData(scenario: string, rng: Rng, options: SyntheticDataOptions = {}): MarketData {
  if (typeof options !== "object" || options === null) throw new MmlabError(`syntheticData: the third argument is { durationNs } (nanoseconds, like every time the library takes), not ${JSON.stringify(options)}`);
  const durationNs = options.durationNs;
  if (durationNs !== undefined && !(durationNs > 0 && durationNs < Infinity)) throw new MmlabError(`syntheticData: durationNs must be a positive number of nanoseconds, not ${durationNs}`);
  const params: SyntheticParamsInput = { ...scenarioParams(scenario), ...(durationNs === undefined ? {} : { durationS: durationNs / NS_PER_S }) };
  return syntheticParamsData(params, rng, scenario, options.ahead);
}

/**
 * A synthetic market of the given parameters (a named scenario's, or a fitted `market.json`'s) as market data.
 * The generator's row blocks become engine batches directly; the data hash is over their file form
 * (SyntheticDigest: the columns `syntheticMarket(...).batches` yields).
 * `ahead`: generated in a worker thread ahead of the run (SyntheticDataOptions.ahead).
 */
export function syntheticParamsData(params: SyntheticParamsInput, rng: Rng, scenario: string, ahead = false): MarketData {
  const here = generatedHere(params, rng, scenario);
  return ahead ? generatedAhead(here, { params, seed: rng.seed }) : here;
}

/** syntheticParamsData's market, generated in this thread as it is read. */
function generatedHere(params: SyntheticParamsInput, rng: Rng, scenario: string): MarketData {
  const market = syntheticMarket(params, rng);
  const digest = new SyntheticDigest(market.meta, market.originNs);
  let blocks: Iterator<RowBlock> | undefined;
  let hashed: string | undefined;
  return {
    meta: market.meta,
    originNs: market.originNs,
    description: { kind: "synthetic", scenario, params, seed: rng.seed },
    async *batches(pool) {
      blocks = market.rowBlocks[Symbol.iterator]();
      for await (const batch of engineBatches(blocks, pool)) {
        digest.add(batch);
        yield batch;
      }
      hashed = digest.digest();
    },
    async hash() {
      // A run that stopped early still names the whole dataset: hash what it did not read.
      if (hashed === undefined) {
        blocks ??= market.rowBlocks[Symbol.iterator]();
        let scratch: EventBatch | undefined;
        for (let next = blocks.next(); !next.done; next = blocks.next()) digest.add((scratch = rowBlockToEventBatch(next.value, scratch)));
        hashed = digest.digest();
      }
      return hashed;
    },
  };
}
