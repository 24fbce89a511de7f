import { basename } from "node:path";
import { DataError, MmlabError } from "../../../core/errors.ts";
import { SCHEMA_VERSION, type DatasetMeta } from "../../schema.ts";
import {
  batchRowsOf,
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
import { TARDIS_INSTRUMENTS } from "./instruments.ts";

/** The columns every Tardis.dev CSV starts with (times in µs since the epoch). */
export const TARDIS_COMMON = ["exchange", "symbol", "timestamp", "local_timestamp"] as const;

/** What a Tardis row handler works with. */
export interface TardisContext {
  fields: FieldParser;
  grid: TickGrid;
  sink: EventSink;
  report: ImportReport;
  header: readonly string[];
}

/** Turns the rows of one Tardis data type into events. */
export interface TardisRowHandler {
  /** One data row: all its fields, and its two times in epoch ns. */
  row(f: readonly string[], exchTs: bigint, localTs: bigint): void;
  /** After the last row. */
  end(): void;
}

/** One Tardis.dev data type: how to recognise its header and handle its rows. */
export interface TardisFormat {
  /** Tardis data type name, e.g. `incremental_book_L2`. */
  readonly type: string;
  readonly description: string;
  /** The data type as named in the metadata's source, when the header refines it (`book_snapshot_25`). */
  label?(header: readonly string[]): string;
  /** True when a header looks like this type (the detector's test). */
  matches(header: readonly string[]): boolean;
  /** Throws a DataError naming the first wrong column when the header is not exactly this type's. */
  checkHeader(file: string, header: readonly string[]): void;
  handler(ctx: TardisContext): TardisRowHandler;
}

/** Picks the format of a file from its header (throws a DataError when it cannot). */
export type TardisFormatPicker = (file: string, header: readonly string[]) => TardisFormat;

/** The Tardis importer for one data type (its header is checked, not guessed). */
export function tardisImporter(format: TardisFormat): Importer {
  return {
    description: format.description,
    open: (inputs, options) =>
      openTardis(inputs, options, (file, header) => {
        format.checkHeader(file, header);
        return format;
      }),
  };
}

/**
 * Opens Tardis CSV inputs (plain or gzipped, all of one data type, exchange and symbol, in time
 * order): reads the first file's header and first row for the metadata, then streams every row.
 */
export async function openTardis(inputs: readonly string[], options: ImportOptions, pick: TardisFormatPicker): Promise<ImportedData> {
  if (inputs.length === 0) throw new MmlabError("tardis: no input files given");
  const progress = inputProgress(inputs, options);
  const first = new LineCursor(inputs[0], progress(0));
  try {
    const headerLine = await first.next();
    if (headerLine === undefined) throw new DataError(inputs[0], 1, undefined, "empty file: expected a Tardis CSV header");
    const header = splitHeader(headerLine.text);
    const format = pick(inputs[0], header);
    const fields = new FieldParser(inputs[0]);
    const firstRow = await first.next();
    if (firstRow === undefined) throw new DataError(inputs[0], 2, undefined, "no data rows after the header");
    first.unshift(firstRow);
    fields.row = firstRow.number;
    const f0 = splitCsvLine(firstRow.text);
    const [exchange, symbol] = f0;
    const t0 = fields.epochNs(f0[2] ?? "", "timestamp", 1000n);
    const tl = resolveTickLot(TARDIS_INSTRUMENTS, exchange, symbol, t0, options, inputs[0]);

    const type = format.label?.(header) ?? format.type;
    const report = emptyReport();
    report.notes.push(
      `Tardis ${type}: ${exchange} ${symbol}; exch_ts = timestamp, local_ts = local_timestamp (µs → ns)`,
      tl.note,
    );
    const meta: DatasetMeta = {
      symbol: options.symbol ?? symbol,
      venue: exchange,
      tickSize: tl.tickSize,
      lotSize: tl.lotSize,
      source: `tardis-csv:${type}`,
      schemaVersion: SCHEMA_VERSION,
    };
    const check = gridCheckOf(tl, options);
    const sink = new EventSink(batchRowsOf(options), check, report, rowOf(fields));
    const grid = new TickGrid(check, fields);
    const handler = format.handler({ fields, grid, sink, report, header });

    const open = async (i: number): Promise<LineCursor> => {
      if (i === 0) return first;
      const cursor = new LineCursor(inputs[i], progress(i));
      const line = await cursor.next();
      const h = line === undefined ? [] : splitHeader(line.text);
      if (h.join(",") !== header.join(",")) {
        throw new DataError(inputs[i], 1, "header", `differs from the first input's header (${basename(inputs[0])}): all inputs must hold the same data type`);
      }
      return cursor;
    };
    const onRow = (f: string[]): void => {
      if (f[0] !== exchange) fields.fail("exchange", `expected ${exchange} (as in the first row), found ${JSON.stringify(f[0])}`);
      if (f[1] !== symbol) fields.fail("symbol", `expected ${symbol} (as in the first row), found ${JSON.stringify(f[1])}: one symbol per import`);
      const exchTs = fields.epochNs(f[2], "timestamp", 1000n);
      const localTs = fields.epochNs(f[3], "local_timestamp", 1000n);
      handler.row(f, exchTs, localTs);
    };
    const end = (): void => {
      handler.end();
      const coarse = grid.coarseNote();
      if (coarse !== undefined) report.notes.push(coarse);
    };
    const batches = streamCsvRows(inputs.length, open, header.length, fields, onRow, sink, end);
    return { meta, batches, report };
  } catch (e) {
    await first.close();
    throw e;
  }
}

/** Side of an order-book row: `bid` → +1, `ask` → −1 (DataError otherwise). */
export function bookSide(fields: FieldParser, text: string, field: string): number {
  if (text === "bid") return 1;
  if (text === "ask") return -1;
  return fields.fail(field, `must be bid or ask, found ${JSON.stringify(text)}`);
}
