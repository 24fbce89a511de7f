import type { Column } from "../runfolder/format.ts";

/** A data row embedded in a spec (numbers rounded; NaN/±∞ become null). */
export type Row = Record<string, number | string | null>;

/** A column to embed: its values and the decimals to keep. */
export interface RowField {
  values: Column;
  decimals: number;
}

/** x rounded to `decimals` places; null when not finite (JSON has no NaN). */
export function round(x: number, decimals: number): number | null {
  if (!Number.isFinite(x)) return null;
  const f = 10 ** decimals;
  const r = Math.round(x * f) / f;
  return Object.is(r, -0) ? 0 : r;
}

/** One row per kept index, each field rounded to its decimals. */
export function rowsAt(indices: ArrayLike<number>, fields: Record<string, RowField>): Row[] {
  const names = Object.keys(fields);
  const out: Row[] = new Array(indices.length);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    const row: Row = {};
    for (const name of names) row[name] = round(fields[name].values[i], fields[name].decimals);
    out[k] = row;
  }
  return out;
}

/** Seconds since the data origin, in the axis unit: t_ns / 1e9 / unitSeconds. */
export function timeIn(t_ns: Column, unitSeconds: number): Float64Array {
  return Float64Array.from({ length: t_ns.length }, (_, i) => t_ns[i] / 1e9 / unitSeconds);
}

/** Values of a column mapped through f into a new Float64Array. */
export function mapColumn(col: Column, f: (v: number, i: number) => number): Float64Array {
  return Float64Array.from({ length: col.length }, (_, i) => f(col[i], i));
}
