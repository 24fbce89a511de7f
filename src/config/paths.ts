import { closestNames, editDistance, maxSuggestionDistance, suggestionText } from "../core/didYouMean.ts";
import { configSchema } from "./schema.ts";

/** The parts of a zod schema's definition the walk reads. */
interface SchemaNode {
  def: { type: string; innerType?: SchemaNode; in?: SchemaNode; shape?: Record<string, SchemaNode>; options?: readonly SchemaNode[] };
}

let cached: readonly string[] | undefined;

/**
 * Every dotted path of the config, from the schema (`configSchema`): sections and fields, the
 * fields of every variant of a tagged union (horizon, sim.latency, sim.queue). A record
 * (`strategy.params`) is a path without children: its names are the strategy's own.
 */
export function configPaths(): readonly string[] {
  if (cached !== undefined) return cached;
  const paths = new Set<string>();
  const walk = (node: SchemaNode, prefix: string): void => {
    const d = node.def;
    if ((d.type === "default" || d.type === "prefault" || d.type === "optional" || d.type === "nullable") && d.innerType) walk(d.innerType, prefix);
    else if (d.type === "pipe" && d.in) walk(d.in, prefix);
    else if (d.type === "union") for (const option of d.options ?? []) walk(option, prefix);
    else if (d.type === "object") {
      for (const [key, child] of Object.entries(d.shape ?? {})) {
        const path = prefix === "" ? key : `${prefix}.${key}`;
        paths.add(path);
        walk(child, path);
      }
    }
  };
  walk(configSchema as unknown as SchemaNode, "");
  cached = [...paths];
  return cached;
}

/**
 * "did you mean risk.q_max?" for an unknown config path, or "": the known paths whose last name is
 * nearest to the unknown one's — among its siblings first (`risk.qmax` → `risk.q_max`), else
 * a sibling the name begins (`symbol.tick` → `symbol.tick_size`), else anywhere (`q_max` →
 * `risk.q_max`). Nothing under `strategy.params` (the strategy names those).
 */
export function suggestConfigPath(path: string): string {
  if (path === "strategy.params" || path.startsWith("strategy.params.")) return "";
  const known = configPaths();
  if (known.includes(path)) return "";
  const { parent, leaf } = splitPath(path);
  const siblings = known.filter((p) => splitPath(p).parent === parent);
  const nearSiblings = closestNames(leaf, siblings.map((p) => splitPath(p).leaf)).map((name) => (parent === "" ? name : `${parent}.${name}`));
  if (nearSiblings.length > 0) return suggestionText(nearSiblings);
  // A name without its unit or qualifier: `symbol.tick` → `symbol.tick_size`.
  const longer = leaf.length >= 3 ? siblings.filter((p) => splitPath(p).leaf.startsWith(`${leaf}_`)) : [];
  if (longer.length > 0 && longer.length <= 3) return suggestionText(longer);
  // Elsewhere: the paths whose last name is nearest (the same name in another section counts as nearest).
  const limit = maxSuggestionDistance(leaf);
  let best = Infinity;
  let paths: string[] = [];
  for (const p of known) {
    const d = editDistance(leaf.toLowerCase(), splitPath(p).leaf.toLowerCase());
    if (d > limit || d > best) continue;
    if (d < best) [best, paths] = [d, []];
    paths.push(p);
  }
  return paths.length > 0 && paths.length <= 3 ? suggestionText(paths) : "";
}

function splitPath(path: string): { parent: string; leaf: string } {
  const dot = path.lastIndexOf(".");
  return { parent: dot < 0 ? "" : path.slice(0, dot), leaf: path.slice(dot + 1) };
}
