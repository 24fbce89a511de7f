import { L2Book } from "../../../book/l2book.ts";
import { allocEventColumns, EVENT_KIND_NAMES, EventKind, sliceEventColumns, type EventColumns } from "../../schema.ts";
import type { ImportReport } from "../importer.ts";
import { NANOS_PER_UNIT } from "./constants.ts";

const TWO_32 = 2 ** 32;
const NONE: EventColumns[] = [];

/**
 * Collects the events of DBN records into file-schema batches, as ColumnsBuilder does for the text
 * importers (events by kind, first/last exchange time, crossed books on an L2 book), but without a
 * BigInt per row: times are written as the 32-bit words they were read as, order ids (< 2^53) as
 * words, and prices arrive as exact integers of 1e-9, so the book's ticks are exact too. The
 * book is judged crossed only at `endEvent()` (a record with flag 128, the end of an event).
 * Importers push rows, and after each record yield what `takeReady()` hands over.
 */
export class EventWriter {
  private columns: EventColumns;
  private exchWords: Uint32Array;
  private localWords: Uint32Array;
  private idWords: Uint32Array;
  private length = 0;
  private ready: EventColumns[] = [];
  private readonly book = new L2Book();
  private crossed = false;
  private exchHi = 0;
  private exchLo = 0;
  private localHi = 0;
  private localLo = 0;

  constructor(
    private readonly capacity: number,
    private readonly tickNanos: number,
    private readonly report: ImportReport,
  ) {
    this.columns = allocEventColumns(capacity);
    [this.exchWords, this.localWords, this.idWords] = this.wordViews();
  }

  /** Sets the times of the events pushed next (epoch ns as high and low words). */
  setTimes(exchHi: number, exchLo: number, localHi: number, localLo: number): void {
    this.exchHi = exchHi;
    this.exchLo = exchLo;
    this.localHi = localHi;
    this.localLo = localLo;
  }

  /** Appends one event; `priceNanos` is the price in units of 1e-9 (on the tick grid). */
  push(kind: number, side: number, priceNanos: number, qty: number, orderId: number): void {
    if (this.length === this.capacity) this.ready.push(this.take());
    const i = this.length++;
    const c = this.columns;
    this.exchWords[2 * i] = this.exchLo;
    this.exchWords[2 * i + 1] = this.exchHi;
    this.localWords[2 * i] = this.localLo;
    this.localWords[2 * i + 1] = this.localHi;
    const idLo = orderId % TWO_32;
    this.idWords[2 * i] = idLo;
    this.idWords[2 * i + 1] = (orderId - idLo) / TWO_32;
    c.kind[i] = kind;
    c.side[i] = side;
    c.price[i] = priceNanos / NANOS_PER_UNIT;
    c.qty[i] = qty;
    const r = this.report;
    r.events++;
    const name = EVENT_KIND_NAMES[kind];
    r.eventsByKind[name] = (r.eventsByKind[name] ?? 0) + 1;
    if (r.firstExchTs === null) r.firstExchTs = c.exchTs[i].toString();
    if (kind === EventKind.DEPTH || kind === EventKind.SNAPSHOT) this.book.update(side, priceNanos / this.tickNanos, qty);
    else if (kind === EventKind.DEPTH_CLEAR) this.book.clear(side);
  }

  /** The end of an event (flag 128): the book must not be crossed here; each crossing episode counts once. */
  endEvent(): void {
    const crossedNow = this.book.isCrossed();
    if (crossedNow && !this.crossed) this.report.crossedBooks++;
    this.crossed = crossedNow;
  }

  /** The full batches made so far (handed over once). */
  takeReady(): EventColumns[] {
    if (this.ready.length === 0) return NONE;
    const out = this.ready;
    this.ready = [];
    return out;
  }

  /** Queues the last, partial batch (call once, after the last record). */
  finish(): void {
    if (this.length > 0) this.ready.push(this.take());
  }

  private take(): EventColumns {
    const out = sliceEventColumns(this.columns, this.length);
    if (this.length > 0) this.report.lastExchTs = out.exchTs[this.length - 1].toString();
    this.columns = allocEventColumns(this.capacity);
    [this.exchWords, this.localWords, this.idWords] = this.wordViews();
    this.length = 0;
    return out;
  }

  private wordViews(): [Uint32Array, Uint32Array, Uint32Array] {
    const c = this.columns;
    const words = (a: BigInt64Array | BigUint64Array) => new Uint32Array(a.buffer, a.byteOffset, 2 * this.capacity);
    return [words(c.exchTs), words(c.localTs), words(c.orderId)];
  }
}
