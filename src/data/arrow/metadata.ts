import { Field, Float64, Int8, Int64, Schema, Uint8, Uint64, type DataType } from "apache-arrow";
import { DataError } from "../../core/errors.ts";
import { finerSizeGrid } from "../gridCheck.ts";
import { EVENT_COLUMNS, SCHEMA_VERSION, type DatasetMeta } from "../schema.ts";

/** Arrow type of each event column, in EVENT_COLUMNS order. */
export const EVENT_ARROW_TYPES: readonly DataType[] = [
  new Int64(),
  new Int64(),
  new Uint8(),
  new Int8(),
  new Float64(),
  new Float64(),
  new Uint64(),
];

/** Schema metadata key of the grid a file's sizes lie on when finer than its lot (see gridCheck.ts). */
export const SIZE_GRID_KEY = "size_grid";
/** Schema metadata key of what the import that made a file noted (a JSON array of strings). */
export const IMPORT_NOTES_KEY = "import_notes";

/** The grid prices and sizes of an event file are held to: its tick, and its size grid or else its lot. */
export interface EventGrid {
  tickSize: number;
  sizeStep: number;
}

/** The event grid of a file's metadata (`size_grid`, when present, must be a positive number; it holds when finer than the lot). */
export function decodeEventGrid(file: string, meta: DatasetMeta, metadata: ReadonlyMap<string, string>): EventGrid {
  const text = metadata.get(SIZE_GRID_KEY);
  if (text === undefined) return { tickSize: meta.tickSize, sizeStep: meta.lotSize };
  const value = Number(text);
  if (text.trim() === "" || !(value > 0 && value < Infinity)) throw new DataError(file, undefined, SIZE_GRID_KEY, `must be a positive number, found ${JSON.stringify(text)}`);
  return { tickSize: meta.tickSize, sizeStep: finerSizeGrid(value, meta.lotSize) ?? meta.lotSize };
}

/** The import notes stored in a file's metadata (empty when none or unreadable). */
export function decodeImportNotes(metadata: ReadonlyMap<string, string>): string[] {
  const text = metadata.get(IMPORT_NOTES_KEY);
  if (text === undefined) return [];
  try {
    const notes: unknown = JSON.parse(text);
    return Array.isArray(notes) ? notes.map(String) : [];
  } catch {
    return [`(unreadable ${IMPORT_NOTES_KEY} metadata)`];
  }
}

/** Encodes dataset facts as Arrow schema metadata (all values strings). */
export function encodeMeta(meta: DatasetMeta): Map<string, string> {
  return new Map([
    ["symbol", meta.symbol],
    ["venue", meta.venue],
    ["tick_size", String(meta.tickSize)],
    ["lot_size", String(meta.lotSize)],
    ["source", meta.source],
    ["schema_version", meta.schemaVersion],
  ]);
}

/** Decodes and validates dataset facts from Arrow schema metadata; `file` names the source in errors. */
export function decodeMeta(file: string, metadata: ReadonlyMap<string, string>): DatasetMeta {
  const get = (key: string): string => {
    const value = metadata.get(key);
    if (value === undefined) throw new DataError(file, undefined, key, "missing schema metadata key");
    return value;
  };
  const positive = (key: string): number => {
    const text = get(key);
    const value = Number(text);
    if (text.trim() === "" || !Number.isFinite(value) || value <= 0) {
      throw new DataError(file, undefined, key, `must be a positive number, found ${JSON.stringify(text)}`);
    }
    return value;
  };
  const meta: DatasetMeta = {
    symbol: get("symbol"),
    venue: get("venue"),
    tickSize: positive("tick_size"),
    lotSize: positive("lot_size"),
    source: get("source"),
    schemaVersion: get("schema_version"),
  };
  if (meta.schemaVersion !== SCHEMA_VERSION) {
    throw new DataError(
      file,
      undefined,
      "schema_version",
      `unsupported schema version ${JSON.stringify(meta.schemaVersion)} (expected ${SCHEMA_VERSION})`,
    );
  }
  return meta;
}

/** The Arrow schema of an event file: non-nullable columns in EVENT_COLUMNS order, dataset facts as metadata. */
export function eventSchema(meta: DatasetMeta): Schema {
  const fields = EVENT_COLUMNS.map((name, i) => new Field(name, EVENT_ARROW_TYPES[i], false));
  return new Schema(fields, encodeMeta(meta));
}
