import { MmlabError } from "../../core/errors.ts";
import type { JsonValue } from "../grid/definition.ts";

/**
 * One tuned parameter's range: a float drawn uniformly or log-uniformly between its bounds, an
 * integer between its bounds (both included), or one of a list of values.
 */
export type ParamRange =
  | { kind: "uniform"; min: number; max: number }
  | { kind: "log"; min: number; max: number }
  | { kind: "int"; min: number; max: number }
  | { kind: "choice"; choices: JsonValue[] };

/** Parameter name (a config path, as `--set` takes it) → its range, in the order given. */
export type ParamSpace = Record<string, ParamRange>;

/** Significant digits a drawn float keeps: configs stay readable, and the same draw gives the same text everywhere. */
const FLOAT_DIGITS = 6;

/** The value of `range` at u in [0, 1): its quantile (a draw of a uniform u gives a draw of the range). */
export function valueAt(range: ParamRange, u: number): JsonValue {
  switch (range.kind) {
    case "uniform":
      return round(range.min + u * (range.max - range.min));
    case "log":
      return round(Math.exp(Math.log(range.min) + u * (Math.log(range.max) - Math.log(range.min))));
    case "int":
      return Math.min(range.max, range.min + Math.floor(u * (range.max - range.min + 1)));
    case "choice":
      return range.choices[Math.min(range.choices.length - 1, Math.floor(u * range.choices.length))];
  }
}

function round(x: number): number {
  return Number(x.toPrecision(FLOAT_DIGITS));
}

/**
 * Parses a `--param` of `mmlab tune`: `gamma=0.01..1` (uniform), `gamma=log:0.01..1`
 * (log-uniform), `risk.q_max=int:1..5` (integers, both ends included), `quoter=as,glft` (a choice;
 * values as `--set` reads them: numbers, true/false, text).
 */
export function parseRangeArg(text: string): [string, ParamRange] {
  const eq = text.indexOf("=");
  if (eq <= 0) throw new MmlabError(`--param "${text}": expected name=min..max, name=log:min..max, name=int:min..max or name=a,b,c`);
  const name = text.slice(0, eq).trim();
  const spec = text.slice(eq + 1).trim();
  const m = /^(?:(log|int):)?\s*([^.]\S*?)\s*\.\.\s*(\S+)$/.exec(spec);
  if (m) {
    const kind = (m[1] ?? "uniform") as "uniform" | "log" | "int";
    const [min, max] = [Number(m[2]), Number(m[3])];
    return [name, checkRange(name, { kind, min, max })];
  }
  if (spec === "" || /^(log|int):/.test(spec)) throw new MmlabError(`--param ${name}: expected min..max after "${spec}", e.g. ${name}=log:0.01..1`);
  return [name, checkRange(name, { kind: "choice", choices: spec.split(",").map((v) => parseValue(v.trim())) })];
}

/** A range's bounds checked: finite, min < max; positive for log; integers for int; choices not empty nor repeated. */
export function checkRange(name: string, range: ParamRange): ParamRange {
  const where = `--param ${name}`;
  if (range.kind === "choice") {
    if (range.choices.length === 0) throw new MmlabError(`${where}: no values to choose from`);
    const texts = range.choices.map((c) => JSON.stringify(c));
    const repeated = texts.find((t, i) => texts.indexOf(t) !== i);
    if (repeated !== undefined) throw new MmlabError(`${where}: ${repeated} is listed twice`);
    return range;
  }
  if (!Number.isFinite(range.min) || !Number.isFinite(range.max)) throw new MmlabError(`${where}: bounds must be numbers, not ${range.min}..${range.max}`);
  if (!(range.min < range.max)) throw new MmlabError(`${where}: min ${range.min} must be below max ${range.max}`);
  if (range.kind === "log" && !(range.min > 0)) throw new MmlabError(`${where}: a log range needs min > 0, not ${range.min}`);
  if (range.kind === "int" && !(Number.isInteger(range.min) && Number.isInteger(range.max))) throw new MmlabError(`${where}: an int range needs integer bounds, not ${range.min}..${range.max}`);
  return range;
}

/** `--param` arguments as a space, in the order given; a name given twice is an error. */
export function spaceFromArgs(args: readonly string[]): ParamSpace {
  const space: ParamSpace = {};
  for (const arg of args) {
    const [name, range] = parseRangeArg(arg);
    if (Object.hasOwn(space, name)) throw new MmlabError(`--param ${name}: given twice`);
    space[name] = range;
  }
  if (Object.keys(space).length === 0) throw new MmlabError("tune: name at least one --param to tune, e.g. --param gamma=log:0.01..1");
  return space;
}

/** "log 0.01..1", "int 1..5", "as | glft": a range as the report writes it. */
export function rangeText(range: ParamRange): string {
  if (range.kind === "choice") return range.choices.map((c) => (typeof c === "string" ? c : JSON.stringify(c))).join(" | ");
  return `${range.kind === "uniform" ? "" : `${range.kind} `}${range.min}..${range.max}`;
}

function parseValue(text: string): JsonValue {
  if (text === "true" || text === "false") return text === "true";
  if (text === "null") return null;
  const n = Number(text);
  return text !== "" && Number.isFinite(n) ? n : text;
}
