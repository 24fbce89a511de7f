import { join } from "node:path";
import { Bool, Field, Float64, Int32, makeData, RecordBatch, Schema, Struct, Table, tableToIPC, Utf8, vectorFromArray, type DataType } from "apache-arrow";
import { canonicalJson } from "../../core/hash.ts";
import { writeFileAtomic } from "./atomicFile.ts";
import type { GridDefinition, JsonValue } from "./definition.ts";
import { BOOL_KPIS, INT_KPIS, KPI_COLUMNS, TEXT_KPIS, type GridRow } from "./rows.ts";

type Cell = number | string | boolean | null;

/** A table column: its name and Arrow type, and its cell of a row. */
export interface Column<R = GridRow> {
  name: string;
  type: DataType;
  nullable: boolean;
  value: (row: R) => Cell;
}

/**
 * The columns of a grid table: index, id, every parameter (typed from the definition's values:
 * all numbers → float64, all booleans → bool, all text → utf8, else canonical JSON text), every
 * KPI (the fee schedule as text), resultsHash, dataHash.
 */
export function tableColumns(def: GridDefinition): Column[] {
  const columns: Column[] = [
    { name: "index", type: new Int32(), nullable: false, value: (r) => r.index },
    { name: "id", type: new Utf8(), nullable: false, value: (r) => r.id },
  ];
  for (const [name, values] of Object.entries(def.params)) columns.push(paramColumn(name, values));
  return [...columns, ...resultColumns()];
}

/** The columns every table of runs ends with: every KPI (the fee schedule as text), resultsHash, dataHash. */
export function resultColumns(): Column[] {
  const columns: Column[] = [];
  for (const kpi of KPI_COLUMNS) {
    const type = BOOL_KPIS.has(kpi) ? new Bool() : INT_KPIS.has(kpi) ? new Int32() : TEXT_KPIS.has(kpi) ? new Utf8() : new Float64();
    columns.push({ name: kpi, type, nullable: !BOOL_KPIS.has(kpi) && !INT_KPIS.has(kpi) && !TEXT_KPIS.has(kpi), value: (r) => r.kpis[kpi] });
  }
  columns.push({ name: "resultsHash", type: new Utf8(), nullable: false, value: (r) => r.resultsHash });
  columns.push({ name: "dataHash", type: new Utf8(), nullable: false, value: (r) => r.dataHash });
  return columns;
}

/** A parameter's column, typed from the values it takes: all numbers → float64, all booleans → bool, all text → utf8, else canonical JSON text. */
export function paramColumn(name: string, values: readonly JsonValue[]): Column {
  if (values.every((v) => typeof v === "number")) return { name, type: new Float64(), nullable: false, value: (r) => r.params[name] as number };
  if (values.every((v) => typeof v === "boolean")) return { name, type: new Bool(), nullable: false, value: (r) => r.params[name] as boolean };
  if (values.every((v) => typeof v === "string")) return { name, type: new Utf8(), nullable: false, value: (r) => r.params[name] as string };
  return { name, type: new Utf8(), nullable: false, value: (r) => canonicalJson(r.params[name]) };
}

/** Writes `<name>.arrow` and `<name>.csv` (one row per point, in the order given) into `dir`, atomically. */
export function writeResultTables(dir: string, name: string, def: GridDefinition, rows: readonly GridRow[], metadata: Record<string, string> = {}): string[] {
  return writeTables(dir, name, tableColumns(def), rows, metadata);
}

/** Writes `<name>.arrow` and `<name>.csv` of `rows` with `columns` into `dir`, atomically; returns their paths. */
export function writeTables<R>(dir: string, name: string, columns: readonly Column<R>[], rows: readonly R[], metadata: Record<string, string> = {}): string[] {
  const arrowPath = join(dir, `${name}.arrow`);
  const csvPath = join(dir, `${name}.csv`);
  writeFileAtomic(arrowPath, arrowBytes(columns, rows, metadata));
  writeFileAtomic(csvPath, csvText(columns, rows));
  return [arrowPath, csvPath];
}

/** The rows as an Arrow IPC file (one record batch). */
export function arrowBytes<R>(columns: readonly Column<R>[], rows: readonly R[], metadata: Record<string, string> = {}): Uint8Array {
  const fields = columns.map((c) => new Field(c.name, c.type, c.nullable));
  const schema = new Schema(fields, new Map(Object.entries(metadata)));
  const children = columns.map((c) => vectorFromArray(rows.map(c.value), c.type).data[0]);
  const batch = new RecordBatch(schema, makeData({ type: new Struct(fields), length: rows.length, nullCount: 0, children }));
  return tableToIPC(new Table(schema, batch), "file");
}

/** The rows as CSV: a header of column names; null is an empty cell; numbers in shortest round-trip form. */
export function csvText<R>(columns: readonly Column<R>[], rows: readonly R[]): string {
  const lines = [columns.map((c) => csvCell(c.name)).join(",")];
  for (const row of rows) lines.push(columns.map((c) => csvCell(c.value(row))).join(","));
  return lines.join("\n") + "\n";
}

function csvCell(value: Cell): string {
  if (value === null) return "";
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
