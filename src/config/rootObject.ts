import { ConfigError } from "../core/errors.ts";

/**
 * A config that is not a JSON object (null, an array, a number, a string, a boolean): a
 * ConfigError of the root whose message names where it came from ("config file X"), because no
 * field of it can be named. `null` is refused rather than read as "all defaults": a file that
 * says null was most likely written wrong.
 */
export class ConfigRootError extends ConfigError {
  constructor(source: string, value: unknown) {
    super("(root)", value, `must be a JSON object (got ${kindOf(value)})`);
    this.message = `${source}: ${this.rule}`;
  }
}

/** Throws ConfigRootError unless `value` is a plain (non-array) object; `source` names it, e.g. "config" or "config file x.json". */
export function requireConfigObject(value: unknown, source: string): asserts value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new ConfigRootError(source, value);
}

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return value === undefined ? "undefined" : `a ${typeof value}`;
}
