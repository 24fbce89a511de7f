import { GridCheck, gridKind, type RowRef } from "../gridCheck.ts";
import { allocEventColumns, EVENT_KIND_NAMES, EventKind, sliceEventColumns, type EventColumns } from "../schema.ts";
import type { ImportReport } from "./importer.ts";
import { TopOfBook } from "./topOfBook.ts";

/**
 * Collects imported events into file-schema batches of `capacity` rows and keeps the import
 * report's counts: events by kind, first/last exchange time, and crossed books after each book
 * update (replayed into an unbounded top-of-book on the tick grid: the one count of crossed books
 * an import reports). Every market row passes the grid check here (GridCheck: price > 0 on the
 * tick grid, size on the lot grid; snapped and counted with --snap-to-grid), so no source can
 * write an off-grid value. Importers push rows and yield `take()` whenever `full()`; memory stays
 * bounded by the batch size.
 */
export class ColumnsBuilder {
  private columns: EventColumns;
  private length = 0;
  /** The rebuilt top of the book: the crossed-book count, and importers' own checks (Binance bookTicker). */
  readonly top = new TopOfBook();
  readonly grid: GridCheck;
  private readonly inverseTick: number;
  private lastExchTs: bigint | undefined;
  /** The book is crossed right now (count each crossing episode once). */
  private crossed = false;
  private readonly locate: () => RowRef;
  /** Where the grid note is in the report's notes (-1: not yet), and its text there. */
  private gridNoteAt = -1;
  private gridNote = "";

  /**
   * @param grid the import's grid check, or just its tick size (sizes are then not checked).
   * @param locate where the row being pushed came from (input file and line), for grid errors;
   * by default the event's number in the import.
   */
  constructor(
    private readonly capacity: number,
    grid: number | GridCheck,
    private readonly report: ImportReport,
    locate?: () => RowRef,
  ) {
    this.columns = allocEventColumns(capacity);
    this.grid = typeof grid === "number" ? new GridCheck(grid, undefined) : grid;
    this.inverseTick = 1 / this.grid.tickSize;
    this.locate = locate ?? (() => ({ file: "import", row: report.events + 1 }));
  }

  /** Appends one event. Timestamps are epoch ns. Throws a DataError on an off-grid price or size (unless snapping). */
  push(exchTs: bigint, localTs: bigint, kind: number, side: number, price: number, qty: number, orderId = 0n): void {
    if (gridKind(kind)) {
      price = this.grid.price(price, this.locate);
      qty = this.grid.size(qty, this.locate);
    }
    const i = this.length++;
    const c = this.columns;
    c.exchTs[i] = exchTs;
    c.localTs[i] = localTs;
    c.kind[i] = kind;
    c.side[i] = side;
    c.price[i] = price;
    c.qty[i] = qty;
    c.orderId[i] = orderId;
    const r = this.report;
    r.events++;
    const name = EVENT_KIND_NAMES[kind] ?? String(kind);
    r.eventsByKind[name] = (r.eventsByKind[name] ?? 0) + 1;
    if (r.firstExchTs === null) r.firstExchTs = exchTs.toString();
    this.lastExchTs = exchTs;
    if (kind === EventKind.DEPTH || kind === EventKind.SNAPSHOT) this.top.update(side, Math.round(price * this.inverseTick), qty);
    else if (kind === EventKind.DEPTH_CLEAR) this.clearTop(side);
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
    this.columns = allocEventColumns(this.capacity);
    this.length = 0;
    if (this.lastExchTs !== undefined) this.report.lastExchTs = this.lastExchTs.toString();
    this.updateGridNote();
    return out;
  }

  /** Marks the end of a batch of same-timestamp updates: crossing is judged between messages, not inside one. */
  checkCrossed(): void {
    const crossedNow = this.top.crossed();
    if (crossedNow && !this.crossed) this.report.crossedBooks++;
    this.crossed = crossedNow;
  }

  /**
   * Keeps the grid check's note (what --snap-to-grid changed) in the report, up to date with the
   * rows taken so far: every row is taken at last, so the note is complete after the last batch.
   */
  private updateGridNote(): void {
    const note = this.grid.note();
    if (note === null) return;
    const notes = this.report.notes;
    if (this.gridNoteAt >= 0 && notes[this.gridNoteAt] === this.gridNote) notes[this.gridNoteAt] = note;
    else this.gridNoteAt = notes.push(note) - 1;
    this.gridNote = note;
  }

  private clearTop(side: number): void {
    if (side !== -1) this.top.clear(1);
    if (side !== 1) this.top.clear(-1);
  }
}
