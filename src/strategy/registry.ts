import type { MmConfig } from "../config/schema.ts";
import type { StrategyDefinition } from "./api.ts";
import { avellanedaStoikovStrategy } from "./avellanedaStoikov.ts";
import { glftStrategy } from "./glft.ts";
import { v15Strategy } from "./v15.ts";

/** A built-in strategy and where its params live in the config (top-level fields, so grids over `gamma` keep working). */
interface BuiltinStrategy {
  definition: StrategyDefinition;
  params: (config: MmConfig) => Record<string, unknown>;
}

/** One entry per `quoter` value of the config; the record is exhaustive over the schema's enum. */
const BUILTIN_STRATEGIES: Record<MmConfig["quoter"], BuiltinStrategy> = {
  avellaneda_stoikov: { definition: avellanedaStoikovStrategy, params: (c) => ({ gamma: c.gamma, k: c.k, ofi_beta: c.ofi.beta }) },
  glft: { definition: glftStrategy, params: (c) => ({ gamma: c.gamma, k: c.k, A: c.A, delta: c.glft.delta, ofi_beta: c.ofi.beta }) },
  // V1's fields as V1 takes them; its switches and thresholds under strategy.params (docs/strategies.md)
  v1_5: { definition: v15Strategy, params: (c) => ({ gamma: c.gamma, k: c.k, ofi_beta: c.ofi.beta, ...c.strategy.params }) },
};

/** The built-in strategy the config's `quoter` names. */
export function builtinStrategy(config: MmConfig): StrategyDefinition {
  return BUILTIN_STRATEGIES[config.quoter].definition;
}

/** The params a strategy gets from a config: a built-in's from its top-level fields, any other's from `strategy.params`. */
export function configuredParams(definition: StrategyDefinition, config: MmConfig): unknown {
  const builtin = Object.values(BUILTIN_STRATEGIES).find((b) => b.definition === definition);
  return builtin === undefined ? config.strategy.params : builtin.params(config);
}
