/**
 * What the strategy reads of the market at a step: the best prices and the order-flow imbalance
 * since its last step. Fed event by event into a book of its own (OfiBook), or shown by a
 * simulator from the exchange side's book (BookMirror).
 */
export interface MarketView {
  /** Best bid in ticks (NO_BID when there are no bids). */
  readonly bestBidTicks: number;
  /** Best ask in ticks (NO_ASK when there are no asks). */
  readonly bestAskTicks: number;
  /**
   * Local time (ns) of the last book update the view was shown (a depth, snapshot, clear or L3
   * row; trades don't count); NaN before the first. Set by whoever feeds the view: the engine
   * for its own book, the simulator for its mirror. The engine's feed-health rule reads it.
   */
  lastBookNs: number;
  /** Mid in ticks (x.5 when the spread is odd); NaN when a side is empty. */
  midTicks(): number;
  /** Returns the OFI summed since the last call and starts a new sum. */
  takeOfi(): number;
  /** Applies one event of the market data to the view's own book (a view fed from outside refuses). */
  apply(kind: number, side: number, priceTicks: number, qty: number): void;
}
