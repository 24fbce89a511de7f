import { L2Book } from "../../book/l2book.ts";
import { allocEventColumns, EVENT_KIND_NAMES, EventKind, sliceEventColumns, type EventColumns } from "../schema.ts";
import type { ImportReport } from "./importer.ts";

/**
 * Collects imported events into file-schema batches of `capacity` rows and keeps the import
 * report's counts: events by kind, first/last exchange time, and crossed books after each book
 * update (replayed into an L2 book on the tick grid). Importers push rows and yield `take()`
 * whenever `full()`; memory stays bounded by the batch size.
 */
export class ColumnsBuilder {
  private columns: EventColumns;
  private length = 0;
  private readonly book = new L2Book();
  private readonly inverseTick: number;
  private lastExchTs: bigint | undefined;
  /** The book is crossed right now (count each crossing episode once). */
  private crossed = false;

  constructor(
    private readonly capacity: number,
    tickSize: number,
    private readonly report: ImportReport,
  ) {
    this.columns = allocEventColumns(capacity);
    this.inverseTick = 1 / tickSize;
  }

  /** Appends one event. Timestamps are epoch ns. */
  push(exchTs: bigint, localTs: bigint, kind: number, side: number, price: number, qty: number, orderId = 0n): void {
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
    if (kind === EventKind.DEPTH || kind === EventKind.SNAPSHOT) this.trackBook(side, price, qty);
    else if (kind === EventKind.DEPTH_CLEAR) this.book.clear(side);
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
    return out;
  }

  /** The L2 book as rebuilt so far (ticks), for importers' own checks. */
  l2(): L2Book {
    return this.book;
  }

  /** Marks the end of a batch of same-timestamp updates: crossing is judged between messages, not inside one. */
  checkCrossed(): void {
    const crossedNow = this.book.isCrossed();
    if (crossedNow && !this.crossed) this.report.crossedBooks++;
    this.crossed = crossedNow;
  }

  private trackBook(side: number, price: number, qty: number): void {
    this.book.update(side, Math.round(price * this.inverseTick), qty);
  }
}
