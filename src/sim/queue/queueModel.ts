/** Our resting order as the queue model sees it. */
export interface QueuePosition {
  /** Size ahead of our order at its price level, base units. */
  queueAhead: number;
  /**
   * Probabilistic models only: quantity traded at our price since the level's last change
   * (`onTrade` adds, `onLevelChange` subtracts it from the level's decrease and resets it), so a
   * trade followed by the depth update that shows it is not counted twice. Set by `onPlaced`.
   */
  tradedSinceUpdate?: number;
}

/**
 * Where our order stands in the queue of its price level (docs/fills-and-queues.md), and how much of a trade
 * at that price reaches it. Implementations keep per-order state only in `QueuePosition`.
 */
export interface QueueModel {
  /** Our order joins the back of a level holding `levelQty`. */
  onPlaced(position: QueuePosition, levelQty: number): void;
  /** A trade of `tradeQty` at our price; returns the quantity that reaches our order (≥ 0). */
  onTrade(position: QueuePosition, tradeQty: number): number;
  /**
   * The level's size changed from `prevQty` to `newQty` (a depth update). Trades at our price
   * reported by `onTrade` since the previous change may be part of this change.
   */
  onLevelChange(position: QueuePosition, prevQty: number, newQty: number): void;
}
