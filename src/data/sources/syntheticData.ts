import { newHasher, hashView } from "../../core/hash.ts";
import { MmlabError } from "../../core/errors.ts";
import { turnEventLoop } from "../../core/eventLoop.ts";
import type { Rng } from "../../core/rng.ts";
import { NS_PER_S } from "../../core/time.ts";
import { allocEventColumns, sliceEventColumns, type EventColumns } from "../schema.ts";
import { syntheticMarket } from "../synthetic/generator.ts";
import type { SyntheticParamsInput } from "../synthetic/params.ts";
import { rowBlockToColumns, rowBlockToEventBatch, type RowBlock } from "../synthetic/rowBlock.ts";
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
 * (the columns `syntheticMarket(...).batches` yields), written into one reused set of columns.
 * `ahead`: generated in a worker thread ahead of the run (SyntheticDataOptions.ahead).
 */
export function syntheticParamsData(params: SyntheticParamsInput, rng: Rng, scenario: string, ahead = false): MarketData {
  const here = generatedHere(params, rng, scenario);
  return ahead ? generatedAhead(here, { params, seed: rng.seed, scenario }) : here;
}

/** syntheticParamsData's market, generated in this thread as it is read. */
function generatedHere(params: SyntheticParamsInput, rng: Rng, scenario: string): MarketData {
  const market = syntheticMarket(params, rng);
  const hasher = newHasher();
  hasher.update(JSON.stringify(market.meta));
  let digest: string | undefined;
  let iterator: Iterator<RowBlock> | undefined;
  let fileForm: EventColumns | undefined;
  const hashBlock = (block: RowBlock): void => {
    if (fileForm === undefined || fileForm.exchTs.length < block.length) fileForm = allocEventColumns(block.length);
    rowBlockToColumns(block, market.originNs, market.meta.tickSize, fileForm);
    hashColumns(hasher, sliceEventColumns(fileForm, block.length));
  };
  return {
    meta: market.meta,
    originNs: market.originNs,
    description: { kind: "synthetic", scenario, params, seed: rng.seed },
    async *batches(pool) {
      iterator = market.rowBlocks[Symbol.iterator]();
      for (let next = iterator.next(); !next.done; next = iterator.next()) {
        hashBlock(next.value);
        yield rowBlockToEventBatch(next.value, pool?.take(next.value.length));
        await turnEventLoop(); // generated in memory: let a Ctrl-C in
      }
      digest = hasher.digest("hex");
    },
    async hash() {
      // A run that stopped early still names the whole dataset: hash what it did not read.
      if (digest === undefined) {
        iterator ??= market.rowBlocks[Symbol.iterator]();
        for (let next = iterator.next(); !next.done; next = iterator.next()) hashBlock(next.value);
        digest = hasher.digest("hex");
      }
      return digest;
    },
  };
}

function hashColumns(hasher: ReturnType<typeof newHasher>, c: EventColumns): void {
  hashView(hasher, c.exchTs);
  hashView(hasher, c.localTs);
  hashView(hasher, c.kind);
  hashView(hasher, c.side);
  hashView(hasher, c.price);
  hashView(hasher, c.qty);
  hashView(hasher, c.orderId);
}
