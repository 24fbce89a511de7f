import { newHasher, hashView } from "../../core/hash.ts";
import type { Rng } from "../../core/rng.ts";
import { toEventBatch } from "../batch.ts";
import type { EventColumns } from "../schema.ts";
import { syntheticMarket } from "../synthetic/generator.ts";
import type { SyntheticParamsInput } from "../synthetic/params.ts";
import { scenarioParams } from "../synthetic/scenarios.ts";
import type { MarketData } from "./marketData.ts";

/** A synthetic scenario (a name from data/synthetic/scenarios.ts, or a market.json file) as market data. */
export function syntheticData(scenario: string, rng: Rng, durationS?: number): MarketData {
  const params: SyntheticParamsInput = { ...scenarioParams(scenario), ...(durationS === undefined ? {} : { durationS }) };
  return syntheticParamsData(params, rng, scenario);
}

/** A synthetic market of the given parameters (a named scenario's, or a fitted `market.json`'s) as market data. */
export function syntheticParamsData(params: SyntheticParamsInput, rng: Rng, scenario: string): MarketData {
  const market = syntheticMarket(params, rng);
  const hasher = newHasher();
  hasher.update(JSON.stringify(market.meta));
  let digest: string | undefined;
  let iterator: Iterator<EventColumns> | undefined;
  return {
    meta: market.meta,
    originNs: market.originNs,
    description: { kind: "synthetic", scenario, params, seed: rng.seed },
    async *batches(pool) {
      iterator = market.batches[Symbol.iterator]();
      for (let next = iterator.next(); !next.done; next = iterator.next()) {
        hashColumns(hasher, next.value);
        yield toEventBatch(next.value, market.originNs, market.meta.tickSize, pool?.take(next.value.length));
      }
      digest = hasher.digest("hex");
    },
    async hash() {
      // A run that stopped early still names the whole dataset: hash what it did not read.
      if (digest === undefined) {
        iterator ??= market.batches[Symbol.iterator]();
        for (let next = iterator.next(); !next.done; next = iterator.next()) hashColumns(hasher, next.value);
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
