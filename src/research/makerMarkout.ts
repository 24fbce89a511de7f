import { HorizonQueue, type DueSink } from "./horizonQueue.ts";
import type { MarketOrderSink } from "./marketOrders.ts";
import { Moments, type MeanEstimate } from "./moments.ts";

/** The maker markout at one distance: how many market orders reached it, and the mean markout per horizon (ticks). */
export interface MarkoutAtDistance {
  distanceTicks: number;
  /** Market orders (with a valid mid before them) that reached the distance: the hypothetical fills. */
  fills: number;
  /** Per horizon: fills whose mid at t + h was valid and before the data's end, mean markout and its standard error. */
  horizons: ({ horizonS: number } & MeanEstimate)[];
}

/** The maker markout curve of a market. */
export interface MakerMarkoutFacts {
  distancesTicks: number[];
  horizonsS: number[];
  distances: MarkoutAtDistance[];
}

/**
 * The markout a passive order would have had, strategy-free: a resting order d ticks from the mid
 * is filled by every market order that reaches it — a buy whose farthest print is ≥ m(t⁻) + d
 * fills a hypothetical ask at m(t⁻) + d, a sell whose farthest print is ≤ m(t⁻) − d a bid at
 * m(t⁻) − d (m(t⁻): the mid settled before the order's timestamp). The maker's markout at
 * horizon h is side_maker · (m(t + h) − fill price) with side_maker = −ε, in ticks; since
 * fill = m(t⁻) + ε·d it equals d − ε·(m(t + h) − m(t⁻)): the distance earned minus the order's
 * impact. Negative = adversely selected (the mid moved through the fill). One pass, a queue per
 * horizon: memory holds the orders of the last max(h), means by Welford per (d, h).
 */
export class MakerMarkout implements MarketOrderSink, DueSink {
  readonly distancesTicks: readonly number[];
  readonly horizonsNs: readonly number[];
  private readonly queues: HorizonQueue[];
  private readonly moments: Moments;
  private readonly fills: Float64Array;

  /** `distancesTicks` ascending and > 0. */
  constructor(distancesTicks: readonly number[], horizonsNs: readonly number[]) {
    for (let j = 0; j < distancesTicks.length; j++) {
      if (!(distancesTicks[j] > 0) || (j > 0 && !(distancesTicks[j] > distancesTicks[j - 1]))) throw new RangeError(`markout distances must be > 0 and ascending, got ${distancesTicks.join(", ")}`);
    }
    this.distancesTicks = distancesTicks;
    this.horizonsNs = horizonsNs;
    this.queues = horizonsNs.map((ns, h) => new HorizonQueue(ns, h, this));
    this.moments = new Moments(distancesTicks.length * horizonsNs.length);
    this.fills = new Float64Array(distancesTicks.length);
  }

  onMarketOrder(tNs: number, side: number, midBeforeTicks: number, reachTicks: number): void {
    // NaN mid: the reach is NaN too, and fails this test
    if (!(reachTicks >= this.distancesTicks[0])) return;
    for (let j = 0; j < this.distancesTicks.length && this.distancesTicks[j] <= reachTicks; j++) this.fills[j]++;
    for (const q of this.queues) q.push(tNs, side, midBeforeTicks, reachTicks, 0);
  }

  onMid(_tNs: number, untilNs: number, midTicks: number): void {
    for (const q of this.queues) q.release(untilNs, midTicks);
  }

  onDue(h: number, side: number, midBeforeTicks: number, reachTicks: number, _id: number, midAfterTicks: number): void {
    if (Number.isNaN(midAfterTicks)) return;
    const impact = side * (midAfterTicks - midBeforeTicks);
    const nh = this.horizonsNs.length;
    for (let j = 0; j < this.distancesTicks.length && this.distancesTicks[j] <= reachTicks; j++) this.moments.add(j * nh + h, this.distancesTicks[j] - impact);
  }

  /** The curve: per distance, the fills and the mean markout at each horizon. */
  result(): MakerMarkoutFacts {
    const nh = this.horizonsNs.length;
    return {
      distancesTicks: [...this.distancesTicks],
      horizonsS: this.horizonsNs.map((ns) => ns / 1e9),
      distances: this.distancesTicks.map((d, j) => ({
        distanceTicks: d,
        fills: this.fills[j],
        horizons: this.horizonsNs.map((ns, h) => ({ horizonS: ns / 1e9, ...this.moments.summary(j * nh + h) })),
      })),
    };
  }
}
