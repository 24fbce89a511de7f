import { canonicalJson, hashJson } from "../../core/hash.ts";
import { gridSize, type GridDefinition, type JsonValue } from "./definition.ts";

/** One point of a grid: its position in grid order, its id, its parameter values. */
export interface GridPoint {
  index: number;
  /** First 12 hex digits of the SHA-256 of the point's canonical params (key order does not matter). */
  id: string;
  /** Parameter values, keys in grid order. */
  params: Record<string, JsonValue>;
}

/** The cartesian product of the parameters: params in the order given, the last varying fastest. */
export function gridPoints(def: GridDefinition): GridPoint[] {
  const entries = Object.entries(def.params);
  const n = gridSize(def);
  const points: GridPoint[] = [];
  for (let index = 0; index < n; index++) {
    const picks = new Array<number>(entries.length);
    let rest = index;
    for (let j = entries.length - 1; j >= 0; j--) {
      const count = entries[j][1].length;
      picks[j] = rest % count;
      rest = Math.floor(rest / count);
    }
    const params: Record<string, JsonValue> = {};
    entries.forEach(([name, values], j) => {
      params[name] = values[picks[j]];
    });
    points.push({ index, id: pointId(params), params });
  }
  return points;
}

/** A point's id: the hash of its canonical params. */
export function pointId(params: Record<string, JsonValue>): string {
  return hashJson(params).slice(0, 12);
}

/** "point 3 (gamma=0.1, ofi.beta=0.3)" for messages. */
export function describePoint(point: { index: number; params: Record<string, JsonValue> }): string {
  const values = Object.entries(point.params).map(([k, v]) => `${k}=${typeof v === "string" ? v : canonicalJson(v)}`);
  return `point ${point.index}${values.length > 0 ? ` (${values.join(", ")})` : ""}`;
}
