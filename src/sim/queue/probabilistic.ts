import { ConfigError } from "../../core/errors.ts";
import type { QueueModel, QueuePosition } from "./queueModel.ts";

/**
 * The probability that a decrease of the level NOT explained by trades happened BEHIND our order,
 * given the quantity ahead (`front`) and behind (`back`) of it. Result in [0, 1] (NaN allowed
 * only when front = back = 0, see {@link ProbQueue}).
 */
export interface QueueProbability {
  prob(front: number, back: number): number;
}

/**
 * Probabilistic queue position, after hftbacktest's `ProbQueueModel`
 * (nkaz001/hftbacktest, hftbacktest/src/backtest/models/queue.rs; the probability families are
 * its `PowerProbQueueFunc`, `PowerProbQueueFunc2`, `PowerProbQueueFunc3`, `LogProbQueueFunc`,
 * `LogProbQueueFunc2`; see also rigtorp.se/2013/06/08/estimating-order-queue-position.html).
 *
 *  - placed: we join behind the whole level, queueAhead = levelQty.
 *  - trade of q at our price: it consumes the queue ahead first (queueAhead −= q); what is left
 *    of it once the queue is gone reaches our order (returned). q is also added to
 *    `tradedSinceUpdate`.
 *  - level change prevQty → newQty: the exchange reports trades at our price BEFORE the depth
 *    update that shows the level shrinking by them, so the decrease not explained by trades is
 *        d = (prevQty − newQty) − tradedSinceUpdate,        then tradedSinceUpdate = 0.
 *    If d ≤ 0 (the level grew, or shrank no more than the trades explain), new quantity joined
 *    behind us: queueAhead = min(queueAhead, newQty) (unchanged unless the level is now smaller).
 *    If d > 0 (cancels), with
 *        front = queueAhead,   back = (prevQty − tradedSinceUpdate) − front   (both ≥ 0),
 *        p = prob(front, back)   — the probability the cancel is behind us —
 *    the share (1 − p)·d is taken from ahead of us and p·d from behind, whatever of p·d exceeds
 *    `back` also from ahead:
 *        queueAhead = front − (1 − p)·d + min(back − p·d, 0),   then clamped to [0, newQty].
 *
 * Differences from hftbacktest, all documented here: (1) hftbacktest lets the queue go negative to
 * mean "filled"; here the fill is returned by `onTrade` and queueAhead stays ≥ 0. (2) hftbacktest
 * takes back = prevQty − front, which still counts the traded quantity as standing behind us; here
 * the traded quantity is removed first (it has left the level by the time of the update); the two
 * agree when no trade preceded the update. (3) A non-finite p (front = back = 0) is taken as 1
 * (hftbacktest maps an infinite p to 1; there queueAhead is 0 anyway).
 *
 * Invariants (tested): 0 ≤ queueAhead ≤ level size after every level change; queueAhead never
 * increases; for the same events it is never above the risk-averse model's queueAhead, so this
 * model never fills later than the risk-averse one.
 */
export class ProbQueue implements QueueModel {
  constructor(readonly probability: QueueProbability) {}

  onPlaced(position: QueuePosition, levelQty: number): void {
    position.queueAhead = levelQty > 0 ? levelQty : 0;
    position.tradedSinceUpdate = 0;
  }

  onTrade(position: QueuePosition, tradeQty: number): number {
    position.tradedSinceUpdate = (position.tradedSinceUpdate ?? 0) + tradeQty;
    const ahead = position.queueAhead - tradeQty;
    if (ahead >= 0) {
      position.queueAhead = ahead;
      return 0;
    }
    position.queueAhead = 0;
    return -ahead;
  }

  onLevelChange(position: QueuePosition, prevQty: number, newQty: number): void {
    const traded = position.tradedSinceUpdate ?? 0;
    position.tradedSinceUpdate = 0;
    let ahead = position.queueAhead;
    const d = prevQty - newQty - traded;
    if (d > 0) {
      // The level just before the cancels: what the trades left of it.
      const level = prevQty - traded > 0 ? prevQty - traded : 0;
      const front = ahead < level ? ahead : level;
      const back = level - front;
      let p = this.probability.prob(front, back);
      if (!(p >= 0 && p <= 1)) p = 1;
      ahead = front - (1 - p) * d;
      const overflow = back - p * d;
      if (overflow < 0) ahead += overflow;
      if (ahead < 0) ahead = 0;
    }
    position.queueAhead = ahead < newQty ? ahead : newQty > 0 ? newQty : 0;
  }
}

function validExponent(n: number): number {
  if (!(n > 0) || !Number.isFinite(n)) throw new ConfigError("sim.queue.n", n, "must be > 0 (exponent n of f(x) = x^n)");
  return n;
}

/** hftbacktest `PowerProbQueueFunc`: f(x) = x^n, p = f(back) / (f(back) + f(front)). */
export class PowerProb implements QueueProbability {
  readonly n: number;
  constructor(n: number) {
    this.n = validExponent(n);
  }
  prob(front: number, back: number): number {
    const b = back ** this.n;
    return b / (b + front ** this.n);
  }
}

/** hftbacktest `PowerProbQueueFunc2`: f(x) = x^n, p = f(back) / f(back + front). */
export class Power2Prob implements QueueProbability {
  readonly n: number;
  constructor(n: number) {
    this.n = validExponent(n);
  }
  prob(front: number, back: number): number {
    return back ** this.n / (back + front) ** this.n;
  }
}

/** hftbacktest `PowerProbQueueFunc3`: f(x) = x^n, p = 1 − f(front / (front + back)). */
export class Power3Prob implements QueueProbability {
  readonly n: number;
  constructor(n: number) {
    this.n = validExponent(n);
  }
  prob(front: number, back: number): number {
    return 1 - (front / (front + back)) ** this.n;
  }
}

/** hftbacktest `LogProbQueueFunc`: f(x) = ln(1 + x), p = f(back) / (f(back) + f(front)). */
export class LogProb implements QueueProbability {
  prob(front: number, back: number): number {
    const b = Math.log1p(back);
    return b / (b + Math.log1p(front));
  }
}

/** hftbacktest `LogProbQueueFunc2`: f(x) = ln(1 + x), p = f(back) / f(back + front). */
export class Log2Prob implements QueueProbability {
  prob(front: number, back: number): number {
    return Math.log1p(back) / Math.log1p(back + front);
  }
}
