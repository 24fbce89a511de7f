/**
 * Collects hftbacktest rows into file-schema batches for convert and verify, as ColumnsBuilder
 * (../columnsBuilder.ts) does for the other importers, with its report (events by kind, first/last
 * exchange time, crossed books on an unbounded top of book, the grid note; the same results), but
 * with timestamps and order ids given as 32-bit halves (rows.ts): no BigInt per row. Every market
 * row passes the grid check (GridCheck) here. (A backtest's read writes the engine's batches
 * instead: engineWriter.ts.)
 */
import type { GridCheck, RowRef } from "../../gridCheck.ts";
import { allocEventColumns, EVENT_KIND_NAMES, EventKind, sliceEventColumns, type EventColumns } from "../../schema.ts";
import type { ImportReport } from "../importer.ts";
import { TopOfBook } from "../topOfBook.ts";
import { gridPrice, gridSize, R_EXCH_HI, R_EXCH_LO, R_ID_HI, R_ID_LO, R_LOCAL_HI, R_LOCAL_LO, R_PRICE, R_QTY, wordsToBigInt, type RowFields, type RowSink } from "./rows.ts";

/** The batch being filled, and the report. */
export class ColumnsWriter implements RowSink<EventColumns> {
  private columns!: EventColumns;
  /** The int64 columns as (low, high) word pairs. */
  private exchWords!: Uint32Array;
  private localWords!: Uint32Array;
  private idWords!: Uint32Array;
  private length = 0;
  /** GridCheck's own factors (1/tick, 1/size step: the same values), for its test of a value already on the grid. */
  private readonly inverseTick: number;
  private readonly inverseSizeStep: number;
  private readonly counts: ReportCounts;

  /** @param locate where the row being pushed came from (input file and row), for grid errors. */
  constructor(
    private readonly capacity: number,
    readonly grid: GridCheck,
    report: ImportReport,
    private readonly locate: () => RowRef,
  ) {
    this.inverseTick = 1 / grid.tickSize;
    this.inverseSizeStep = grid.sizeStep === undefined ? NaN : 1 / grid.sizeStep;
    this.counts = new ReportCounts(report, grid);
    this.start();
  }

  /** Appends one event (timestamps epoch ns). Throws a DataError on an off-grid price or size (unless snapping). */
  push(kind: number, side: number, f: RowFields): void {
    const price = gridPrice(kind, f[R_PRICE], this.grid, this.inverseTick, this.locate);
    const qty = gridSize(kind, f[R_QTY], this.grid, this.inverseSizeStep, this.locate);
    const i = this.length++;
    const c = this.columns;
    // Uint32Array stores take their value modulo 2^32: the two's complement words of the int64
    const exch = this.exchWords;
    exch[2 * i] = f[R_EXCH_LO];
    exch[2 * i + 1] = f[R_EXCH_HI];
    const local = this.localWords;
    local[2 * i] = f[R_LOCAL_LO];
    local[2 * i + 1] = f[R_LOCAL_HI];
    const id = this.idWords;
    id[2 * i] = f[R_ID_LO];
    id[2 * i + 1] = f[R_ID_HI];
    c.kind[i] = kind;
    c.side[i] = side;
    c.price[i] = price;
    c.qty[i] = qty;
    this.counts.add(f[R_EXCH_HI], f[R_EXCH_LO], kind, side, kind === EventKind.DEPTH || kind === EventKind.SNAPSHOT ? Math.round(price * this.inverseTick) : 0, qty);
  }

  /** True when the current batch is full and should be taken. */
  full(): boolean {
    return this.length === this.capacity;
  }

  /** Number of rows waiting in the current batch. */
  pending(): number {
    return this.length;
  }

  /** Hands over the current batch and starts a new one. */
  take(): EventColumns {
    const out = sliceEventColumns(this.columns, this.length);
    this.start();
    this.counts.batchTaken();
    return out;
  }

  /** Marks the end of a batch of same-timestamp updates: crossing is judged between messages, not inside one. */
  checkCrossed(): void {
    this.counts.checkCrossed();
  }

  private start(): void {
    const c = allocEventColumns(this.capacity);
    this.columns = c;
    this.exchWords = new Uint32Array(c.exchTs.buffer, c.exchTs.byteOffset, 2 * this.capacity);
    this.localWords = new Uint32Array(c.localTs.buffer, c.localTs.byteOffset, 2 * this.capacity);
    this.idWords = new Uint32Array(c.orderId.buffer, c.orderId.byteOffset, 2 * this.capacity);
    this.length = 0;
  }
}

/** The import report's counts, kept as ColumnsBuilder keeps them. */
class ReportCounts {
  /** The rebuilt top of the book, for the crossed-book count. */
  private readonly top = new TopOfBook();
  private lastHi = NaN;
  private lastLo = NaN;
  private crossed = false;
  /** Where the grid note is in the report's notes (-1: not yet), and its text there. */
  private gridNoteAt = -1;
  private gridNote = "";

  constructor(
    private readonly report: ImportReport,
    private readonly grid: GridCheck,
  ) {}

  add(exchHi: number, exchLo: number, kind: number, side: number, priceTicks: number, qty: number): void {
    const r = this.report;
    r.events++;
    const name = EVENT_KIND_NAMES[kind] ?? String(kind);
    r.eventsByKind[name] = (r.eventsByKind[name] ?? 0) + 1;
    if (r.firstExchTs === null) r.firstExchTs = wordsToBigInt(exchHi, exchLo).toString();
    this.lastHi = exchHi;
    this.lastLo = exchLo;
    if (kind === EventKind.DEPTH || kind === EventKind.SNAPSHOT) this.top.update(side, priceTicks, qty);
    else if (kind === EventKind.DEPTH_CLEAR) {
      if (side !== -1) this.top.clear(1);
      if (side !== 1) this.top.clear(-1);
    }
  }

  checkCrossed(): void {
    const crossedNow = this.top.crossed();
    if (crossedNow && !this.crossed) this.report.crossedBooks++;
    this.crossed = crossedNow;
  }

  batchTaken(): void {
    if (!Number.isNaN(this.lastHi)) this.report.lastExchTs = wordsToBigInt(this.lastHi, this.lastLo).toString();
    // the grid check's note (what --snap-to-grid changed), up to date with the rows taken so far
    const note = this.grid.note();
    if (note === null) return;
    const notes = this.report.notes;
    if (this.gridNoteAt >= 0 && notes[this.gridNoteAt] === this.gridNote) notes[this.gridNoteAt] = note;
    else this.gridNoteAt = notes.push(note) - 1;
    this.gridNote = note;
  }
}
