import { HorizonQueue, type DueSink } from "./horizonQueue.ts";
import type { MarketOrderSink } from "./marketOrders.ts";
import { Moments, type MeanEstimate } from "./moments.ts";
import { GrowableArray, sortedQuantile } from "./stats.ts";

/** R(ℓ) at one lag: over all orders, over those larger than the median size, and over the rest (ticks). */
export interface ResponseAtLag {
  lagS: number;
  all: MeanEstimate;
  larger: MeanEstimate;
  notLarger: MeanEstimate;
}

/** The response function and the size that splits it. */
export interface ResponseFacts {
  /** Market orders with a valid mid before them (the sample; a lag counts those whose mid at t + ℓ was valid too). */
  orders: number;
  /** Median size of those orders (nearest rank), base units: "larger" means strictly above it. */
  medianQty: number;
  lags: ResponseAtLag[];
}

/**
 * The response function of Bouchaud et al.: R(ℓ) = E[ε_i · (m(t_i + ℓ) − m(t_i⁻))] in ticks, the
 * mean mid move after a market order signed by its aggressor side ε, from the mid just before its
 * timestamp to the mid in force at t_i + ℓ (exchange time). Positive = prices move with the
 * order (impact). Orders whose mid before or at t + ℓ is not valid, or whose t + ℓ falls after the
 * data's end, are left out of that lag. Each order's moves are kept (one double per lag) so the
 * sample can be split at its median size after the pass.
 */
export class ResponseFunction implements MarketOrderSink, DueSink {
  readonly lagsNs: readonly number[];
  private readonly queues: HorizonQueue[];
  private readonly moves: GrowableArray[];
  private readonly sizes = new GrowableArray();

  constructor(lagsNs: readonly number[]) {
    this.lagsNs = lagsNs;
    this.queues = lagsNs.map((ns, l) => new HorizonQueue(ns, l, this));
    this.moves = lagsNs.map(() => new GrowableArray());
  }

  onMarketOrder(tNs: number, side: number, midBeforeTicks: number, _reachTicks: number, qty: number): void {
    if (Number.isNaN(midBeforeTicks)) return;
    const id = this.sizes.length;
    this.sizes.push(qty);
    for (let l = 0; l < this.queues.length; l++) {
      this.moves[l].push(NaN); // stays NaN if t + ℓ is past the end
      this.queues[l].push(tNs, side, midBeforeTicks, 0, id);
    }
  }

  onMid(_tNs: number, untilNs: number, midTicks: number): void {
    for (const q of this.queues) q.release(untilNs, midTicks);
  }

  onDue(lag: number, side: number, midBeforeTicks: number, _reachTicks: number, id: number, midAfterTicks: number): void {
    this.moves[lag].set(id, side * (midAfterTicks - midBeforeTicks));
  }

  /** R(ℓ) per lag, overall and split at the median order size. */
  result(): ResponseFacts {
    const sizes = this.sizes.view();
    const median = sortedQuantile(Float64Array.from(sizes).sort(), 0.5);
    const lags = this.lagsNs.map((ns, l) => {
      const m = new Moments(3); // 0 all, 1 larger than the median, 2 the rest
      const moves = this.moves[l].view();
      for (let i = 0; i < moves.length; i++) {
        m.add(0, moves[i]);
        m.add(sizes[i] > median ? 1 : 2, moves[i]);
      }
      return { lagS: ns / 1e9, all: m.summary(0), larger: m.summary(1), notLarger: m.summary(2) };
    });
    return { orders: sizes.length, medianQty: median, lags };
  }
}
