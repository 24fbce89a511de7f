/**
 * Streaming version of hftbacktest's `correct_event_order` (py-hftbacktest/hftbacktest/data/
 * validation.py) for events that arrive in exch_ts order: hftbacktest reads EXCH_EVENT rows in file
 * order at exch_ts and LOCAL_EVENT rows in file order at local_ts, so a row whose local order
 * differs from its exchange order is written twice — an exchange-only copy where it falls in
 * exch_ts order and a local-only copy where it falls in local_ts order (both copies keep both
 * timestamps, as hftbacktest does). Rows whose two orders agree are written once with both flags.
 *
 * Local order is decided with a window: an event's local slot is final once an event with
 * exch_ts ≥ its local_ts has been read, which holds when every local_ts ≥ its exch_ts (hftbacktest
 * asks for that too: see its `correct_local_timestamp`). Memory holds only the events inside one
 * feed-latency window. An event whose local_ts falls before a local event already written is an
 * MmlabError naming the row.
 */
import { MmlabError } from "../../core/errors.ts";
import type { EventColumns } from "../schema.ts";

/** One event waiting for its exchange and/or local record. */
export interface OrderedEvent {
  /** 0-based index of the event in the input. */
  seq: number;
  exchTs: bigint;
  localTs: bigint;
  kind: number;
  side: number;
  price: number;
  qty: number;
  orderId: bigint;
}

/** Which side(s) a written record is valid for. */
export const PART_EXCH = 1;
export const PART_LOCAL = 2;
export const PART_BOTH = 3;

/** Receives each record to write: the event and PART_EXCH, PART_LOCAL or PART_BOTH. */
export type RecordSink = (event: OrderedEvent, part: number) => void;

/** Splits events into hftbacktest records in a valid exchange and local order. */
export class EventOrderer {
  private readonly exchQueue: OrderedEvent[] = [];
  private exchHead = 0;
  private readonly localHeap = new LocalHeap();
  private seq = 0;
  private lastExchTs: bigint | null = null;
  private lastLocalTs: bigint | null = null;
  /** Events written twice (exchange-only plus local-only). */
  split = 0;

  constructor(private readonly sink: RecordSink) {}

  /** Adds a batch of events (in exch_ts order); writes every record that is final. */
  push(c: EventColumns): void {
    for (let i = 0; i < c.length; i++) {
      const e: OrderedEvent = {
        seq: this.seq++,
        exchTs: c.exchTs[i],
        localTs: c.localTs[i],
        kind: c.kind[i],
        side: c.side[i],
        price: c.price[i],
        qty: c.qty[i],
        orderId: c.orderId[i],
      };
      this.read(e);
      this.drain(false);
    }
  }

  /** Writes everything still waiting. */
  finish(): void {
    this.drain(true);
  }

  private read(e: OrderedEvent): void {
    if (this.lastExchTs !== null && e.exchTs < this.lastExchTs) {
      throw new MmlabError(`event ${e.seq}: exch_ts ${e.exchTs} < previous ${this.lastExchTs}: events must be in exch_ts order`);
    }
    if (this.lastLocalTs !== null && e.localTs < this.lastLocalTs) {
      throw new MmlabError(
        `event ${e.seq}: local_ts ${e.localTs} is earlier than a local event already written (${this.lastLocalTs}); ` +
          "hftbacktest needs local_ts ≥ exch_ts here (negative feed latency: shift local_ts as hftbacktest's correct_local_timestamp does)",
      );
    }
    this.lastExchTs = e.exchTs;
    this.exchQueue.push(e);
    this.localHeap.push(e);
  }

  private drain(eof: boolean): void {
    const heap = this.localHeap;
    for (;;) {
      const e = this.exchHead < this.exchQueue.length ? this.exchQueue[this.exchHead] : undefined;
      const l = heap.peek();
      if (!e && !l) break;
      if (!eof) {
        if (!e) break; // the next exchange event is still unknown
        if (l && this.lastExchTs !== null && l.localTs > this.lastExchTs) break; // an unread event may come first locally
      }
      if (e && e === l) {
        this.sink(e, PART_BOTH);
        this.takeExch();
        this.takeLocal();
      } else if (e && (!l || e.exchTs < l.exchTs || (e.exchTs === l.exchTs && e.localTs < l.localTs))) {
        // same rule as correct_event_order: the exchange copy goes first
        this.sink(e, PART_EXCH);
        this.split++;
        this.takeExch();
      } else {
        this.sink(l as OrderedEvent, PART_LOCAL);
        this.takeLocal();
      }
    }
  }

  private takeExch(): void {
    this.exchHead++;
    if (this.exchHead > 4096 && this.exchHead * 2 > this.exchQueue.length) {
      this.exchQueue.splice(0, this.exchHead);
      this.exchHead = 0;
    }
  }

  private takeLocal(): void {
    this.lastLocalTs = (this.localHeap.pop() as OrderedEvent).localTs;
  }
}

/** A binary min-heap by (localTs, seq): the local processing order. */
class LocalHeap {
  private readonly items: OrderedEvent[] = [];

  peek(): OrderedEvent | undefined {
    return this.items[0];
  }

  push(e: OrderedEvent): void {
    const a = this.items;
    a.push(e);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(a[i], a[parent])) break;
      [a[i], a[parent]] = [a[parent], a[i]];
      i = parent;
    }
  }

  pop(): OrderedEvent | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last !== undefined) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && before(a[l], a[m])) m = l;
        if (r < a.length && before(a[r], a[m])) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m], a[i]];
        i = m;
      }
    }
    return top;
  }
}

function before(x: OrderedEvent, y: OrderedEvent): boolean {
  return x.localTs < y.localTs || (x.localTs === y.localTs && x.seq < y.seq);
}
