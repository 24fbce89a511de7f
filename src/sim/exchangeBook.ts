import { NO_ASK, NO_BID } from "../book/l2book.ts";
import { ofiContribution } from "../book/ofi.ts";
import { OfiBook } from "../book/ofiBook.ts";
import { Side } from "../core/side.ts";
import { EventKind, type EventBatch } from "../data/schema.ts";
import type { BookTrace } from "./bookTrace.ts";

/**
 * The exchange side's L2 book. It applies the market data once for both sides of the simulator:
 * for each row that may move the top of the book it records in a BookTrace what the strategy's
 * book would show after it (best prices, OFI contribution), and it applies the rows that cannot
 * concern our orders in one tight loop.
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
   * of ours on its side and not at or through our best order on the other side nor the book's
   * best on the other side (a level there may cross the book), or a trade that reaches none of
   * our orders. It stops at any other row (near ours, a clear, an order-level or
   * session row, a level outside the book's window): the caller applies it (applyEvent, then
   * traceRow). Each test is one comparison that runs from the first row on, so the compiler has
   * seen them all before it optimises the loop (one it has not seen would send it back).
   */
  replayAway(b: EventBatch, trace: BookTrace, from: number, end: number, bidLow: number, bidSpan: number, askLow: number, askSpan: number, bidHigh: number): number {
    // The first observation of the top has no contribution (OfiBook.observe): the general path takes it.
    if (!this.started) return from;
    const kinds = b.kind, sides = b.side, prices = b.priceTicks, qtys = b.qty;
    const bidQty = this.bidQty, askQty = this.askQty;
    const traceRows = trace.rows, traceBid = trace.bidTicks, traceAsk = trace.askTicks, traceOfi = trace.ofi;
    let count = trace.count;
    const baseTicks = this.baseTicks, limit = this.limit;
    const snapshotsAway = this.snapshotsAway;
    // The book's state in locals for the loop (written back at its end, and around the rare read
    // of a new best after a deletion). Between rows the best prices are settled (an update behind
    // the best leaves it; one at or through it is observed, which settles it); the getters settle
    // them should anything have left them stale.
    let bidTop = this.bestBidTicks;
    let askTop = this.bestAskTicks;
    let bidFloor = this.bidFloor;
    let askCeiling = this.askCeiling;
    let prevBidTicks = this.prevBidTicks;
    let prevBidQty = this.prevBidQty;
    let prevAskTicks = this.prevAskTicks;
    let prevAskQty = this.prevAskQty;
    let i = from;
    for (; i < end; i++) {
      const kind = kinds[i];
      const side = sides[i];
      const priceTicks = prices[i];
      if (kind === EventKind.DEPTH || (kind === EventKind.SNAPSHOT && snapshotsAway)) {
        const qty = qtys[i];
        const at = priceTicks - baseTicks;
        // The OFI contribution, as OfiBook.bidTopChanged / askTopChanged compute it: the one
        // kernel, ofiContribution, with the other side's top unchanged (bit for bit, as
        // test/sim/exchangeBook.test.ts checks; the compiler inlines it into this loop).
        let e: number;
        if (side === Side.BID) {
          // Within our bids (as unsigned, below bidLow is far above the span), at or through our
          // asks, or at or through the best ask (it may cross the book: the caller judges that).
          if ((priceTicks - bidLow) >>> 0 <= bidSpan || priceTicks >= askLow || priceTicks >= askTop || !(at >= 0 && at < limit)) break;
          bidQty[at] = qty;
          if (at < bidFloor && qty > 0) bidFloor = at;
          // Behind the best: the top, so the trace, is unchanged.
          if (priceTicks < bidTop) continue;
          let topQty = qty;
          // At or through the best with a size: that level is the new best (no read of the book).
          if (qty > 0) bidTop = priceTicks;
          else {
            // The best may be gone: settled by the book.
            this.bidTop = bidTop;
            this.bidFloor = bidFloor;
            bidTop = this.bestBidTicks;
            bidFloor = this.bidFloor;
            topQty = bidTop === NO_BID ? 0 : bidQty[bidTop - baseTicks];
          }
          e = ofiContribution(prevBidTicks, prevBidQty, prevAskTicks, prevAskQty, bidTop, topQty, prevAskTicks, prevAskQty);
          prevBidTicks = bidTop;
          prevBidQty = topQty;
        } else {
          if ((priceTicks - askLow) >>> 0 <= askSpan || priceTicks <= bidHigh || priceTicks <= bidTop || !(at >= 0 && at < limit)) break;
          askQty[at] = qty;
          if (at > askCeiling && qty > 0) askCeiling = at;
          if (priceTicks > askTop) continue;
          let topQty = qty;
          if (qty > 0) askTop = priceTicks;
          else {
            this.askTop = askTop;
            this.askCeiling = askCeiling;
            askTop = this.bestAskTicks;
            askCeiling = this.askCeiling;
            topQty = askTop === NO_ASK ? 0 : askQty[askTop - baseTicks];
          }
          e = ofiContribution(prevBidTicks, prevBidQty, prevAskTicks, prevAskQty, prevBidTicks, prevBidQty, askTop, topQty);
          prevAskTicks = askTop;
          prevAskQty = topQty;
        }
        traceRows[count] = i;
        traceOfi[count] = e;
        traceBid[count] = bidTop;
        traceAsk[count] = askTop;
        count++;
      } else if (kind === EventKind.TRADE) {
        // A buy aggressor lifts asks priced at or below the trade, a sell hits bids at or above it; no aggressor fills nothing.
        if (side === Side.BID ? priceTicks >= askLow : side === Side.ASK && priceTicks <= bidHigh) break;
      } else break;
    }
    this.bidTop = bidTop;
    this.askTop = askTop;
    this.bidFloor = bidFloor;
    this.askCeiling = askCeiling;
    this.prevBidTicks = prevBidTicks;
    this.prevBidQty = prevBidQty;
    this.prevAskTicks = prevAskTicks;
    this.prevAskQty = prevAskQty;
    trace.count = count;
    return i;
  }

  /** Records row `i`, with OFI contribution `e`, in the trace, the book as it is now. */
  traceRow(trace: BookTrace, i: number, e: number): void {
    trace.push(i, e, this.bestBidTicks, this.bestAskTicks);
  }
}
