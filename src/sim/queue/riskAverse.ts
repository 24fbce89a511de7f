import type { QueueModel, QueuePosition } from "./queueModel.ts";

/**
 * Risk-averse queue: we join behind the whole level; the queue ahead advances only by trades at
 * our price, and is capped at the level's size when the level shrinks (cancels are assumed to
 * come from behind us unless that is impossible). Never optimistic about fills.
 */
export class RiskAverseQueue implements QueueModel {
  onPlaced(position: QueuePosition, levelQty: number): void {
    position.queueAhead = levelQty;
  }

  onTrade(position: QueuePosition, tradeQty: number): number {
    const ahead = position.queueAhead - tradeQty;
    if (ahead >= 0) {
      position.queueAhead = ahead;
      return 0;
    }
    position.queueAhead = 0;
    return -ahead;
  }

  onLevelChange(position: QueuePosition, _prevQty: number, newQty: number): void {
    if (newQty < position.queueAhead) position.queueAhead = newQty;
  }
}
