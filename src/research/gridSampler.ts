import type { FeedSink, TopState } from "./bookFeed.ts";
import { GrowableArray } from "./stats.ts";

/**
 * Samples the settled top of book on a regular grid of data time (instants k·step, k = 0, 1, …
 * before the data's end): the state in force at each instant is the one after every event at or
 * before it. Keeps the mid per instant (ticks, NaN when the book is one-sided or crossed), the
 * spread histogram (ticks → instants) and the sums of the best bid and ask sizes over valid
 * instants, so the spread and depth statistics are time averages.
 */
export class GridSampler implements FeedSink {
  readonly stepNs: number;
  readonly mids = new GrowableArray();
  readonly spreadHist = new Map<number, number>();
  validSamples = 0;
  bidQtySum = 0;
  askQtySum = 0;

  constructor(stepNs: number) {
    if (!(stepNs > 0)) throw new RangeError(`grid step must be > 0 ns, got ${stepNs}`);
    this.stepNs = stepNs;
  }

  onState(tNs: number, untilNs: number, top: Readonly<TopState>): void {
    // grid instants in [tNs, untilNs)
    const first = Math.ceil(tNs / this.stepNs);
    const end = Math.ceil(untilNs / this.stepNs);
    const n = end - first;
    if (n <= 0) return;
    // instants before the first event (none when data starts at 0) see no book
    while (this.mids.length < first) this.mids.push(NaN);
    for (let i = 0; i < n; i++) this.mids.push(top.midTicks);
    if (!top.valid) return;
    const spread = top.askTicks - top.bidTicks;
    this.spreadHist.set(spread, (this.spreadHist.get(spread) ?? 0) + n);
    this.validSamples += n;
    this.bidQtySum += n * top.bidQty;
    this.askQtySum += n * top.askQty;
  }
}
