/**
 * Turns hftbacktest rows into mmlab events, one event per market event.
 *
 * hftbacktest marks each row as valid for the exchange side (EXCH_EVENT, read at exch_ts), the
 * local side (LOCAL_EVENT, read at local_ts) or both; its `correct_event_order` splits a row whose
 * exchange and local orders disagree into an exchange-only copy (placed in exch_ts order) and a
 * local-only copy (placed in local_ts order). mmlab keeps both timestamps on one row, in exch_ts
 * order, so:
 *  - rows with both flags are events;
 *  - exchange-only rows are the events (they sit in exch_ts order);
 *  - local-only rows are the duplicate halves and are dropped — except that when the exchange-only
 *    copy has no valid local_ts (hftbacktest 1.x writes -1 there, and its `migration2` turns that
 *    into -1000), the local-only copy (same kind, side, price, qty, order id; it comes later in
 *    the file) supplies it; identical twins are matched first-in, first-out;
 *  - rows with neither flag are skipped, as hftbacktest itself ignores them.
 * A corrected file and the uncorrected one therefore give the same events. Events wait in a small
 * queue only while an earlier exchange-only row still waits for its local time.
 *
 * A row's numbers come in `row` (RowFields: timestamps and order id as 32-bit halves), filled by
 * the decoder before each call: no BigInt and no boxed number per row (see rows.ts).
 */
import { DataError } from "../../../core/errors.ts";
import type { RowRef } from "../../gridCheck.ts";
import type { EngineWriter } from "./engineWriter.ts";
import { R_EXCH_HI, R_EXCH_LO, R_ID_HI, R_ID_LO, R_LOCAL_HI, R_LOCAL_LO, R_PRICE, R_QTY, rowFields, wordsBefore, wordsToBigInt, type RowFields, type RowSink } from "./rows.ts";

interface Waiting {
  file: string;
  row: number;
  kind: number;
  side: number;
  /** The row's numbers (local_ts set when the local-only twin is seen). */
  fields: RowFields;
  /** False until the local-only twin is seen. */
  hasLocal: boolean;
  key: string;
}

/** Counts for the import report's notes. */
export interface AssemblerCounts {
  droppedLocalOnly: number;
  pairedLocalOnly: number;
  skippedNoFlag: number;
}

/** Collects rows in exch_ts order into `writer`; full batches wait in `ready`. */
export class EventAssembler<B> {
  /** The decoder's row: filled before each call of complete, exchOnly or localOnly. */
  readonly row: RowFields = rowFields();
  /** Batches completed and not yet handed on. */
  readonly ready: B[] = [];
  readonly counts: AssemblerCounts = { droppedLocalOnly: 0, pairedLocalOnly: 0, skippedNoFlag: 0 };
  private readonly queue: Waiting[] = [];
  private readonly unresolved = new Map<string, Waiting[]>();
  /** The last exchange row's exch_ts (NaN before the first: never before it); set through advance(). */
  lastHi = NaN;
  lastLo = NaN;
  private lastFile = "";
  private lastRow = -1;
  /** The last emitted event's exch_ts. */
  private emitted = false;
  private emittedHi = 0;
  private emittedLo = 0;

  /** The input row being emitted (file, 0-based row), for the writer's grid errors. */
  readonly where: RowRef = { file: "", row: undefined };

  /**
   * `writer` should locate its rows with `where` (see hftbacktest.ts). `lane`: the writer, when it
   * is an EngineWriter that decoders may write into directly (lane.ts).
   */
  constructor(
    readonly writer: RowSink<B>,
    private readonly lane?: EngineWriter,
  ) {}

  /**
   * The writer, when a decoder may write rows valid on both sides straight into it (its direct lane,
   * lane.ts), in order, as complete() would: nothing waits, and the origin is known (an event was
   * written). The decoder then calls advance() with its last row, and batchFull() whenever it fills
   * the batch.
   */
  direct(): EngineWriter | undefined {
    const lane = this.lane;
    return lane !== undefined && this.queue.length === 0 && this.unresolved.size === 0 && !Number.isNaN(lane.originHi) ? lane : undefined;
  }

  /** A direct lane's last row (its exch_ts as (hi, lo)), as complete() would have left it. */
  advance(file: string, row: number, exchHi: number, exchLo: number): void {
    this.lastHi = exchHi;
    this.lastLo = exchLo;
    this.lastFile = file;
    this.lastRow = row;
    this.emitted = true;
    this.emittedHi = exchHi;
    this.emittedLo = exchLo;
    this.where.file = file;
    this.where.row = row;
  }

