import type { EventBatchPool } from "../../data/batch.ts";
import { EventKind, type EventBatch } from "../../data/schema.ts";
import { BatchWriter } from "./batchWriter.ts";
import { LevelBook } from "../../book/levelBook.ts";
import { emitTransition, shiftedLevels } from "./transition.ts";
import type { EventTransform } from "./transformData.ts";

/** A price path: the wanted shift (ticks) at exchange time `tNs`, given the source book as it stands; NaN keeps the current one. */
export type ShiftPath = (tNs: number, source: LevelBook) => number;

/**
 * Adds a time-varying price shift s(t) (whole ticks) to every event's price, so the whole book
 * moves together and keeps its shape (spread, depth, level spacing):
 *
 *   out price = source price + s(t)      for depth, snapshot, trade and order-level events
 *
 * s is re-read from `path` every `updateNs` of exchange time, before the first event of a new
 * timestamp (never between the events of one timestamp, e.g. a sweep's trades and depth
 * updates). When it changes, the book as the strategy and the exchange hold it (source book +
 * old s) is moved to (source book + new s) by depth updates at that timestamp, in an order that
 * never empties or crosses the book (transition.ts); so the output is uncrossed whenever the
 * source is. s is clamped so the best bid stays ≥ 1 tick; deeper levels that would land at or
 * below 0 are left out. Depth clears pass unchanged. Order-level (L3) events are shifted too,
 * but queue positions of an order-level model are not re-based: stress L2 data.
 */
export function shiftTransform(path: ShiftPath, updateNs: number): EventTransform {
  return async function* (source: AsyncIterable<EventBatch>, pool?: EventBatchPool) {
    const book = new LevelBook();
    let shift = 0;
    let nextUpdateNs = -Infinity;
    let lastNs = -Infinity;
    for await (const b of source) {
      const out = new BatchWriter(Math.max(1024, b.length + (b.length >> 3)), pool);
      for (let i = 0; i < b.length; i++) {
        const t = b.exchTsNs[i];
        if (t >= nextUpdateNs && t > lastNs) {
          nextUpdateNs = t + updateNs;
          const raw = path(t, book);
          const wanted = Number.isFinite(raw) ? clampShift(Math.round(raw), book) : shift;
          if (wanted !== shift) {
            // the source book shifted two ways, as views (no copies), each side's prices sorted once
            const bids = [...book.bids.keys()].sort((x, y) => y - x);
            const asks = [...book.asks.keys()].sort((x, y) => x - y);
            const from = { bids: shiftedLevels(book.bids, shift, bids), asks: shiftedLevels(book.asks, shift, asks) };
            const to = { bids: shiftedLevels(book.bids, wanted, bids), asks: shiftedLevels(book.asks, wanted, asks) };
            emitTransition(out, t, b.localTsNs[i], from, to, wanted - shift);
            shift = wanted;
          }
        }
        lastNs = t;
        const kind = b.kind[i];
        const price = b.priceTicks[i];
        book.apply(kind, b.side[i], price, b.qty[i]);
        if (kind === EventKind.DEPTH_CLEAR) out.pushFrom(b, i, price, b.qty[i]);
        else if (price + shift > 0) out.pushFrom(b, i, price + shift, b.qty[i]);
        else if (kind === EventKind.TRADE) out.pushFrom(b, i, 1, b.qty[i]);
        // a depth event of a level shifted to ≤ 0 is left out (the level is not in the output book)
      }
      if (out.length > 0) yield out.take();
    }
  };
}

/** The shift, raised if needed so that the best bid stays at 1 tick or above. */
function clampShift(shift: number, book: LevelBook): number {
  const bestBid = book.bestBid();
  return Number.isNaN(bestBid) || bestBid + shift >= 1 ? shift : 1 - bestBid;
}
