import type { L2Book } from "../../book/l2book.ts";
import type { FeedSink, TopState } from "../../research/bookFeed.ts";
import { LogHistogram } from "./logHistogram.ts";
import { RecentTrades } from "./recentTrades.ts";

/**
 * What the book's depth changes say about limit orders and cancels, within `windowTicks` of the
 * mid (the part of the book a market maker and the synthetic market care about):
 *
 *   depth change of a level, Δ = new − old size
 *     Δ > 0   an arrival of size Δ: at the touch when at or better than its side's best, else
 *             that many ticks behind it
 *     Δ < 0   a trade up to what printed there within the last second (RecentTrades), the rest
 *             (if any) a cancel of that size
 *   every 1 s    levels resting on each side within the window (the cancels' exposure)
 *   every 100 ms the size at the best bid and ask
 *
 * Arrivals and cancels are counted by size (bins of LogHistogram), so that the fit can leave out
 * the changes of a market maker's quote size after the pass, once the touch size is known: a
 * quote into the spread, a quote moved or pulled is not a limit order or a cancel of one. Levels
 * are measured against the book settled before the change's timestamp; the scan calls `onDepth`
 * with the level's old size (read from the feed's book before the event is applied).
 */
export class BookFlow implements FeedSink {
  /** Arrivals by size: at the touch, behind it, and the behind ones' summed distance (ticks). */
  readonly atTouch = new LogHistogram(1e-9, 1e9);
  readonly behind = new LogHistogram(1e-9, 1e9);
  readonly behindTicks = new LogHistogram(1e-9, 1e9);
  /** Cancels by size (decreases beyond what trades explain). */
  readonly cancels = new LogHistogram(1e-9, 1e9);
  /** ∫ levels in the window dt over both sides (level·s), and the per-side counts sampled. */
  levelSeconds = 0;
  readonly levelCounts = new LogHistogram(0.5, 1e5, 100);
  /** Time-weighted sizes at the best bid and ask. */
  readonly touchSizes = new LogHistogram(1e-9, 1e9);
  /** Time with a valid (two-sided, uncrossed) book, s. */
  seconds = 0;
  private readonly trades = new RecentTrades();
  private valid = false;
  private midTicks = NaN;
  private bidTicks = 0;
  private askTicks = 0;
  private nextTouchNs = NaN;
  private nextLevelsNs = NaN;

  constructor(
    private readonly book: L2Book,
    readonly windowTicks = 500,
    readonly touchSampleNs = 1e8,
    readonly levelSampleNs = 1e9,
  ) {}

  onTrade(tNs: number, side: number, priceTicks: number, qty: number): void {
    this.trades.add(tNs, side, priceTicks, qty);
  }

  onState(tNs: number, untilNs: number, top: Readonly<TopState>): void {
    this.valid = top.valid;
    this.midTicks = top.midTicks;
    this.bidTicks = top.bidTicks;
    this.askTicks = top.askTicks;
    if (!top.valid) return;
    this.seconds += (untilNs - tNs) / 1e9;
    if (Number.isNaN(this.nextTouchNs)) this.nextTouchNs = this.nextLevelsNs = tNs;
    if (this.nextTouchNs < untilNs) {
      const count = Math.ceil((untilNs - this.nextTouchNs) / this.touchSampleNs);
      this.touchSizes.add(top.bidQty, count);
      this.touchSizes.add(top.askQty, count);
      this.nextTouchNs += count * this.touchSampleNs;
    }
    if (this.nextLevelsNs < untilNs) {
      const count = Math.ceil((untilNs - this.nextLevelsNs) / this.levelSampleNs);
      const bids = this.levelsWithin(1, top.bidTicks);
      const asks = this.levelsWithin(-1, top.askTicks);
      this.levelSeconds += (count * (bids + asks) * this.levelSampleNs) / 1e9;
      this.levelCounts.add(bids, count);
      this.levelCounts.add(asks, count);
      this.nextLevelsNs += count * this.levelSampleNs;
    }
  }

  /** A depth update of (side, priceTicks) from `oldQty` to `qty` at `tNs`. */
  onDepth(tNs: number, side: number, priceTicks: number, qty: number, oldQty: number): void {
    if (!this.valid) return;
    const distance = side > 0 ? this.midTicks - priceTicks : priceTicks - this.midTicks;
    if (distance > this.windowTicks + 0.5) return; // the best of a one-tick spread is half a tick from the mid
    const delta = qty - oldQty;
    if (delta > 0) {
      const behind = side > 0 ? this.bidTicks - priceTicks : priceTicks - this.askTicks;
      if (behind <= 0) this.atTouch.add(delta);
      else {
        this.behind.add(delta);
        this.behindTicks.add(delta, behind);
      }
    } else if (delta < 0) {
      const unexplained = -delta - this.trades.explain(tNs, side, priceTicks, -delta);
      // A decrease a trade does not explain (beyond rounding) is a cancel.
      if (unexplained > 1e-9 * Math.max(1, oldQty)) this.cancels.add(unexplained);
    }
  }

  private levelsWithin(side: number, bestTicks: number): number {
    let count = 0;
    for (let k = 0; k <= this.windowTicks; k++) if (this.book.qtyAt(side, bestTicks - side * k) > 0) count++;
    return count;
  }
}
