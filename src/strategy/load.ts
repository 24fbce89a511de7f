import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { toConfigError } from "../config/load.ts";
import type { MmConfig } from "../config/schema.ts";
import { ConfigError, MmlabError } from "../core/errors.ts";
import { isStrategyDefinition, type StrategyDefinition } from "./api.ts";
import { builtinStrategy, configuredParams } from "./registry.ts";

/**
 * Which strategy a run uses:
 *   given definition (library) │ config strategy.module (a file: import, check its default export) │ built-in `quoter`
 *   → its params from the config, parsed by the definition's schema → ResolvedStrategy
 */
export interface ResolvedStrategy {
  definition: StrategyDefinition;
  /** The params as the definition's schema parsed them (defaults filled in). */
  params: unknown;
  /** SHA-256 of the module file, when the strategy came from one (recorded with the run's inputs). */
  moduleSha256?: string;
}

/** Which strategy made a run, as run folders and suites record it. */
export interface StrategyIdentity {
  /** The definition's name (e.g. "avellaneda_stoikov"). */
  name: string;
  /** The module's path, or null for a built-in (or a definition given through the library). */
  module: string | null;
  /** The params it ran with (defaults filled in). */
  params: unknown;
  /** SHA-256 of the module file, or null. */
  moduleSha256: string | null;
}

/** The identity of a resolved strategy under a config. */
export function strategyIdentity(strategy: ResolvedStrategy, config: MmConfig): StrategyIdentity {
  const fromModule = strategy.moduleSha256 !== undefined;
  return { name: strategy.definition.name, module: fromModule ? (config.strategy.module ?? null) : null, params: strategy.params, moduleSha256: strategy.moduleSha256 ?? null };
}

/** Loads the config's strategy (or takes the given one) and validates its params; one clear error if either fails. */
export async function resolveStrategy(config: MmConfig, given?: StrategyDefinition): Promise<ResolvedStrategy> {
  if (given !== undefined) {
    if (!isStrategyDefinition(given)) throw new MmlabError("strategy: not a strategy made by defineStrategy({ name, params, create })");
    return { definition: given, params: strategyParams(given, config) };
  }
  const path = config.strategy.module;
  if (path === undefined) {
    const definition = builtinStrategy(config);
    return { definition, params: strategyParams(definition, config) };
  }
  const { definition, sha256 } = await loadStrategyModule(path);
  return { definition, params: strategyParams(definition, config), moduleSha256: sha256 };
}

/** Parses the config's params for a strategy; a ConfigError naming strategy.params.<field> when they do not fit its schema. */
export function strategyParams(definition: StrategyDefinition, config: MmConfig): unknown {
  const input = configuredParams(definition, config);
  const result = definition.params.safeParse(input);
  if (!result.success) {
    const e = toConfigError(result.error, input, "strategy.params");
    throw e.within(`params of strategy ${definition.name}`);
  }
  return result.data;
}

/** Imports a strategy module (TypeScript or JavaScript) and returns its default export, checked. */
export async function loadStrategyModule(path: string): Promise<{ definition: StrategyDefinition; sha256: string }> {
  const absolute = resolve(path);
  let source: Buffer;
  try {
    source = readFileSync(absolute);
  } catch (e) {
    throw new MmlabError(`strategy module ${path}: cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  let namespace: { default?: unknown };
  try {
    namespace = (await importModule(absolute)) as { default?: unknown };
  } catch (e) {
    const message = (e instanceof Error ? e.message : String(e)).split("\n")[0];
    // A .ts file outside an ES-module package is compiled as CommonJS, which cannot import the library.
    const hint = /require\(\) (of )?ES Module/i.test(message) ? ' (a module file must be ESM: name it .mts, or put "type": "module" in the package.json beside it)' : "";
    throw new MmlabError(`strategy module ${path}: failed to load: ${message}${hint}`);
  }
  const definition = namespace.default;
  if (!isStrategyDefinition(definition)) {
    throw new MmlabError(`strategy module ${path}: its default export is not a strategy (write \`export default defineStrategy({ name, params, create })\`)`);
  }
  return { definition, sha256: createHash("sha256").update(source).digest("hex") };
}

/** Node imports JavaScript, and TypeScript where a loader is registered (the CLI, tests); otherwise tsx's import does. */
async function importModule(absolute: string): Promise<unknown> {
  const url = pathToFileURL(absolute).href;
  try {
    return await import(url);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ERR_UNKNOWN_FILE_EXTENSION") throw e;
    const { tsImport } = await import("tsx/esm/api");
    return tsImport(url, import.meta.url);
  }
}
