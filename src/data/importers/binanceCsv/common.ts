import { basename } from "node:path";
import { DataError, MmlabError } from "../../../core/errors.ts";
import { SCHEMA_VERSION, type DatasetMeta } from "../../schema.ts";
import {
  batchRowsOf,
  checkHeader,
  EventSink,
  FieldParser,
  gridCheckOf,
  inputProgress,
  LineCursor,
  resolveTickLot,
  rowOf,
  splitCsvLine,
  splitHeader,
  streamCsvRows,
  TickGrid,
} from "../csv.ts";
import { emptyReport, type ImportedData, type Importer, type ImportOptions, type ImportReport } from "../importer.ts";
import { BINANCE_INSTRUMENTS } from "./instruments.ts";
import { timeUnitOf } from "./timeUnit.ts";

/** What a Binance row handler works with. */
export interface BinanceContext {
  fields: FieldParser;
  grid: TickGrid;
  sink: EventSink;
  report: ImportReport;
  options: ImportOptions;
  /** Columns per row (tells spot from futures layouts). */
  columns: number;
}

/** Turns the rows of one Binance file type into events. */
export interface BinanceRowHandler {
  /** One data row: its fields and its time in epoch ns. */
  row(f: readonly string[], exchTs: bigint): void;
  /** After the last row. */
  end(): void;
}

/** One Binance historical CSV type. */
export interface BinanceFormat {
  readonly type: "depth" | "trades" | "aggTrades";
  readonly description: string;
  /** The headers this type may have (spot and futures layouts differ by trailing columns). */
  readonly headers: readonly (readonly string[])[];
  /** True when files of this type may come without a header (Binance spot trade dumps). */
  readonly headerOptional: boolean;
  /** Column of the event time (ms, µs or ns since the epoch). */
  readonly timeColumn: number;
  /** Column of the symbol, when the rows carry it. */
  readonly symbolColumn?: number;
  /** Venue (`binance-spot` or `binance-usdm`) from the column count. */
  venue(columns: number): string;
  handler(ctx: BinanceContext): BinanceRowHandler;
}

/** A file's format and layout, as read from its first line. */
export interface BinanceLayout {
  format: BinanceFormat;
  columns: number;
  hasHeader: boolean;
}

/** Finds a file's layout from its first line's fields (throws a DataError when it cannot). */
export type BinanceLayoutPicker = (file: string, first: readonly string[], isHeader: boolean) => BinanceLayout;

/** True when a first line is a header: no field starts like a number. */
export function looksLikeHeader(fields: readonly string[]): boolean {
  return fields.every((f) => !/^\s*-?\d/.test(f));
}

/** The layout of a file known to be of `format`: its header must be one of the format's, or absent when allowed. */
export function layoutOf(format: BinanceFormat, file: string, first: readonly string[], isHeader: boolean): BinanceLayout {
  const lengths = format.headers.map((h) => h.length);
  if (isHeader) {
    const same = format.headers.find((h) => h.length === first.length) ?? format.headers[0];
    checkHeader(file, first, same, `Binance ${format.type}`);
    return { format, columns: first.length, hasHeader: true };
  }
  if (!format.headerOptional) throw new DataError(file, 1, "header", `missing header: expected ${format.headers[0].join(",")}`);
  if (!lengths.includes(first.length)) {
    throw new DataError(file, 1, undefined, `a Binance ${format.type} row has ${lengths.join(" or ")} columns, found ${first.length}`);
  }
  return { format, columns: first.length, hasHeader: false };
}

/** The importer of one Binance CSV type. */
export function binanceImporter(format: BinanceFormat): Importer {
  return {
    description: format.description,
    open: (inputs, options) => openBinanceCsv(inputs, options, (file, first, isHeader) => layoutOf(format, file, first, isHeader)),
  };
}

/** Symbol from a Binance dump's file name, e.g. `BTCUSDT-trades-2024-08-08.csv` → BTCUSDT. */
export function symbolFromFileName(file: string): string | undefined {
  return /^([A-Z0-9]{3,})-[A-Za-z]+-\d{4}-\d{2}/.exec(basename(file))?.[1];
}

