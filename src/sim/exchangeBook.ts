import { OfiBook } from "../book/ofiBook.ts";
import { Side } from "../core/side.ts";
import { EventKind, type EventBatch } from "../data/schema.ts";
import type { BookTrace } from "./bookTrace.ts";

/**
 * The exchange side's L2 book. It applies the market data once for both sides of the simulator:
 * after each row it records in a BookTrace what the strategy's book would show (best prices, OFI
 * contribution), and it applies the rows that cannot concern our orders in one tight loop.
 */
export class ExchangeBook extends OfiBook {
  /**
   * @param snapshotsAway whether snapshot rows away from our orders may run in the tight loop (not
   * when the exchange also keeps an order-level book, which takes a snapshot's orders).
   * @param capacityTicks the book's window (L2Book).
   */
  constructor(private readonly snapshotsAway: boolean, capacityTicks?: number) {
    super(capacityTicks);
  }

  /**
   * Applies rows [from, end) while they are away from our resting orders, tracing each that may
   * move the top of the book; returns the first row it did not apply. Our orders rest at bid
   * prices in [bidLow, bidLow + bidSpan] (the highest: bidHigh) and ask prices in [askLow,
   * askLow + askSpan]; an empty side has span −1 (and bidHigh = NO_BID, askLow = NO_ASK). A row is
   * away when it is a level (depth update, or snapshot if `snapshotsAway`) at a price of no order
   * of ours on its side and not at or through our best order on the other side, or a trade that
   * reaches none of our orders. It stops at any other row (near ours, a clear, an order-level or
   * session row, a level outside the book's window): the caller applies it (applyEvent, then
   * traceRow). Each test is one comparison that runs from the first row on, so the compiler has
   * seen them all before it optimises the loop (one it has not seen would send it back).
   */
  replayAway(b: EventBatch, trace: BookTrace, from: number, end: number, bidLow: number, bidSpan: number, askLow: number, askSpan: number, bidHigh: number): number {
    const kinds = b.kind, sides = b.side, prices = b.priceTicks, qtys = b.qty;
    const bidQty = this.bidQty, askQty = this.askQty;
    const traceRows = trace.rows, traceBid = trace.bidTicks, traceAsk = trace.askTicks, traceOfi = trace.ofi;
    let count = trace.count;
    const baseTicks = this.baseTicks, limit = this.limit;
    const snapshotsAway = this.snapshotsAway;
    // Between rows the best prices are settled (an update behind the best leaves it; one at or
    // through it is observed, which settles it); this settles them should anything have left them stale.
    void this.bestBidTicks;
    void this.bestAskTicks;
    let i = from;
    for (; i < end; i++) {
      const kind = kinds[i];
      const side = sides[i];
      const priceTicks = prices[i];
      if (kind === EventKind.DEPTH || (kind === EventKind.SNAPSHOT && snapshotsAway)) {
        const qty = qtys[i];
        const at = priceTicks - baseTicks;
        let e: number;
        if (side === Side.BID) {
          // Within our bids (as unsigned, below bidLow is far above the span), or at or through our asks.
          if ((priceTicks - bidLow) >>> 0 <= bidSpan || priceTicks >= askLow || !(at >= 0 && at < limit)) break;
          bidQty[at] = qty;
          if (at < this.bidFloor && qty > 0) this.bidFloor = at;
          // Behind the best: the top, so the trace, is unchanged.
          if (priceTicks < this.bidTop) continue;
          if (qty > 0) {
            // At or through the best: that level is the new best (no read of the book).
            this.bidTop = priceTicks;
            e = this.bidTopChanged(priceTicks, qty);
          } else e = this.bidChanged(); // the best may be gone: settled there
        } else {
          if ((priceTicks - askLow) >>> 0 <= askSpan || priceTicks <= bidHigh || !(at >= 0 && at < limit)) break;
          askQty[at] = qty;
          if (at > this.askCeiling && qty > 0) this.askCeiling = at;
          if (priceTicks > this.askTop) continue;
          if (qty > 0) {
            this.askTop = priceTicks;
            e = this.askTopChanged(priceTicks, qty);
          } else e = this.askChanged();
        }
        traceRows[count] = i;
        traceOfi[count] = e;
        traceBid[count] = this.bidTop;
        traceAsk[count] = this.askTop;
        count++;
      } else if (kind === EventKind.TRADE) {
        // A buy aggressor lifts asks priced at or below the trade, a sell hits bids at or above it; no aggressor fills nothing.
        if (side === Side.BID ? priceTicks >= askLow : side === Side.ASK && priceTicks <= bidHigh) break;
      } else break;
    }
    trace.count = count;
    return i;
  }

  /** Records row `i`, with OFI contribution `e`, in the trace, the book as it is now. */
  traceRow(trace: BookTrace, i: number, e: number): void {
    trace.push(i, e, this.bestBidTicks, this.bestAskTicks);
  }
}
