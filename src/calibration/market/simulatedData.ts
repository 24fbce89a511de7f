import { turnEventLoop } from "../../core/eventLoop.ts";
import { rootRng } from "../../core/rng.ts";
import { allocEventBatch, toEventBatch } from "../../data/batch.ts";
import { syntheticMarket } from "../../data/synthetic/generator.ts";
import type { SyntheticParams } from "../../data/synthetic/params.ts";
import type { MarketData } from "../../data/sources/marketData.ts";

/**
 * A synthetic market of candidate parameters as market data for the fit's own passes: the
 * generator's batches converted in place into one reused engine batch (each is read before the
 * next is made), and no content hash — the fit reads every candidate once and never names it.
 * The seed is the fit's: every candidate draws the same random numbers (common random numbers),
 * so two candidates differ by their parameters, not by their luck.
 */
export function simulatedData(params: SyntheticParams, seed: string): MarketData {
  const market = syntheticMarket(params, rootRng(seed));
  return {
    meta: market.meta,
    originNs: market.originNs,
    description: { kind: "synthetic", scenario: "market fit candidate", seed },
    async *batches() {
      let batch = allocEventBatch(params.batchRows);
      for (const columns of market.batches) {
        batch = toEventBatch(columns, market.originNs, market.meta.tickSize, batch);
        yield batch;
        await turnEventLoop(); // generated in memory: let a Ctrl-C in
      }
    },
    hash: async () => "",
  };
}
