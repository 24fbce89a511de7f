import { NO_ASK, NO_BID } from "./l2book.ts";
import type { MarketView } from "./marketView.ts";

/**
 * A MarketView with no book of its own: whoever feeds it (the simulator, from the exchange side's
 * book) shows it the top of the book and adds the OFI contributions of the events it has seen.
 */
export class BookMirror implements MarketView {
  bestBidTicks = NO_BID;
  bestAskTicks = NO_ASK;
  /** OFI summed since the last takeOfi(); the feeder adds to it, contribution by contribution. */
  ofiSum = 0;
  /** Local time of the last book row the feeder has shown (MarketView.lastBookNs); NaN before the first. */
  lastBookNs = NaN;

  /** Shows the top of the book as of the last event seen. */
  show(bestBidTicks: number, bestAskTicks: number): void {
    this.bestBidTicks = bestBidTicks;
    this.bestAskTicks = bestAskTicks;
  }

  midTicks(): number {
    const bid = this.bestBidTicks;
    const ask = this.bestAskTicks;
    return bid !== NO_BID && ask !== NO_ASK ? (bid + ask) / 2 : NaN;
  }

  takeOfi(): number {
    const s = this.ofiSum;
    this.ofiSum = 0;
    return s;
  }

  apply(): void {
    throw new Error("BookMirror: this view of the market is shown by its feeder (a simulator), it takes no market events");
  }
}
