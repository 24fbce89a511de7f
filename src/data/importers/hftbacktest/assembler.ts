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
 */
import { DataError } from "../../../core/errors.ts";
import type { RowRef } from "../../gridCheck.ts";
import type { EventColumns } from "../../schema.ts";
import type { ColumnsBuilder } from "../columnsBuilder.ts";

interface Waiting {
  file: string;
  row: number;
  exchTs: bigint;
  /** null until the local-only twin is seen. */
  localTs: bigint | null;
  kind: number;
  side: number;
  price: number;
  qty: number;
  orderId: bigint;
  key: string;
}

/** Counts for the import report's notes. */
export interface AssemblerCounts {
  droppedLocalOnly: number;
  pairedLocalOnly: number;
  skippedNoFlag: number;
}

/** Collects rows in exch_ts order into `builder`; full batches wait in `ready`. */
export class EventAssembler {
  /** Batches completed and not yet handed on. */
  readonly ready: EventColumns[] = [];
  readonly counts: AssemblerCounts = { droppedLocalOnly: 0, pairedLocalOnly: 0, skippedNoFlag: 0 };
  private readonly queue: Waiting[] = [];
  private readonly unresolved = new Map<string, Waiting[]>();
  private lastExchTs: bigint | null = null;
  private lastFile = "";
  private lastRow = -1;

  /** `builder` should locate its rows with `where` (see hftbacktest.ts). */
  constructor(private readonly builder: ColumnsBuilder) {}

  /** A row valid on both sides (or an exchange-only row whose local_ts is valid). */
  complete(file: string, row: number, exchTs: bigint, localTs: bigint, kind: number, side: number, price: number, qty: number, orderId: bigint): void {
    this.checkOrder(file, row, exchTs);
    if (this.queue.length === 0) this.emit(file, row, exchTs, localTs, kind, side, price, qty, orderId);
    else this.queue.push({ file, row, exchTs, localTs, kind, side, price, qty, orderId, key: "" });
  }

  /** An exchange-only row without a valid local_ts: waits for its local-only twin. */
  exchOnly(file: string, row: number, exchTs: bigint, kind: number, side: number, price: number, qty: number, orderId: bigint): void {
    this.checkOrder(file, row, exchTs);
    const key = twinKey(kind, side, price, qty, orderId);
    const w: Waiting = { file, row, exchTs, localTs: null, kind, side, price, qty, orderId, key };
    this.queue.push(w);
    const list = this.unresolved.get(key);
    if (list) list.push(w);
    else this.unresolved.set(key, [w]);
  }

  /** A local-only row: fills in a waiting exchange-only twin, or is dropped as a duplicate. */
  localOnly(localTs: bigint, kind: number, side: number, price: number, qty: number, orderId: bigint): void {
    const key = twinKey(kind, side, price, qty, orderId);
    const list = this.unresolved.get(key);
    if (!list) {
      this.counts.droppedLocalOnly++;
      return;
    }
    const w = list.shift() as Waiting;
    if (list.length === 0) this.unresolved.delete(key);
    w.localTs = localTs;
    this.counts.pairedLocalOnly++;
    this.flush();
  }

  /** A row with neither EXCH_EVENT nor LOCAL_EVENT. */
  skip(): void {
    this.counts.skippedNoFlag++;
  }

  /** Ends the input: every exchange-only row must have found its local time. */
  finish(): void {
    const first = this.queue.find((w) => w.localTs === null);
    if (first) {
      throw new DataError(
        first.file,
        first.row,
        "local_ts",
        "exchange-only row with no valid local timestamp and no later local-only copy of the same event to take it from",
      );
    }
    this.flush();
    this.builder.checkCrossed();
    if (this.builder.pending() > 0) this.ready.push(this.builder.take());
  }

  private flush(): void {
    let n = 0;
    while (n < this.queue.length && this.queue[n].localTs !== null) {
      const w = this.queue[n++];
      this.emit(w.file, w.row, w.exchTs, w.localTs as bigint, w.kind, w.side, w.price, w.qty, w.orderId);
    }
    if (n > 0) this.queue.splice(0, n);
  }

  private checkOrder(file: string, row: number, exchTs: bigint): void {
    const last = this.lastExchTs;
    if (last !== null && exchTs < last) {
      throw new DataError(
        file,
        row,
        "exch_ts",
        `exchange timestamps out of order: ${exchTs} < ${last} (${this.lastFile} row ${this.lastRow}); ` +
          "hftbacktest's correct_event_order puts exchange events in exch_ts order",
      );
    }
    this.lastExchTs = exchTs;
    this.lastFile = file;
    this.lastRow = row;
  }

  private emitted: bigint | null = null;

  /** The input row being emitted (file, 0-based row), for the builder's grid errors. */
  readonly where: RowRef = { file: "", row: undefined };

  private emit(file: string, row: number, exchTs: bigint, localTs: bigint, kind: number, side: number, price: number, qty: number, orderId: bigint): void {
    const b = this.builder;
    this.where.file = file;
    this.where.row = row;
    if (this.emitted !== null && exchTs !== this.emitted) b.checkCrossed();
    this.emitted = exchTs;
    b.push(exchTs, localTs, kind, side, price, qty, orderId);
    if (b.full()) this.ready.push(b.take());
  }
}

function twinKey(kind: number, side: number, price: number, qty: number, orderId: bigint): string {
  return `${kind}|${side}|${price}|${qty}|${orderId}`;
}
