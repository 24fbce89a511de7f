import { MmlabError } from "../core/errors.ts";

/** Returns a copy of `input` with each `a.b.c=value` override set (value parsed as JSON, else text). */
export function applyOverrides(input: unknown, overrides: readonly string[]): unknown {
  if (overrides.length === 0) return input;
  const root = structuredClone(input ?? {}) as Record<string, unknown>;
  for (const text of overrides) {
    const { path, valueText } = splitOverride(text);
    setPath(root, path, parseValue(valueText));
  }
  return root;
}

/** The dotted path and the value text of one `a.b.c=value` override. */
export function splitOverride(text: string): { path: string; valueText: string } {
  const eq = text.indexOf("=");
  if (eq <= 0) throw new MmlabError(`override "${text}": expected path=value, e.g. risk.q_max=2`);
  return { path: text.slice(0, eq).trim(), valueText: text.slice(eq + 1).trim() };
}

/** Sets a dotted path inside a plain object, creating intermediate objects. */
export function setPath(root: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split(".");
  if (keys.some((k) => k === "" || k === "__proto__" || k === "constructor" || k === "prototype")) {
    throw new MmlabError(`override path "${path}": not a valid dotted path`);
  }
  let node = root;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (next === undefined) node[key] = {};
    else if (next === null || typeof next !== "object" || Array.isArray(next)) {
      throw new MmlabError(`override path "${path}": "${key}" is not an object`);
    }
    node = node[key] as Record<string, unknown>;
  }
  const last = keys[keys.length - 1];
  // Switching a tagged union's variant ({ mode: "rolling", … } → "session") starts that object afresh.
  if (DISCRIMINATORS.has(last) && node[last] !== undefined && node[last] !== value) {
    for (const key of Object.keys(node)) delete node[key];
  }
  node[last] = value;
}

/** Keys that select the variant of a tagged union in the config. */
const DISCRIMINATORS = new Set(["mode", "kind"]);

/** An override's value: JSON, else the text itself. */
export function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
