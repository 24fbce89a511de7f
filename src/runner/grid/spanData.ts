import { allocEventBatch } from "../../data/batch.ts";
import { EventKind, type EventBatch } from "../../data/schema.ts";
import type { MarketData } from "../marketData.ts";

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
      const book = new LevelState();
      let started = false;
      for await (const b of data.batches()) {
        let from = 0;
        if (!started) {
          while (from < b.length && b.exchTsNs[from] < startNs) book.apply(b.kind[from], b.side[from], b.priceTicks[from], b.qty[from++]);
          if (from === b.length) continue;
          started = true;
          const snapshot = book.snapshot();
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

/** The L2 book's levels (price in ticks → size) as the skipped depth events leave them. */
class LevelState {
  private readonly bids = new Map<number, number>();
  private readonly asks = new Map<number, number>();

  apply(kind: number, side: number, priceTicks: number, qty: number): void {
    if (kind === EventKind.DEPTH || kind === EventKind.SNAPSHOT) {
      const levels = side > 0 ? this.bids : this.asks;
      if (qty > 0) levels.set(priceTicks, qty);
      else levels.delete(priceTicks);
    } else if (kind === EventKind.DEPTH_CLEAR) {
      if (side >= 0) this.bids.clear();
      if (side <= 0) this.asks.clear();
    }
  }

  /** Every level as snapshot rows at time 0: bids from the best down, then asks from the best up. */
  snapshot(): EventBatch {
    const bids = [...this.bids.keys()].sort((a, b) => b - a);
    const asks = [...this.asks.keys()].sort((a, b) => a - b);
    const out = allocEventBatch(bids.length + asks.length);
    out.length = bids.length + asks.length;
    let i = 0;
    for (const [side, prices, levels] of [[1, bids, this.bids], [-1, asks, this.asks]] as const) {
      for (const price of prices) {
        out.kind[i] = EventKind.SNAPSHOT;
        out.side[i] = side;
        out.priceTicks[i] = price;
        out.qty[i] = levels.get(price)!;
        i++;
      }
    }
    return out;
  }
}
