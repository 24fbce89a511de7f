/**
 * Shared helpers of the vendor-file importers (Tardis CSV, Binance CSV, Bybit JSON lines):
 * CSV line splitting and header checks, field validation that fails with a DataError naming the
 * file, row and field, the price parser over the shared grid check (../gridCheck.ts), tick/lot resolution from a table of known instruments,
 * and an event sink that hands out full batches (memory bounded by the batch size).
 */
import { existsSync, statSync } from "node:fs";
import { DataError, MmlabError } from "../../core/errors.ts";
import { GridCheck, type RowRef } from "../gridCheck.ts";
import { knownInstrument, type KnownInstrument } from "../instruments/lookup.ts";
import type { EventColumns } from "../schema.ts";
import { ColumnsBuilder } from "./columnsBuilder.ts";
import type { ImportOptions, ImportReport } from "./importer.ts";
import { readLines, type Line } from "./lines.ts";

/** Rows per batch when the options do not say. */
export const DEFAULT_BATCH_ROWS = 65_536;

/** Splits one CSV line into fields; double-quoted fields (with "" escapes) are unquoted. */
export function splitCsvLine(text: string): string[] {
  if (!text.includes('"')) return text.split(",");
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c !== '"') cur += c;
      else if (text[i + 1] === '"') (cur += '"'), i++;
      else quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ",") out.push(cur), (cur = "");
    else cur += c;
  }
  out.push(cur);
  return out;
}

/** Splits a header line into trimmed column names (a UTF-8 byte-order mark is dropped). */
export function splitHeader(text: string): string[] {
  return splitCsvLine(text.replace(/^\uFEFF/, "")).map((s) => s.trim());
}

/** Throws a DataError (row 1) naming the first column where `header` differs from `expected`. */
export function checkHeader(file: string, header: readonly string[], expected: readonly string[], what: string): void {
  const n = Math.max(header.length, expected.length);
  for (let i = 0; i < n; i++) {
    if (header[i] === expected[i]) continue;
    const found = header[i] === undefined ? "nothing" : JSON.stringify(header[i]);
    const want = expected[i] === undefined ? "no column" : JSON.stringify(expected[i]);
    throw new DataError(file, 1, expected[i] ?? `column ${i + 1}`, `not a ${what} header: column ${i + 1} should be ${want}, found ${found} (expected ${expected.join(",")})`);
  }
}

/** Parses field text of the current file and row; every failure is a DataError(file, row, field, rule). */
export class FieldParser {
  /** 1-based line number of the row being parsed. */
  row = 0;
  constructor(public file: string) {}

  /** Throws a DataError at the current file and row. */
  fail(field: string | undefined, rule: string): never {
    throw new DataError(this.file, this.row, field, rule);
  }

  /** A finite decimal number. */
  number(text: string, field: string): number {
    const v = Number(text);
    if (text.trim() === "" || !Number.isFinite(v)) this.fail(field, `not a number: ${JSON.stringify(text)}`);
    return v;
  }

  /** A finite number >= 0 (sizes). */
  nonNegative(text: string, field: string): number {
    const v = this.number(text, field);
    if (v < 0) this.fail(field, `must be >= 0, found ${text}`);
    return v;
  }

  /** An unsigned integer epoch time in units of `nsPerUnit` nanoseconds, as epoch ns. */
  epochNs(text: string, field: string, nsPerUnit: bigint): bigint {
    if (!/^\d{1,19}$/.test(text)) this.fail(field, `not an integer timestamp: ${JSON.stringify(text)}`);
    return BigInt(text) * nsPerUnit;
  }

  /** An integer (update ids; may be negative, e.g. Binance's pu = -1). */
  integer(text: string, field: string): bigint {
    if (!/^-?\d{1,20}$/.test(text)) this.fail(field, `not an integer: ${JSON.stringify(text)}`);
    return BigInt(text);
  }

  /** `true` or `false` (any case). */
  bool(text: string, field: string): boolean {
    const t = text.toLowerCase();
    if (t === "true") return true;
    if (t === "false") return false;
    return this.fail(field, `must be true or false, found ${JSON.stringify(text)}`);
  }
}

