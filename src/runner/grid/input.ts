import { readFileSync } from "node:fs";
import * as z from "zod";
import { MmlabError } from "../../core/errors.ts";
import type { GridInput } from "./definition.ts";

/** Parses `--param name=v1,v2,…` (each value JSON, else text) or `--param 'name=[…]'` (a JSON array). */
export function parseParamArg(text: string): [string, unknown[]] {
  const eq = text.indexOf("=");
  if (eq <= 0) throw new MmlabError(`--param "${text}": expected name=v1,v2,… e.g. gamma=0.05,0.1,0.2`);
  const name = text.slice(0, eq).trim();
  const list = text.slice(eq + 1).trim();
  if (list.startsWith("[")) {
    let values: unknown;
    try {
      values = JSON.parse(list);
    } catch (e) {
      throw new MmlabError(`--param ${name}: not a JSON array (${(e as Error).message})`);
    }
    if (!Array.isArray(values)) throw new MmlabError(`--param ${name}: not a JSON array`);
    return [name, values];
  }
  if (list === "") throw new MmlabError(`--param ${name}: no values; expected ${name}=v1,v2,…`);
  return [name, list.split(",").map((v) => parseValue(v.trim()))];
}

/** `--param` arguments as a params object, in the order given; a name given twice is an error. */
export function paramsFromArgs(args: readonly string[]): Record<string, unknown[]> {
  const params: Record<string, unknown[]> = {};
  for (const arg of args) {
    const [name, values] = parseParamArg(arg);
    if (Object.hasOwn(params, name)) throw new MmlabError(`--param ${name}: given twice`);
    params[name] = values;
  }
  return params;
}

const gridFileSchema = z.strictObject({
  params: z.record(z.string(), z.array(z.unknown())).optional(),
  base: z.record(z.string(), z.unknown()).optional(),
  sets: z.array(z.string()).optional(),
  data: z.string().optional(),
  scenario: z.string().optional(),
  duration: z.string().optional(),
  seed: z.union([z.string(), z.number()]).optional(),
  selectOn: z.string().optional(),
  reportOn: z.string().optional(),
  objective: z.string().optional(),
});

/** Reads a grid file: { "params": { "gamma": [ … ] }, "base": { …config… }, "data" | "scenario", "duration", "seed", … }. */
export function readGridFile(path: string): GridInput {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new MmlabError(`grid file ${path}: ${code ? `cannot be read (${code})` : `not valid JSON (${(e as Error).message})`}`);
  }
  // A grid.json written by a run (resolved: nulls for unset fields, point count and hash) reads back as its definition.
  if (json !== null && typeof json === "object" && !Array.isArray(json)) {
    const { points: _points, hash: _hash, ...rest } = json as Record<string, unknown>;
    json = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== null));
  }
  const result = gridFileSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue.code === "unrecognized_keys" ? issue.keys[0] : issue.path.join(".") || "(root)";
    throw new MmlabError(`grid file ${path}: ${field}: ${issue.code === "unrecognized_keys" ? "unknown field" : issue.message}`);
  }
  return result.data;
}

/** The grid file's input with the command line's on top: params appended (a name in both is an error), other fields replaced. */
export function combineInputs(file: GridInput, cli: GridInput): GridInput {
  const params: Record<string, unknown[]> = { ...(file.params ?? {}) };
  for (const [name, values] of Object.entries(cli.params ?? {})) {
    if (Object.hasOwn(params, name)) throw new MmlabError(`--param ${name}: already a param of the grid file`);
    params[name] = values;
  }
  if (file.base !== undefined && cli.base !== undefined) throw new MmlabError(`grid: the grid file has a base config; --config would replace it (use one of them)`);
  const source = cli.data !== undefined || cli.scenario !== undefined ? { data: cli.data, scenario: cli.scenario } : { data: file.data, scenario: file.scenario };
  const pick = <K extends keyof GridInput>(k: K): GridInput[K] => cli[k] ?? file[k];
  return {
    params,
    base: pick("base"),
    sets: [...(file.sets ?? []), ...(cli.sets ?? [])],
    ...source,
    duration: pick("duration"),
    seed: pick("seed"),
    selectOn: pick("selectOn"),
    reportOn: pick("reportOn"),
    objective: pick("objective"),
  };
}

function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
