import { EventKind } from "../core/eventKind.ts";

/** One side's levels: price (ticks) → size. */
export type Levels = Map<number, number>;

/**
 * An L2 book replica for transforms of the event stream (stress scenarios, data spans): every level by price (so a caller can list
 * or re-emit the whole book), fed with engine-form events. Unlike book/l2book.ts it has no
 * window (no level is dropped) and enumerates its levels; best prices are found by a scan,
 * which the transforms do only now and then (a shift update, a re-snapshot).
 */
export class LevelBook {
  readonly bids: Levels = new Map();
  readonly asks: Levels = new Map();

  /** Applies a depth, snapshot or depth-clear event (other kinds change nothing). */
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

  /** Size at a price on one side (0 when there is no level). */
  qtyAt(side: number, priceTicks: number): number {
    return (side > 0 ? this.bids : this.asks).get(priceTicks) ?? 0;
  }

  /** Best bid in ticks, NaN when there is none. */
  bestBid(): number {
    let best = NaN;
    for (const p of this.bids.keys()) if (!(p <= best)) best = p;
    return best;
  }

  /** Best ask in ticks, NaN when there is none. */
  bestAsk(): number {
    let best = NaN;
    for (const p of this.asks.keys()) if (!(p >= best)) best = p;
    return best;
  }

  /** Mid in ticks, NaN unless both sides have a level. */
  mid(): number {
    return (this.bestBid() + this.bestAsk()) / 2;
  }

  /** The levels of one side as [price, size] pairs, best first. */
  sorted(side: number): [number, number][] {
    const levels = [...(side > 0 ? this.bids : this.asks)];
    return levels.sort(side > 0 ? (a, b) => b[0] - a[0] : (a, b) => a[0] - b[0]);
  }
}
