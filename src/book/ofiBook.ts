import { Side } from "../core/side.ts";
import { EventKind } from "../data/schema.ts";
import { L2Book } from "./l2book.ts";
import { ofiContribution } from "./ofi.ts";

/**
 * The strategy's view of the market: an L2 book and the order-flow imbalance (OFI, book/ofi.ts)
 * of its changes, summed until taken. Every event that moves the top of the book (a level at or
 * through the best of its side, a cleared side) adds ofiContribution(top before, top after); an
 * event behind the best leaves the top, so the OFI, unchanged, and is not observed.
 *
 * An update on one side leaves the other side's best price and size as they were, so the other
 * side's terms of the OFI are those of the last observation: only the changed side is read from
 * the book. (When an update moves the book's window, it is to a level within half a window of the
 * other side's best, which the moved window still holds.) The sums are bit for bit those of
 * observing the whole top after every event.
 */
export class OfiBook {
  readonly book: L2Book;
  private prevBidTicks = 0;
  private prevBidQty = 0;
  private prevAskTicks = 0;
  private prevAskQty = 0;
  private started = false;
  private sum = 0;

  constructor(capacityTicks?: number) {
    this.book = new L2Book(capacityTicks);
  }

  /** Applies one event of the strategy's market data (depth, snapshot and clear change the book; other kinds nothing). */
  apply(kind: number, side: number, priceTicks: number, qty: number): void {
    const book = this.book;
    if (kind === EventKind.DEPTH || kind === EventKind.SNAPSHOT) {
      if (side === Side.BID) {
        const bestBefore = book.bestBidTicks;
        book.update(side, priceTicks, qty);
        // A level behind the best (before, so also after) leaves the top of the book.
        if (priceTicks >= bestBefore) this.observeBid();
      } else {
        const bestBefore = book.bestAskTicks;
        book.update(side, priceTicks, qty);
        if (priceTicks <= bestBefore) this.observeAsk();
      }
    } else if (kind === EventKind.DEPTH_CLEAR) {
      book.clear(side);
      this.observe();
    }
  }

  /** apply() for rows [from, to) of event columns (a simulator's batch). */
  applyRows(kinds: Uint8Array, sides: Int8Array, prices: Int32Array, qtys: Float64Array, from: number, to: number): void {
    const book = this.book;
    for (let i = from; i < to; i++) {
      const kind = kinds[i];
      if (kind === EventKind.DEPTH || kind === EventKind.SNAPSHOT) {
        const side = sides[i];
        const priceTicks = prices[i];
        if (side === Side.BID) {
          const bestBefore = book.bestBidTicks;
          book.update(side, priceTicks, qtys[i]);
          if (priceTicks >= bestBefore) this.observeBid();
        } else {
          const bestBefore = book.bestAskTicks;
          book.update(side, priceTicks, qtys[i]);
          if (priceTicks <= bestBefore) this.observeAsk();
        }
      } else if (kind === EventKind.DEPTH_CLEAR) {
        book.clear(sides[i]);
        this.observe();
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
    const book = this.book;
    if (!this.started) {
      this.observe();
      return;
    }
    const bidTicks = book.bestBidTicks;
    const bidQty = book.bestBidQty();
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
    const book = this.book;
    if (!this.started) {
      this.observe();
      return;
    }
    const askTicks = book.bestAskTicks;
    const askQty = book.bestAskQty();
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
    const book = this.book;
    const bidTicks = book.bestBidTicks;
    const askTicks = book.bestAskTicks;
    const bidQty = book.bestBidQty();
    const askQty = book.bestAskQty();
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