/** Reads a file's first line and layout; the cursor is left at the first data row. */
async function openInput(file: string, cursor: LineCursor, pick: BinanceLayoutPicker): Promise<BinanceLayout> {
  const line = await cursor.next();
  if (line === undefined) throw new DataError(file, 1, undefined, "empty file");
  const first = splitHeader(line.text);
  const isHeader = looksLikeHeader(first);
  const layout = pick(file, first, isHeader);
  if (!layout.hasHeader) cursor.unshift(line);
  return layout;
}

/**
 * Opens Binance historical CSV inputs (all of one type and symbol, in time order, plain or
 * gzipped): the first file's first rows give the metadata, then every row is streamed. Times are
 * ms, µs or ns by magnitude (see timeUnitOf); local_ts = exch_ts (the files hold no receive time).
 */
export async function openBinanceCsv(inputs: readonly string[], options: ImportOptions, pick: BinanceLayoutPicker): Promise<ImportedData> {
  if (inputs.length === 0) throw new MmlabError("binance-csv: no input files given");
  const progress = inputProgress(inputs, options);
  const first = new LineCursor(inputs[0], progress(0));
  try {
    const layout = await openInput(inputs[0], first, pick);
    const { format, columns } = layout;
    const row0 = await first.next();
    if (row0 === undefined) throw new DataError(inputs[0], 2, undefined, "no data rows");
    first.unshift(row0);
    const f0 = splitCsvLine(row0.text);
    const fields = new FieldParser(inputs[0]);
    fields.row = row0.number;
    const timeField = format.headers[0][format.timeColumn];
    const unit = timeUnitOf(f0[format.timeColumn] ?? "");
    const t0 = fields.epochNs(f0[format.timeColumn] ?? "", timeField, unit.nsPerUnit);
    const dataSymbol = format.symbolColumn !== undefined ? f0[format.symbolColumn] : symbolFromFileName(inputs[0]);
    const symbol = options.symbol ?? dataSymbol;
    if (symbol === undefined) throw new MmlabError(`${inputs[0]}: the file name does not name the symbol (SYMBOL-${format.type}-DATE.csv): pass --symbol`);
    const venue = format.venue(columns);
    const tl = resolveTickLot(BINANCE_INSTRUMENTS, venue, dataSymbol ?? symbol, t0, options, inputs[0]);

    const report = emptyReport();
    report.notes.push(
      `Binance ${format.type} CSV (${venue} ${symbol}); times in ${unit.name} (detected from their magnitude)`,
      "local_ts = exch_ts: Binance historical CSVs carry no receive time",
      tl.note,
    );
    const meta: DatasetMeta = {
      symbol,
      venue,
      tickSize: tl.tickSize,
      lotSize: tl.lotSize,
      source: `binance-csv:${format.type}`,
      schemaVersion: SCHEMA_VERSION,
    };
    const check = gridCheckOf(tl, options);
    const sink = new EventSink(batchRowsOf(options), check, report, rowOf(fields));
    const grid = new TickGrid(check, fields);
    const handler = format.handler({ fields, grid, sink, report, options, columns });

    const open = async (i: number): Promise<LineCursor> => {
      if (i === 0) return first;
      const cursor = new LineCursor(inputs[i], progress(i));
      const l = await openInput(inputs[i], cursor, pick);
      if (l.format !== format || l.columns !== columns) {
        throw new DataError(inputs[i], 1, undefined, `not the same file type as ${basename(inputs[0])} (Binance ${format.type}, ${columns} columns)`);
      }
      return cursor;
    };
    const onRow = (f: string[]): void => {
      if (format.symbolColumn !== undefined && f[format.symbolColumn] !== dataSymbol) {
        fields.fail("symbol", `expected ${dataSymbol} (as in the first row), found ${JSON.stringify(f[format.symbolColumn])}: one symbol per import`);
      }
      const text = f[format.timeColumn];
      if (timeUnitOf(text) !== unit) fields.fail(timeField, `time ${text} is not in ${unit.name} like the first row's`);
      handler.row(f, fields.epochNs(text, timeField, unit.nsPerUnit));
    };
    const end = (): void => {
      handler.end();
      const coarse = grid.coarseNote();
      if (coarse !== undefined) report.notes.push(coarse);
    };
    return { meta, batches: streamCsvRows(inputs.length, open, columns, fields, onRow, sink, end), report };
  } catch (e) {
    await first.close();
    throw e;
  }
}