/**
 * Parses prices and holds them to the import's grid check (GridCheck: > 0, on the tick grid, or
 * snapped with --snap-to-grid; a DataError naming the row and field otherwise), and notices when
 * every price seen lies on a 10x coarser grid (the tick size may be too fine).
 */
export class TickGrid {
  private seen = 0;
  private coarse = true;
  private readonly at: () => RowRef;
  constructor(
    readonly check: GridCheck,
    private readonly fields: FieldParser,
  ) {
    this.at = () => ({ file: fields.file, row: fields.row });
  }

  get tickSize(): number {
    return this.check.tickSize;
  }

  /** Parses a price that must be > 0 and on the grid (the grid value, with snapping). */
  price(text: string, field: string): number {
    const price = this.check.price(this.fields.number(text, field), this.at, field);
    const ticks = Math.round(price / this.tickSize);
    if (ticks > 0x7fffffff) this.fields.fail(field, `price ${text} is ${ticks} ticks of ${this.tickSize}, beyond the supported 2^31 ticks`);
    this.seen++;
    if (this.coarse && ticks % 10 !== 0) this.coarse = false;
    return price;
  }

  /** Parses a size that must be ≥ 0 and on the lot grid (the grid value, with snapping). */
  size(text: string, field: string): number {
    return this.check.size(this.fields.nonNegative(text, field), this.at, field);
  }

  /** A report note when at least 20 prices were seen and all lie on a 10x coarser grid. */
  coarseNote(): string | undefined {
    if (this.seen < 20 || !this.coarse) return undefined;
    const coarser = Number((this.tickSize * 10).toPrecision(12));
    return `all ${this.seen} prices lie on a ${coarser} grid: the tick size ${this.tickSize} may be too fine for this date (pass --tick ${coarser} if so)`;
  }
}

/** The grid check of an import with this tick and lot (and the options' --snap-to-grid). */
export function gridCheckOf(tl: { tickSize: number; lotSize: number }, options: ImportOptions): GridCheck {
  return new GridCheck(tl.tickSize, tl.lotSize, options.snapToGrid ?? false);
}

/** Where a FieldParser stands (file and row), for the grid check of the rows it emits. */
export function rowOf(fields: FieldParser): () => RowRef {
  return () => ({ file: fields.file, row: fields.row });
}

/** Tick and lot size of an import, and where they came from (a line for the report). */
export interface TickLot {
  tickSize: number;
  lotSize: number;
  note: string;
}

/**
 * Tick and lot size from the options (`--tick --lot`), else from the user's instrument file
 * (`--instruments`, by symbol), else from `table` (the entry valid at the data's first time), else
 * an error asking for them. The data is never used to guess them.
 */
export function resolveTickLot(
  table: readonly KnownInstrument[],
  venue: string,
  symbol: string,
  atNs: bigint,
  options: ImportOptions,
  file: string,
): TickLot {
  for (const [name, v] of [["--tick", options.tickSize], ["--lot", options.lotSize]] as const) {
    if (v !== undefined && !(Number.isFinite(v) && v > 0)) throw new MmlabError(`${name} must be a positive number, got ${v}`);
  }
  const listed = options.instruments?.find(symbol);
  const known = listed ?? knownInstrument(table, venue, symbol, Number(atNs / 1_000_000n));
  const tickSize = options.tickSize ?? known?.tickSize;
  const lotSize = options.lotSize ?? known?.lotSize;
  if (tickSize === undefined || lotSize === undefined) {
    const inFile = options.instruments === undefined ? "" : ` nor in ${options.instruments.path}`;
    throw new MmlabError(
      `${file}: tick and lot size of ${venue} ${symbol} are not in the table of known instruments${inFile}: pass --tick and --lot (or --instruments with an exchangeInfo file)`,
    );
  }
  const source = listed !== undefined ? options.instruments!.path : "known-instrument table";
  const from = (v: number | undefined): string => (v === undefined ? source : "options");
  return { tickSize, lotSize, note: `tick ${tickSize} (from ${from(options.tickSize)}), lot ${lotSize} (from ${from(options.lotSize)})` };
}

