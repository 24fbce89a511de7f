import { lognormalFromQuantiles, type Lognormal } from "./lognormalQuantiles.ts";
import type { MarketScan } from "./marketScan.ts";
import { fitOrderSizes, type OrderSizeFit } from "./orderSizes.ts";

/**
 * The book, size and latency statistics of a scan that the market's direct parameters are read
 * from (directParams.ts) — measured the same way on the data and on a simulation of the fitted
 * market, which is how the fit corrects them for the generator's own mechanics.
 */
export interface DirectStats {
  /** Changes of at least this size (half the median touch size) are a market maker's quote, not a limit order or its cancel. */
  quoteThreshold: number;
  /** Depth increases (limit arrivals) per second and side within the book window. */
  limitRatePerS: number;
  /** Share of them at or better than their side's best. */
  limitAtTouchShare: number;
  /** Mean distance behind the best of the others, ticks. */
  limitBehindTicks: number;
  /** Lognormal fit of their sizes (10/50/90 % quantiles). */
  limitSize: Lognormal;
  /** Decreases beyond what trades explain, per resting level (within the window) and second. */
  cancelRatePerLevelS: number;
  /** Median size at the best bid/ask over time (base units). */
  touchSizeMedian: number;
  /** 99th percentile of the levels resting per side within the window. */
  levelsP99: number;
  /** Market orders: count per second, sizes (body, sweeps, largest). */
  orderRatePerS: number;
  sizes: OrderSizeFit;
  /** Feed latency local − exch (ms): lognormal fit of its 10/50/90 % quantiles. */
  latencyMs: Lognormal;
  /** Distinct exchange timestamps per second (the data's clock steps). */
  timestampsPerS: number;
}

/** Reads the DirectStats of a scan made with `book: true`. */
export function directStats(scan: MarketScan): DirectStats {
  const flow = scan.book;
  if (flow === undefined) throw new Error("directStats: the scan has no book flow (scan with book: true)");
  const touchSizeMedian = flow.touchSizes.quantile(0.5);
  const threshold = touchSizeMedian > 0 ? touchSizeMedian / 2 : Infinity;
  const atTouch = flow.atTouch.weightBelow(threshold);
  const behind = flow.behind.weightBelow(threshold);
  const arrivals = flow.atTouch.below(threshold).merge(flow.behind.below(threshold));
  return {
    quoteThreshold: threshold,
    limitRatePerS: (atTouch + behind) / (2 * Math.max(flow.seconds, 1e-9)),
    limitAtTouchShare: atTouch + behind > 0 ? atTouch / (atTouch + behind) : NaN,
    limitBehindTicks: behind > 0 ? flow.behindTicks.weightBelow(threshold) / behind : NaN,
    limitSize: lognormalFromQuantiles((p) => arrivals.quantile(p)),
    cancelRatePerLevelS: flow.levelSeconds > 0 ? flow.cancels.weightBelow(threshold) / flow.levelSeconds : NaN,
    touchSizeMedian,
    levelsP99: flow.levelCounts.quantile(0.99),
    orderRatePerS: scan.marketOrders / Math.max(scan.durationS, 1e-9),
    sizes: fitOrderSizes(scan.orderSizes),
    latencyMs: lognormalFromQuantiles((p) => scan.latencyMs.quantile(p)),
    timestampsPerS: scan.timestamps / Math.max(scan.durationS, 1e-9),
  };
}
