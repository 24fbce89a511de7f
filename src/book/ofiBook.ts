import { Side } from "../core/side.ts";
import { EventKind } from "../core/eventKind.ts";
import { L2Book, NO_ASK, NO_BID } from "./l2book.ts";
import type { MarketView } from "./marketView.ts";
import { ofiContribution } from "./ofi.ts";

/**
 * An L2 book that knows the order-flow imbalance (OFI, book/ofi.ts) of each of its changes: every
 * event that moves the top of the book (a level at or through the best of its side, a cleared
 * side) has the contribution ofiContribution(top before, top after); an event behind the best
 * leaves the top, so the OFI, unchanged (contribution 0). As a MarketView it sums them until taken:
 * the strategy's own view of a market it is fed event by event.
 *
 * An update on one side leaves the other side's best price and size as they were, so the other
 * side's terms of the OFI are those of the last observation: only the changed side is read from
 * the book. (When an update moves the book's window, it is to a level within half a window of the
 * other side's best, which the moved window still holds.) The contributions are bit for bit those
 * of observing the whole top after every event, provided the book changes only through
 * applyEvent() (an update() from outside would change a top without the OFI seeing it).
 */
export class OfiBook extends L2Book implements MarketView {
  protected prevBidTicks = 0;
  protected prevBidQty = 0;
  protected prevAskTicks = 0;
  protected prevAskQty = 0;
  protected started = false;
  private sum = 0;
  /** MarketView.lastBookNs: the book has no clock, so its feeder (the engine) sets it. */
  lastBookNs = NaN;

  /** Applies one event of the market data and adds its OFI to the sum (see applyEvent). */
  apply(kind: number, side: number, priceTicks: number, qty: number): void {
    this.sum += this.applyEvent(kind, side, priceTicks, qty);
  }

  /** Applies one event (depth, snapshot and clear change the book; other kinds nothing); returns its OFI contribution. */
  applyEvent(kind: number, side: number, priceTicks: number, qty: number): number {
    if (kind === EventKind.DEPTH || kind === EventKind.SNAPSHOT) {
      if (side === Side.BID) {
        const bestBefore = this.bestBidTicks;
        this.update(side, priceTicks, qty);
        // A level behind the best (before, so also after) leaves the top of the book.
        return priceTicks >= bestBefore ? this.bidChanged() : 0;
      }
      const bestBefore = this.bestAskTicks;
      this.update(side, priceTicks, qty);
      return priceTicks <= bestBefore ? this.askChanged() : 0;
    }
    if (kind === EventKind.DEPTH_CLEAR) {
      this.clear(side);
      return this.observe();
    }
    return 0;
  }

  /** Returns the OFI summed since the last call and starts a new sum. */
  takeOfi(): number {
    const s = this.sum;
    this.sum = 0;
    return s;
  }

  /** After a change of the bids: the OFI contribution, the asks' terms those of the unchanged ask top (ofiContribution with a = a′, qa = qa′). */
  protected bidChanged(): number {
    const bidTicks = this.bestBidTicks;
    return this.bidTopChanged(bidTicks, bidTicks === NO_BID ? 0 : this.bidQty[bidTicks - this.baseTicks]);
  }

  /** bidChanged() with the new best bid and its size known. */
  protected bidTopChanged(bidTicks: number, bidQty: number): number {
    if (!this.started) return this.observe();
    const askTicks = this.prevAskTicks;
    const askQty = this.prevAskQty;
    const e = ofiContribution(this.prevBidTicks, this.prevBidQty, askTicks, askQty, bidTicks, bidQty, askTicks, askQty);
    this.prevBidTicks = bidTicks;
    this.prevBidQty = bidQty;
    return e;
  }

  /** After a change of the asks: the OFI contribution, the bids' terms those of the unchanged bid top. */
  protected askChanged(): number {
    const askTicks = this.bestAskTicks;
    return this.askTopChanged(askTicks, askTicks === NO_ASK ? 0 : this.askQty[askTicks - this.baseTicks]);
  }

  /** askChanged() with the new best ask and its size known. */
  protected askTopChanged(askTicks: number, askQty: number): number {
    if (!this.started) return this.observe();
    const bidTicks = this.prevBidTicks;
    const bidQty = this.prevBidQty;
    const e = ofiContribution(bidTicks, bidQty, this.prevAskTicks, this.prevAskQty, bidTicks, bidQty, askTicks, askQty);
    this.prevAskTicks = askTicks;
    this.prevAskQty = askQty;
    return e;
  }

  /** Observes the whole top of the book; returns the OFI contribution (0 for the first observation). */
  private observe(): number {
    const bidTicks = this.bestBidTicks;
    const askTicks = this.bestAskTicks;
    const bidQty = this.bestBidQty();
    const askQty = this.bestAskQty();
    const e = this.started ? ofiContribution(this.prevBidTicks, this.prevBidQty, this.prevAskTicks, this.prevAskQty, bidTicks, bidQty, askTicks, askQty) : 0;
    this.started = true;
    this.prevBidTicks = bidTicks;
    this.prevBidQty = bidQty;
    this.prevAskTicks = askTicks;
    this.prevAskQty = askQty;
    return e;
  }
}
