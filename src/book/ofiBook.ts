import { Side } from "../core/side.ts";
import { EventKind } from "../data/schema.ts";
import { L2Book, NO_ASK, NO_BID } from "./l2book.ts";
import { ofiContribution } from "./ofi.ts";

/**
 * The strategy's view of the market: an L2 book that sums the order-flow imbalance (OFI,
 * book/ofi.ts) of its changes until taken. Every event that moves the top of the book (a level at or
 * through the best of its side, a cleared side) adds ofiContribution(top before, top after); an
 * event behind the best leaves the top, so the OFI, unchanged, and is not observed.
 *
 * An update on one side leaves the other side's best price and size as they were, so the other
 * side's terms of the OFI are those of the last observation: only the changed side is read from
 * the book. (When an update moves the book's window, it is to a level within half a window of the
 * other side's best, which the moved window still holds.) The sums are bit for bit those of
 * observing the whole top after every event, provided the book changes only through apply() and
 * applyRows() (an update() from outside would change a top without the OFI seeing it).
 */
export class OfiBook extends L2Book {
  private prevBidTicks = 0;
  private prevBidQty = 0;
  private prevAskTicks = 0;
  private prevAskQty = 0;
  private started = false;
  private sum = 0;

  /** The book (an OfiBook is one). */
  get book(): L2Book {
    return this;
  }

  /** Applies one event of the strategy's market data (depth, snapshot and clear change the book; other kinds nothing). */
  apply(kind: number, side: number, priceTicks: number, qty: number): void {
    if (kind === EventKind.DEPTH || kind === EventKind.SNAPSHOT) {
      if (side === Side.BID) {
        const bestBefore = this.bestBidTicks;
        this.update(side, priceTicks, qty);
        // A level behind the best (before, so also after) leaves the top of the book.
        if (priceTicks >= bestBefore) this.observeBid();
      } else {
        const bestBefore = this.bestAskTicks;
        this.update(side, priceTicks, qty);
        if (priceTicks <= bestBefore) this.observeAsk();
      }
    } else if (kind === EventKind.DEPTH_CLEAR) {
      this.clear(side);
      this.observe();
    }
  }

  /**
   * apply() for rows [from, to) of event columns (a simulator's batch), with the book's update
   * written out for levels inside its window. Between rows the best prices are always settled
   * (an update behind the best leaves it; one at or through it is observed, which settles it), so
   * `bidTop` and `askTop` are the best prices here.
   */
  applyRows(kinds: Uint8Array, sides: Int8Array, prices: Int32Array, qtys: Float64Array, from: number, to: number): void {
    const bidQty = this.bidQty;
    const askQty = this.askQty;
    void this.bestBidTicks; // settles both sides, should an update from outside have left them stale
    void this.bestAskTicks;
    for (let i = from; i < to; i++) {
      const kind = kinds[i];
      if (kind !== EventKind.DEPTH && kind !== EventKind.SNAPSHOT) {
        if (kind === EventKind.DEPTH_CLEAR) this.apply(kind, sides[i], 0, 0);
        continue;
      }
      const side = sides[i];
      const priceTicks = prices[i];
      const qty = qtys[i];
      const at = priceTicks - this.baseTicks;
      if (!(at >= 0 && at < this.limit)) {
        this.apply(kind, side, priceTicks, qty); // outside the window: the general path
        continue;
      }
      // A size at or through the best makes that level the new best (no read of the book); a
      // deletion there may empty the best (observeBid/observeAsk settle it).
      if (side === Side.BID) {
        const best = this.bidTop;
        bidQty[at] = qty;
        if (qty > 0) {
          if (at < this.bidFloor) this.bidFloor = at;
          if (priceTicks >= best) {
            this.bidTop = priceTicks;
            this.observeBidTop(priceTicks, qty);
          }
        } else if (priceTicks >= best) this.observeBid();
      } else {
        const best = this.askTop;
        askQty[at] = qty;
        if (qty > 0) {
          if (at > this.askCeiling) this.askCeiling = at;
          if (priceTicks <= best) {
            this.askTop = priceTicks;
            this.observeAskTop(priceTicks, qty);
          }
        } else if (priceTicks <= best) this.observeAsk();
      }
    }
  }

  /** Returns the OFI summed since the last call and starts a new sum. */
  takeOfi(): number {
    const s = this.sum;
    this.sum = 0;
    return s;
  }

  /** After a change of the bids: the asks' terms are those of the unchanged ask top (ofiContribution with a = a′, qa = qa′). */
  private observeBid(): void {
    const bidTicks = this.bestBidTicks;
    this.observeBidTop(bidTicks, bidTicks === NO_BID ? 0 : this.bidQty[bidTicks - this.baseTicks]);
  }

  /** observeBid() with the new best bid and its size known. */
  private observeBidTop(bidTicks: number, bidQty: number): void {
    if (!this.started) {
      this.observe();
      return;
    }
    const askQty = this.prevAskQty;
    let e = 0;
    if (bidTicks >= this.prevBidTicks) e += bidQty;
    if (bidTicks <= this.prevBidTicks) e -= this.prevBidQty;
    e -= askQty;
    e += askQty;
    this.sum += e;
    this.prevBidTicks = bidTicks;
    this.prevBidQty = bidQty;
  }

  /** After a change of the asks: the bids' terms are those of the unchanged bid top. */
  private observeAsk(): void {
    const askTicks = this.bestAskTicks;
    this.observeAskTop(askTicks, askTicks === NO_ASK ? 0 : this.askQty[askTicks - this.baseTicks]);
  }

  /** observeAsk() with the new best ask and its size known. */
  private observeAskTop(askTicks: number, askQty: number): void {
    if (!this.started) {
      this.observe();
      return;
    }
    const bidQty = this.prevBidQty;
    let e = 0;
    e += bidQty;
    e -= bidQty;
    if (askTicks <= this.prevAskTicks) e -= askQty;
    if (askTicks >= this.prevAskTicks) e += this.prevAskQty;
    this.sum += e;
    this.prevAskTicks = askTicks;
    this.prevAskQty = askQty;
  }

  /** Observes the whole top of the book. */
  private observe(): void {
    const bidTicks = this.bestBidTicks;
    const askTicks = this.bestAskTicks;
    const bidQty = this.bestBidQty();
    const askQty = this.bestAskQty();
    if (this.started) {
      this.sum += ofiContribution(this.prevBidTicks, this.prevBidQty, this.prevAskTicks, this.prevAskQty, bidTicks, bidQty, askTicks, askQty);
    }
    this.started = true;
    this.prevBidTicks = bidTicks;
    this.prevBidQty = bidQty;
    this.prevAskTicks = askTicks;
    this.prevAskQty = askQty;
  }
}
