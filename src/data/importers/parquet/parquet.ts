/**
 * Parquet files holding mmlab's event columns (as written by exporters/parquet.ts, pandas,
 * polars, DuckDB…): read one row group at a time through parquet-wasm, validated row by row like
 * the Arrow reader (known kind, side in {-1, 0, 1}, finite non-negative price and qty, exch_ts
 * never decreasing, no nulls). Dataset facts come from the file's key-value metadata (the keys of
 * src/data/arrow/metadata.ts); `--symbol --tick --lot` override them and are required where the
 * file has none. Several inputs are read in order as one dataset.
 */
import { DataError, MmlabError } from "../../../core/errors.ts";
import { decodeEventGrid, decodeMeta } from "../../arrow/metadata.ts";
import { finerSizeGrid, GridCheck } from "../../gridCheck.ts";
import { EVENT_COLUMNS, MAX_EVENT_KIND, SCHEMA_VERSION, type DatasetMeta, type EventColumns } from "../../schema.ts";
import { SessionKind } from "../../sessionKinds.ts";
import { ColumnsBuilder } from "../columnsBuilder.ts";
import { emptyReport, type ImportOptions, type ImportReport, type Importer } from "../importer.ts";
import { batchColumns, checkEventSchema, type BatchColumns } from "./columns.ts";
import { openParquet, type ParquetSource } from "./file.ts";

const DEFAULT_BATCH_ROWS = 65_536;

export const parquetImporter: Importer = {
  description: "Parquet files with mmlab's event columns (exch_ts, local_ts, kind, side, price, qty, order_id)",
  async open(inputs: readonly string[], options: ImportOptions) {
    if (inputs.length === 0) throw new MmlabError("parquet: no input files given");
    checkOptions(options);
    let meta: DatasetMeta | undefined;
    let sizeGrid: number | undefined;
    for (const file of inputs) {
      const source = await openParquet(file);
      try {
        checkEventSchema(file, source.schema);
        const fileMeta = resolveMeta(file, source.schema.metadata, options);
        if (meta === undefined) {
          meta = fileMeta;
          // A finer size grid the file declares holds while the lot is a whole number of its steps.
          sizeGrid = finerSizeGrid(decodeEventGrid(file, fileMeta, source.schema.metadata).sizeStep, fileMeta.lotSize);
        }
        else sameInstrument(file, inputs[0], meta, fileMeta);
      } finally {
        source.close();
      }
    }
    const report = emptyReport();
    const resolved = meta as DatasetMeta;
    return { meta: resolved, report, batches: readFiles(inputs, resolved, options, report, sizeGrid), ...(sizeGrid === undefined ? {} : { sizeGrid }) };
  },
};

function checkOptions(options: ImportOptions): void {
  for (const [flag, value] of [["--tick", options.tickSize], ["--lot", options.lotSize]] as const) {
    if (value !== undefined && !(value > 0 && value < Infinity)) {
      throw new MmlabError(`parquet: ${flag} must be a positive number, got ${value}`);
    }
  }
}

/** The file's metadata with the command line's overrides and defaults for venue, source and version. */
export function resolveMeta(file: string, metadata: ReadonlyMap<string, string>, options: ImportOptions): DatasetMeta {
  const m = new Map(metadata);
  if (options.symbol) m.set("symbol", options.symbol);
  if (options.tickSize !== undefined) m.set("tick_size", String(options.tickSize));
  if (options.lotSize !== undefined) m.set("lot_size", String(options.lotSize));
  const missing = ([["symbol", "--symbol"], ["tick_size", "--tick"], ["lot_size", "--lot"]] as const).filter(([k]) => !m.has(k));
  if (missing.length > 0) {
    const keys = missing.map(([k]) => k).join(", ");
    throw new MmlabError(`${file}: no ${keys} in the file's metadata: give ${missing.map(([, flag]) => flag).join(", ")}`);
  }
  if (!m.has("venue")) m.set("venue", "unknown");
  if (!m.has("source")) m.set("source", "parquet");
  if (!m.has("schema_version")) m.set("schema_version", SCHEMA_VERSION);
  return decodeMeta(file, m);
}

