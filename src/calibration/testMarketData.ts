import { turnEventLoop } from "../core/eventLoop.ts";
import { newHasher } from "../core/hash.ts";
import type { Rng } from "../core/rng.ts";
import type { MarketData } from "../data/sources/marketData.ts";
import { testMarket, type TestMarketParams } from "./testMarket.ts";

/** The test market of known A, k, σ (testMarket.ts) as market data, so commands and backtests read it like any other data. */
export function testMarketData(params: TestMarketParams, rng: Rng): MarketData {
  const market = testMarket(params, rng);
  return {
    meta: market.meta,
    originNs: 0n,
    description: { kind: "test-market", params, seed: rng.seed },
    async *batches() {
      for (const batch of market.batches) {
        yield batch;
        await turnEventLoop(); // generated in memory: let a Ctrl-C in
      }
    },
    // generated from its parameters and seed alone: they name it
    hash: async () => newHasher().update(JSON.stringify({ testMarket: params, seed: rng.seed })).digest("hex"),
  };
}
