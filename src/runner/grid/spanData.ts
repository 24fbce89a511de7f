import { LevelBook } from "../../book/levelBook.ts";
import { allocEventBatch } from "../../data/batch.ts";
import { EventKind, type EventBatch } from "../../data/schema.ts";
import type { MarketData } from "../../data/sources/marketData.ts";

/**
 * The data from `startNs` (ns since the data origin) on, as if recording had started there: the
 * events before it are not replayed but fold into the order book, which opens the span as a
 * snapshot at time 0; times are rebased to the span start (the origin moves with them, so
 * wall-clock-aligned features still see the true time). The data hash is the whole dataset's.
 */
export function spanData(data: MarketData, startNs: number): MarketData {
  if (!(startNs > 0)) return data;
  return {
    meta: data.meta,
    originNs: data.originNs + BigInt(Math.round(startNs)),
    description: { ...data.description, spanStartNs: startNs },
    async *batches() {
      const book = new LevelBook();
      let started = false;
      for await (const b of data.batches()) {
        let from = 0;
        if (!started) {
          while (from < b.length && b.exchTsNs[from] < startNs) book.apply(b.kind[from], b.side[from], b.priceTicks[from], b.qty[from++]);
          if (from === b.length) continue;
          started = true;
          const snapshot = snapshotOf(book);
          if (snapshot.length > 0) yield snapshot;
        }
        yield rebase(b, from, startNs);
      }
    },
    hash: () => data.hash(),
  };
}

/** Rows [from, length) of a batch with times shifted back by `shiftNs` (a new batch: the simulator keeps the ones it reads). */
function rebase(b: EventBatch, from: number, shiftNs: number): EventBatch {
  const n = b.length - from;
  const out = allocEventBatch(n);
  out.length = n;
  for (let i = 0; i < n; i++) {
    out.exchTsNs[i] = b.exchTsNs[from + i] - shiftNs;
    out.localTsNs[i] = b.localTsNs[from + i] - shiftNs;
  }
  out.kind.set(b.kind.subarray(from, b.length));
  out.side.set(b.side.subarray(from, b.length));
  out.priceTicks.set(b.priceTicks.subarray(from, b.length));
  out.qty.set(b.qty.subarray(from, b.length));
  out.orderId.set(b.orderId.subarray(from, b.length));
  return out;
}

/** Every level of `book` as snapshot rows at time 0: bids from the best down, then asks from the best up. */
function snapshotOf(book: LevelBook): EventBatch {
  const bids = book.sorted(1);
  const asks = book.sorted(-1);
  const out = allocEventBatch(bids.length + asks.length);
  out.length = bids.length + asks.length;
  let i = 0;
  for (const [side, levels] of [[1, bids], [-1, asks]] as const) {
    for (const [price, qty] of levels) {
      out.kind[i] = EventKind.SNAPSHOT;
      out.side[i] = side;
      out.priceTicks[i] = price;
      out.qty[i] = qty;
      i++;
    }
  }
  return out;
}
