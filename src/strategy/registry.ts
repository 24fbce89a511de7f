import type { MmConfig } from "../config/schema.ts";
import { createAvellanedaStoikov } from "./avellanedaStoikov.ts";
import { createGlft } from "./glft.ts";
import type { Quoter } from "./quoter.ts";

/** One factory per `quoter` value of the config; the record is exhaustive over the schema's enum. */
const QUOTER_FACTORIES: Record<MmConfig["quoter"], (config: MmConfig) => Quoter> = {
  avellaneda_stoikov: (c) => createAvellanedaStoikov({ gamma: c.gamma, k: c.k, ofiBeta: c.ofi.beta, tickSize: c.symbol.tick_size }),
  glft: (c) => createGlft({ gamma: c.gamma, k: c.k, A: c.A, delta: c.glft.delta ?? c.orders.size, ofiBeta: c.ofi.beta, tickSize: c.symbol.tick_size }),
};

/** Builds the quoter the config names. */
export function createQuoter(config: MmConfig): Quoter {
  return QUOTER_FACTORIES[config.quoter](config);
}
