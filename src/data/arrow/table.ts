import { Field, Float32, Float64, Int8, Int32, Int64, makeData, RecordBatch, Schema, Struct, Uint8, type Data } from "apache-arrow";
import { DataError, MmlabError } from "../../core/errors.ts";
import { columnValues, openArrowFile } from "./reader.ts";
import { createArrowFile } from "./writer.ts";

/** A column type writeArrowTable accepts and readArrowTable returns. */
export type TableColumn = Float64Array | Float32Array | Int32Array | Int8Array | Uint8Array | BigInt64Array;

/** A table read back from an Arrow IPC file. */
export interface ArrowTable {
  columns: Record<string, TableColumn>;
  metadata: Record<string, string>;
  numRows: number;
}

type ColumnConstructor = { new (length: number): TableColumn };

/** Arrow type name → the typed array readArrowTable returns for it. */
const READ_TYPES: Record<string, ColumnConstructor> = {
  Float64: Float64Array,
  Float32: Float32Array,
  Int32: Int32Array,
  Int8: Int8Array,
  Uint8: Uint8Array,
  Int64: BigInt64Array,
};

/** Rows per record batch, so readers never need one huge contiguous buffer. */
const BATCH_ROWS = 1 << 20;

/** Writes equal-length columns (and string metadata) to `path` as one Arrow IPC file, atomically. */
export async function writeArrowTable(
  path: string,
  columns: Record<string, TableColumn>,
  metadata: Record<string, string> = {},
): Promise<void> {
  const names = Object.keys(columns);
  if (names.length === 0) throw new MmlabError(`${path}: a table needs at least one column`);
  const numRows = columns[names[0]].length;
  for (const name of names) {
    const length = columns[name].length;
    if (length !== numRows) {
      throw new MmlabError(`${path}: column ${name} has ${length} rows, column ${names[0]} has ${numRows}`);
    }
  }
  const fields = names.map((name) => new Field(name, columnData(columns[name]).type, false));
  const schema = new Schema(fields, new Map(Object.entries(metadata)));
  const type = new Struct(fields);
  const sink = createArrowFile(path, schema);
  try {
    let start = 0;
    do {
      const end = Math.min(numRows, start + BATCH_ROWS);
      const children = names.map((name) => columnData(columns[name].subarray(start, end)));
      sink.write(new RecordBatch(schema, makeData({ type, length: end - start, nullCount: 0, children })));
      start = end;
    } while (start < numRows);
  } catch (err) {
    await sink.abort();
    throw err;
  }
  await sink.close();
}

/** Zero-copy Arrow data over one typed array. */
function columnData(col: TableColumn): Data {
  const length = col.length;
  if (col instanceof Float64Array) return makeData({ type: new Float64(), length, nullCount: 0, data: col });
  if (col instanceof Float32Array) return makeData({ type: new Float32(), length, nullCount: 0, data: col });
  if (col instanceof Int32Array) return makeData({ type: new Int32(), length, nullCount: 0, data: col });
  if (col instanceof Int8Array) return makeData({ type: new Int8(), length, nullCount: 0, data: col });
  if (col instanceof Uint8Array) return makeData({ type: new Uint8(), length, nullCount: 0, data: col });
  if (col instanceof BigInt64Array) return makeData({ type: new Int64(), length, nullCount: 0, data: col });
  throw new MmlabError(`unsupported column array type ${Object.prototype.toString.call(col)}`);
}

/** Reads a file written by writeArrowTable (any file with only the supported non-null column types). */
export async function readArrowTable(path: string): Promise<ArrowTable> {
  const file = await openArrowFile(path);
  try {
    const fields = file.schema.fields;
    const ctors = fields.map((f) => {
      const ctor = READ_TYPES[String(f.type)];
      if (!ctor) throw new DataError(path, undefined, undefined, `column ${f.name}: unsupported type ${String(f.type)}`);
      return ctor;
    });
    const parts: TableColumn[][] = fields.map(() => []);
    let numRows = 0;
    for (let b = 0; b < file.numBatches; b++) {
      const batch = await file.readBatch(b);
      for (let j = 0; j < fields.length; j++) parts[j].push(columnValues<TableColumn>(file, batch, j, b, numRows));
      numRows += batch.numRows;
    }
    const columns: Record<string, TableColumn> = {};
    fields.forEach((f, j) => {
      columns[f.name] = concat(ctors[j], parts[j], numRows);
    });
    return { columns, metadata: Object.fromEntries(file.schema.metadata), numRows };
  } finally {
    await file.close();
  }
}

function concat(ctor: ColumnConstructor, parts: TableColumn[], numRows: number): TableColumn {
  if (parts.length === 1) return parts[0];
  const out = new ctor(numRows);
  let at = 0;
  for (const p of parts) {
    (out as Float64Array).set(p as Float64Array, at); // same element type as `out` by construction
    at += p.length;
  }
  return out;
}