function sameInstrument(file: string, firstFile: string, first: DatasetMeta, meta: DatasetMeta): void {
  for (const [key, a, b] of [
    ["symbol", first.symbol, meta.symbol],
    ["tick_size", first.tickSize, meta.tickSize],
    ["lot_size", first.lotSize, meta.lotSize],
  ] as const) {
    if (a !== b) throw new DataError(file, undefined, key, `${b} differs from ${a} in ${firstFile}: one dataset is one instrument`);
  }
}

async function* readFiles(inputs: readonly string[], meta: DatasetMeta, options: ImportOptions, report: ImportReport, sizeGrid: number | undefined): AsyncGenerator<EventColumns> {
  const order: OrderState = { last: null, file: "", row: 0 };
  const grid = new GridCheck(meta.tickSize, meta.lotSize, options.snapToGrid ?? false, sizeGrid);
  const builder = new ColumnsBuilder(options.batchRows ?? DEFAULT_BATCH_ROWS, grid, report, () => ({ file: order.file, row: order.row }));
  const sources: ParquetSource[] = [];
  let bytesTotal = 0;
  for (const file of inputs) {
    const source = await openParquet(file);
    sources.push(source);
    bytesTotal += source.size;
  }
  let bytesBefore = 0;
  try {
    for (const source of sources) {
      let rowBase = 0;
      let bytesRead = 0;
      for (let g = 0; g < source.numRowGroups; g++) {
        const table = await source.readRowGroup(g, EVENT_COLUMNS);
        if (table.numRows !== source.rowGroupRows(g)) {
          throw new DataError(source.file, undefined, undefined, `row group ${g}: read ${table.numRows} rows, expected ${source.rowGroupRows(g)}`);
        }
        for (const batch of table.batches) {
          yield* pushBatch(source.file, batchColumns(source.file, batch, rowBase), rowBase, builder, order);
          rowBase += batch.numRows;
        }
        bytesRead += source.rowGroupBytes(g);
        options.onProgress?.(bytesBefore + Math.min(bytesRead, source.size), bytesTotal);
      }
      bytesBefore += source.size;
      report.notes.push(`${source.file}: ${rowBase} rows in ${source.numRowGroups} row groups`);
    }
  } finally {
    for (const source of sources) source.close();
  }
  builder.checkCrossed();
  if (builder.pending() > 0) yield builder.take();
}

/** The last exch_ts pushed and its file and row, across row groups and files. */
interface OrderState {
  last: bigint | null;
  file: string;
  row: number;
}

/** Validates and copies one batch's rows into the builder, yielding each batch that fills up. */
function* pushBatch(
  file: string,
  c: BatchColumns,
  rowBase: number,
  builder: ColumnsBuilder,
  order: OrderState,
): Generator<EventColumns> {
  for (let i = 0; i < c.length; i++) {
    const row = rowBase + i;
    const kind = c.kind(i);
    if (!(kind >= 1 && kind <= MAX_EVENT_KIND)) throw new DataError(file, row, "kind", `unknown event kind ${kind}`);
    const side = c.side(i);
    // A CONTROL row (a paper session's) keeps its code in the side column, as in the Arrow reader.
    if (side !== -1 && side !== 0 && side !== 1 && kind !== SessionKind.CONTROL) throw new DataError(file, row, "side", `invalid side ${side} (must be -1, 0 or 1)`);
    const price = c.price(i);
    if (!(price >= 0 && price < Infinity)) throw badNumber(file, row, "price", price);
    const qty = c.qty(i);
    if (!(qty >= 0 && qty < Infinity)) throw badNumber(file, row, "qty", qty);
    const exchTs = c.exchTs(i);
    if (order.last !== null && exchTs < order.last) {
      const where = order.file === file ? "" : ` in ${order.file}`;
      throw new DataError(file, row, "exch_ts", `timestamps out of order: ${exchTs} < previous ${order.last}${where}`);
    }
    if (order.last !== null && exchTs !== order.last) builder.checkCrossed();
    order.last = exchTs;
    order.file = file;
    order.row = row;
    builder.push(exchTs, c.localTs(i), kind, side, price, qty, c.orderId(i));
    if (builder.full()) yield builder.take();
  }
}

function badNumber(file: string, row: number, field: string, value: number): DataError {
  const rule = Number.isFinite(value) ? `must be ≥ 0, found ${value}` : `must be a finite number, found ${value}`;
  return new DataError(file, row, field, rule);
}