  /** The writer's batch is full: it waits in `ready`. */
  batchFull(): void {
    this.ready.push(this.writer.take());
  }

  /** `row` is valid on both sides (or an exchange-only row whose local_ts is valid). */
  complete(file: string, row: number, kind: number, side: number): void {
    const f = this.row;
    this.checkOrder(file, row, f[R_EXCH_HI], f[R_EXCH_LO]);
    if (this.queue.length === 0) this.emit(file, row, kind, side, f);
    else this.queue.push({ file, row, kind, side, fields: f.slice(), hasLocal: true, key: "" });
  }

  /** `row` is an exchange-only row without a valid local_ts: it waits for its local-only twin. */
  exchOnly(file: string, row: number, kind: number, side: number): void {
    const f = this.row;
    this.checkOrder(file, row, f[R_EXCH_HI], f[R_EXCH_LO]);
    const key = twinKey(kind, side, f);
    const w: Waiting = { file, row, kind, side, fields: f.slice(), hasLocal: false, key };
    this.queue.push(w);
    const list = this.unresolved.get(key);
    if (list) list.push(w);
    else this.unresolved.set(key, [w]);
  }

  /** `row` is a local-only row: it fills in a waiting exchange-only twin, or is dropped as a duplicate. */
  localOnly(kind: number, side: number): void {
    if (this.unresolved.size === 0) {
      this.counts.droppedLocalOnly++;
      return;
    }
    const f = this.row;
    const key = twinKey(kind, side, f);
    const list = this.unresolved.get(key);
    if (!list) {
      this.counts.droppedLocalOnly++;
      return;
    }
    const w = list.shift() as Waiting;
    if (list.length === 0) this.unresolved.delete(key);
    w.hasLocal = true;
    w.fields[R_LOCAL_HI] = f[R_LOCAL_HI];
    w.fields[R_LOCAL_LO] = f[R_LOCAL_LO];
    this.counts.pairedLocalOnly++;
    this.flush();
  }

  /** A row with neither EXCH_EVENT nor LOCAL_EVENT. */
  skip(): void {
    this.counts.skippedNoFlag++;
  }

  /** Ends the input: every exchange-only row must have found its local time. */
  finish(): void {
    const first = this.queue.find((w) => !w.hasLocal);
    if (first) {
      throw new DataError(
        first.file,
        first.row,
        "local_ts",
        "exchange-only row with no valid local timestamp and no later local-only copy of the same event to take it from",
      );
    }
    this.flush();
    this.writer.checkCrossed();
    if (this.writer.pending() > 0) this.ready.push(this.writer.take());
  }

  private flush(): void {
    let n = 0;
    while (n < this.queue.length && this.queue[n].hasLocal) {
      const w = this.queue[n++];
      this.emit(w.file, w.row, w.kind, w.side, w.fields);
    }
    if (n > 0) this.queue.splice(0, n);
  }

  private checkOrder(file: string, row: number, exchHi: number, exchLo: number): void {
    if (wordsBefore(exchHi, exchLo, this.lastHi, this.lastLo)) this.outOfOrder(file, row, exchHi, exchLo);
    this.lastHi = exchHi;
    this.lastLo = exchLo;
    this.lastFile = file;
    this.lastRow = row;
  }

  private outOfOrder(file: string, row: number, exchHi: number, exchLo: number): never {
    throw new DataError(
      file,
      row,
      "exch_ts",
      `exchange timestamps out of order: ${wordsToBigInt(exchHi, exchLo)} < ${wordsToBigInt(this.lastHi, this.lastLo)} (${this.lastFile} row ${this.lastRow}); ` +
        "hftbacktest's correct_event_order puts exchange events in exch_ts order",
    );
  }

  private emit(file: string, row: number, kind: number, side: number, f: RowFields): void {
    const w = this.writer;
    this.where.file = file;
    this.where.row = row;
    const exchHi = f[R_EXCH_HI];
    const exchLo = f[R_EXCH_LO];
    if (this.emitted && (exchHi !== this.emittedHi || exchLo !== this.emittedLo)) w.checkCrossed();
    this.emitted = true;
    this.emittedHi = exchHi;
    this.emittedLo = exchLo;
    w.push(kind, side, f);
    if (w.full()) this.ready.push(w.take());
  }
}

function twinKey(kind: number, side: number, f: RowFields): string {
  return `${kind}|${side}|${f[R_PRICE]}|${f[R_QTY]}|${f[R_ID_HI]}:${f[R_ID_LO]}`;
}
