/**
 * A minimal, unbounded price-level book that only answers "best bid / best ask" (in ticks), for
 * checking a reconstruction against bookTicker. Unlike the windowed L2Book it keeps every level,
 * however far from the market (Binance diffs do touch levels thousands of dollars away), so a
 * far level can never disturb the top. Deleting the best level rescans its side: O(levels), rare.
 */
export class TopOfBook {
  private readonly bids = new Map<number, number>();
  private readonly asks = new Map<number, number>();
  /** Best prices in ticks; NaN when the side is empty. */
  bestBidTicks = NaN;
  bestAskTicks = NaN;

  /** Sets one level's absolute size (0 deletes it). `side`: +1 bid, −1 ask. */
  update(side: number, priceTicks: number, qty: number): void {
    if (side > 0) {
      if (qty > 0) {
        this.bids.set(priceTicks, qty);
        if (!(priceTicks <= this.bestBidTicks)) this.bestBidTicks = priceTicks;
      } else if (this.bids.delete(priceTicks) && priceTicks === this.bestBidTicks) {
        this.bestBidTicks = extreme(this.bids, 1);
      }
    } else if (qty > 0) {
      this.asks.set(priceTicks, qty);
      if (!(priceTicks >= this.bestAskTicks)) this.bestAskTicks = priceTicks;
    } else if (this.asks.delete(priceTicks) && priceTicks === this.bestAskTicks) {
      this.bestAskTicks = extreme(this.asks, -1);
    }
  }

  /** Empties one side (+1 or −1). */
  clear(side: number): void {
    if (side > 0) {
      this.bids.clear();
      this.bestBidTicks = NaN;
    } else {
      this.asks.clear();
      this.bestAskTicks = NaN;
    }
  }

  /** True when both sides have levels and the best bid is at or above the best ask. */
  crossed(): boolean {
    return this.bestBidTicks >= this.bestAskTicks;
  }
}

/** Highest (sign +1) or lowest (sign −1) key, NaN when empty. */
function extreme(levels: Map<number, number>, sign: number): number {
  let best = NaN;
  for (const p of levels.keys()) if (!(p * sign <= best * sign)) best = p;
  return best;
}
