import { EventKind } from "../../schema.ts";
import type { EventSink, FieldParser } from "../csv.ts";

/** One price level of a top-of-book row. */
export interface Level {
  price: number;
  qty: number;
}

/**
 * Turns successive full top-N books (one per source row) into events so that replaying them gives
 * each row's book exactly: the first row becomes DEPTH_CLEAR (both sides) + SNAPSHOT levels; each
 * later row becomes DEPTH events for the levels that changed — deletes (qty 0) for levels that
 * left the top N first, then new or resized levels. A row equal to the previous one emits nothing.
 */
export class TopNDiff {
  private readonly books = new Map<number, Map<number, Level>>([
    [1, new Map()],
    [-1, new Map()],
  ]);
  private started = false;

  constructor(
    private readonly sink: EventSink,
    private readonly fields: FieldParser,
    private readonly tickSize: number,
  ) {}

  /** Applies one row's book (bids and asks in any order; prices on the tick grid). */
  apply(exchTs: bigint, localTs: bigint, bids: readonly Level[], asks: readonly Level[]): void {
    const sink = this.sink;
    const next = new Map<number, Map<number, Level>>([
      [1, this.index(bids, "bids")],
      [-1, this.index(asks, "asks")],
    ]);
    if (!this.started) {
      this.started = true;
      sink.emit(exchTs, localTs, EventKind.DEPTH_CLEAR, 1, 0, 0);
      sink.emit(exchTs, localTs, EventKind.DEPTH_CLEAR, -1, 0, 0);
      for (const [side, levels] of next) for (const l of levels.values()) sink.emit(exchTs, localTs, EventKind.SNAPSHOT, side, l.price, l.qty);
    } else {
      for (const [side, levels] of next) {
        for (const [ticks, l] of this.books.get(side)!) if (!levels.has(ticks)) sink.emit(exchTs, localTs, EventKind.DEPTH, side, l.price, 0);
      }
      for (const [side, levels] of next) {
        const before = this.books.get(side)!;
        for (const [ticks, l] of levels) if (before.get(ticks)?.qty !== l.qty) sink.emit(exchTs, localTs, EventKind.DEPTH, side, l.price, l.qty);
      }
    }
    this.books.set(1, next.get(1)!);
    this.books.set(-1, next.get(-1)!);
    sink.endMessage();
  }

  private index(levels: readonly Level[], field: string): Map<number, Level> {
    const out = new Map<number, Level>();
    for (const l of levels) {
      const ticks = Math.round(l.price / this.tickSize);
      if (out.has(ticks)) this.fields.fail(field, `price ${l.price} appears twice in one row`);
      out.set(ticks, l);
    }
    return out;
  }
}
