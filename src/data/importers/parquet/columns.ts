/**
 * The event columns of a Parquet file, as apache-arrow decodes them: which types are accepted and
 * how each batch's values are read. Accepted: exch_ts / local_ts int64 or timestamp (ns as is;
 * s, ms, µs scaled to ns); kind and side any integer type; price and qty float64 (or float32);
 * order_id uint64 or any non-negative integer. Columns may be declared nullable (pandas writes them
 * so) but a null value is a DataError naming the row. Other columns are ignored.
 */
import { DataType, TimeUnit, type Data, type Field, type RecordBatch, type Schema } from "apache-arrow";
import { DataError } from "../../../core/errors.ts";
import { EVENT_COLUMNS } from "../../schema.ts";

type Role = "time" | "int" | "float" | "id";
const ROLES: Record<(typeof EVENT_COLUMNS)[number], Role> = {
  exch_ts: "time",
  local_ts: "time",
  kind: "int",
  side: "int",
  price: "float",
  qty: "float",
  order_id: "id",
};

const NS_PER_UNIT: Record<number, bigint> = {
  [TimeUnit.SECOND]: 1_000_000_000n,
  [TimeUnit.MILLISECOND]: 1_000_000n,
  [TimeUnit.MICROSECOND]: 1_000n,
  [TimeUnit.NANOSECOND]: 1n,
};

function accepts(role: Role, f: Field): boolean {
  const t = f.type;
  if (role === "time") return (DataType.isInt(t) && t.bitWidth === 64 && t.isSigned) || DataType.isTimestamp(t);
  if (role === "float") return DataType.isFloat(t) && t.precision >= 1;
  return DataType.isInt(t);
}

/** Checks that every event column is present with an accepted type; DataError naming the column otherwise. */
export function checkEventSchema(file: string, schema: Schema): void {
  for (const name of EVENT_COLUMNS) {
    const field = schema.fields.find((f) => f.name === name);
    if (!field) throw new DataError(file, undefined, name, "missing column");
    if (!accepts(ROLES[name], field)) {
      const wanted = { time: "int64 or timestamp", int: "an integer type", float: "float64", id: "uint64" }[ROLES[name]];
      throw new DataError(file, undefined, name, `expected ${wanted}, found ${String(field.type)}`);
    }
  }
}

/** Readers of one record batch's event columns, by row index within the batch. */
export interface BatchColumns {
  length: number;
  exchTs(i: number): bigint;
  localTs(i: number): bigint;
  kind(i: number): number;
  side(i: number): number;
  price(i: number): number;
  qty(i: number): number;
  orderId(i: number): bigint;
}

/** Accessors over a batch's event columns; `rowBase` numbers rows in errors. */
export function batchColumns(file: string, batch: RecordBatch, rowBase: number): BatchColumns {
  const data = (name: string): Data => {
    const index = batch.schema.fields.findIndex((f) => f.name === name);
    if (index < 0) throw new DataError(file, undefined, name, "missing column");
    const d = batch.data.children[index];
    if (d.nullCount > 0) {
      let row = 0;
      while (d.getValid(row)) row++;
      throw new DataError(file, rowBase + row, name, "null value in a non-nullable column");
    }
    return d;
  };
  const values = (d: Data): ArrayLike<number | bigint> => d.values.subarray(d.offset, d.offset + batch.numRows);
  const time = (name: string): ((i: number) => bigint) => {
    const d = data(name);
    const v = values(d) as BigInt64Array;
    const scale = DataType.isTimestamp(d.type) ? NS_PER_UNIT[d.type.unit] : 1n;
    return scale === 1n ? (i) => v[i] : (i) => v[i] * scale;
  };
  const num = (name: string): ((i: number) => number) => {
    const v = values(data(name));
    return typeof v[0] === "bigint" ? (i) => Number(v[i]) : (i) => v[i] as number;
  };
  const id = (name: string): ((i: number) => bigint) => {
    const d = data(name);
    const v = values(d);
    if (v instanceof BigUint64Array) return (i) => v[i];
    return (i) => {
      const x = v[i];
      if (x < 0) throw new DataError(file, rowBase + i, name, `must be ≥ 0, found ${x}`);
      return BigInt(x);
    };
  };
  return {
    length: batch.numRows,
    exchTs: time("exch_ts"),
    localTs: time("local_ts"),
    kind: num("kind"),
    side: num("side"),
    price: num("price"),
    qty: num("qty"),
    orderId: id("order_id"),
  };
}