/** The batch size of the options, checked. */
export function batchRowsOf(options: ImportOptions): number {
  const n = options.batchRows ?? DEFAULT_BATCH_ROWS;
  if (!Number.isInteger(n) || n <= 0) throw new MmlabError(`batch rows must be a positive integer, got ${n}`);
  return n;
}

/** Pushes events into a ColumnsBuilder and queues each full batch for the importer to yield. */
export class EventSink {
  private readonly builder: ColumnsBuilder;
  private ready: EventColumns[] = [];
  /** `grid`: the import's grid check (or its tick size); `locate`: the row being emitted, for grid errors. */
  constructor(batchRows: number, grid: number | GridCheck, report: ImportReport, locate?: () => RowRef) {
    this.builder = new ColumnsBuilder(batchRows, grid, report, locate);
  }

  /** Appends one event (epoch-ns times). */
  emit(exchTs: bigint, localTs: bigint, kind: number, side: number, price: number, qty: number): void {
    this.builder.push(exchTs, localTs, kind, side, price, qty);
    if (this.builder.full()) this.ready.push(this.builder.take());
  }

  /** Ends one source message (book update group): counts a crossed book if it now is. */
  endMessage(): void {
    this.builder.checkCrossed();
  }

  /** Hands over the full batches queued so far. */
  takeReady(): EventColumns[] {
    const out = this.ready;
    if (out.length > 0) this.ready = [];
    return out;
  }

  /** Queues the last, partial batch (call once at the end). */
  finish(): void {
    if (this.builder.pending() > 0) this.ready.push(this.builder.take());
  }
}

/** The lines of one input, skipping blank lines, with one line of look-back (`unshift`). */
export class LineCursor {
  private readonly it: AsyncGenerator<Line>;
  private held: Line | undefined;
  constructor(
    readonly file: string,
    onBytes?: (read: number, total: number) => void,
  ) {
    this.it = readLines(file, onBytes);
  }

  /** The next non-blank line, or undefined at the end. */
  async next(): Promise<Line | undefined> {
    if (this.held !== undefined) {
      const l = this.held;
      this.held = undefined;
      return l;
    }
    for (;;) {
      const r = await this.it.next();
      if (r.done) return undefined;
      if (r.value.text.trim() !== "") return r.value;
    }
  }

  /** Gives a line back: the next `next()` returns it. */
  unshift(line: Line): void {
    this.held = line;
  }

  /** Stops reading early. */
  async close(): Promise<void> {
    await this.it.return(undefined);
  }
}

/** Per-input progress callbacks that report bytes read over all inputs together. */
export function inputProgress(inputs: readonly string[], options: ImportOptions): (index: number) => ((read: number, total: number) => void) | undefined {
  const cb = options.onProgress;
  if (!cb) return () => undefined;
  const sizes = inputs.map((f) => (existsSync(f) ? statSync(f).size : 0));
  const total = sizes.reduce((a, b) => a + b, 0);
  return (index) => {
    const before = sizes.slice(0, index).reduce((a, b) => a + b, 0);
    return (read) => cb(before + read, total);
  };
}

/**
 * Streams the data rows of every input through `onRow` and yields the event batches as they fill.
 * `open(i)` returns input i's cursor positioned at its first data row (header read and checked).
 * Each row must have `columns` fields; `end` runs after the last row, before the last batch.
 */
export async function* streamCsvRows(
  count: number,
  open: (index: number) => Promise<LineCursor>,
  columns: number,
  fields: FieldParser,
  onRow: (f: string[]) => void,
  sink: EventSink,
  end: () => void,
): AsyncGenerator<EventColumns> {
  for (let i = 0; i < count; i++) {
    const cursor = await open(i);
    fields.file = cursor.file;
    try {
      for (let line = await cursor.next(); line !== undefined; line = await cursor.next()) {
        fields.row = line.number;
        const f = splitCsvLine(line.text);
        if (f.length !== columns) fields.fail(undefined, `expected ${columns} columns, found ${f.length}`);
        onRow(f);
        for (const batch of sink.takeReady()) yield batch;
      }
    } finally {
      await cursor.close();
    }
  }
  end();
  sink.finish();
  for (const batch of sink.takeReady()) yield batch;
}
