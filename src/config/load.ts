import { readFileSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import type * as z from "zod";
import { ConfigError, MmlabError } from "../core/errors.ts";
import { configSchema, type MmConfig, type MmConfigInput } from "./schema.ts";
import { checkCrossFieldRules } from "./crossFieldRules.ts";
import { requireConfigObject } from "./rootObject.ts";
import { prepareFeeOverrides } from "./feeOverrides.ts";
import { applyOverrides } from "./overrides.ts";
import { isSecretPath, REDACTED } from "./redact.ts";
import { suggestConfigPath } from "./paths.ts";

/**
 * Config pipeline: JSON input → schema (defaults, types, ranges, unknown fields; fee rates from
 * the fee schedule) → dotted-path overrides on the full config → schema again → cross-field rules → MmConfig. The first broken rule is a ConfigError naming field, value, rule.
 */

/** A config as a user writes it, with its fields checked by the type checker: `parseConfig(defineConfig({ gamma: 0.2 }))`. */
export function defineConfig(config: MmConfigInput): MmConfigInput {
  return config;
}

/** Validates a config (every field optional, defaults filled in); throws ConfigError on the first broken rule. */
export function parseConfig(input: MmConfigInput = {}, overrides: readonly string[] = []): MmConfig {
  return parseConfigValue(input, overrides);
}

/** parseConfig for a value of unknown shape (a parsed JSON file, a session's recorded config): the schema alone checks it; anything but an object (or undefined: the defaults) is a ConfigError. */
export function parseConfigValue(input: unknown, overrides: readonly string[] = []): MmConfig {
  if (input !== undefined) requireConfigObject(input, "config");
  let config = validate(input ?? {});
  // Overrides land on the defaults (so `--set horizon.tau_seconds=5` keeps the rest of horizon);
  // the fees are readied first, because there the filled-in rates merely repeat the schedule.
  if (overrides.length > 0) config = validate(applyOverrides(prepareFeeOverrides(config, overrides), overrides));
  checkCrossFieldRules(config);
  return config;
}

function validate(input: unknown): MmConfig {
  const result = configSchema.safeParse(input);
  if (!result.success) throw toConfigError(result.error, input);
  return result.data;
}

/** Reads a JSON config file and validates it. */
export function loadConfigFile(path: string, overrides: readonly string[] = []): MmConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new MmlabError(`config file ${path}: cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new MmlabError(`config file ${path}: not valid JSON (${(e as Error).message})`);
  }
  requireConfigObject(json, `config file ${path}`);
  try {
    return parseConfigValue(withModuleBesideFile(json, path), overrides);
  } catch (e) {
    if (e instanceof ConfigError) throw e.within(`in ${path}`);
    throw e;
  }
}

/** A relative `strategy.module` in a config file names a file beside the config file, wherever it is run from. */
function withModuleBesideFile(json: unknown, configPath: string): unknown {
  const strategy = (json as { strategy?: { module?: unknown } } | null)?.strategy;
  const module = strategy?.module;
  if (typeof module !== "string" || isAbsolute(module)) return json;
  return { ...(json as object), strategy: { ...strategy, module: resolve(dirname(configPath), module) } };
}

/** The first issue of a failed parse as a ConfigError naming the field (under `prefix`, e.g. "strategy.params"), value and rule. */
export function toConfigError(error: z.ZodError, input: unknown, prefix = ""): ConfigError {
  const issue = error.issues[0];
  const name = (path: readonly PropertyKey[]): string => [...(prefix === "" ? [] : [prefix]), ...path.map(String)].join(".") || "(root)";
  if (issue.code === "unrecognized_keys") {
    const key = issue.keys[0];
    const field = name([...issue.path, key]);
    return new ConfigError(field, valueAt(input, [...issue.path, key]), "unknown field", suggestConfigPath(field));
  }
  return new ConfigError(name(issue.path), valueAt(input, issue.path), issue.message);
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  if (isSecretPath(path)) return REDACTED; // an error never repeats a secret
  let node: unknown = root;
  for (const key of path) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}
