import { sortedQuantile } from "../../research/stats.ts";
import { lognormalFromQuantiles, type Lognormal } from "./lognormalQuantiles.ts";
import { sweepTail, type SweepTail } from "./sweepTail.ts";

/** Market-order sizes as the synthetic market draws them: a lognormal body, exponential sweeps, a cap. */
export interface OrderSizeFit {
  body: Lognormal;
  sweeps: SweepTail;
  /** The largest order seen (base units). */
  maxSize: number;
  orders: number;
}

/**
 * The lognormal body (median, log-std from the 10th/50th/90th percentiles, lognormalQuantiles.ts)
 * and the sweeps (the tail's excess over that body, sweepTail.ts) of market-order sizes, solved
 * together: the body's quantiles are read at p·(1 − sweepProb) since the sweeps lie above them,
 * and the sweeps are measured against that body (three rounds settle it).
 */
export function fitOrderSizes(sorted: Float64Array): OrderSizeFit {
  const quantile = (p: number): number => sortedQuantile(sorted, p);
  let body = lognormalFromQuantiles(quantile);
  let sweeps = sweepTail(sorted, body);
  for (let round = 0; round < 3; round++) {
    body = lognormalFromQuantiles(quantile, 1 - sweeps.sweepProb);
    sweeps = sweepTail(sorted, body);
  }
  return { body, sweeps, maxSize: sorted.length > 0 ? sorted[sorted.length - 1] : NaN, orders: sorted.length };
}
