import { NS_PER_S } from "../core/time.ts";
import type { CalibrationSink } from "./calibrationFeed.ts";
import { gridDistanceTicks, validateDepthGrid, type DepthGrid } from "./depthGrid.ts";
import { fitExponentialDecay, type ExponentialFit } from "./logLinearFit.ts";
import { ReachHistogram } from "./reachHistogram.ts";

/** One row of the λ(δ) table: distance from the mid, orders per side that reached it, and the rate. */
export interface IntensityRow {
  deltaTicks: number;
  deltaQuote: number;
  buys: number;
  sells: number;
  /** Per-side rate, orders per second: (buys + sells) / (2 · seconds). */
  lambda: number;
  /** Rate at which an ask δ above the mid is reached (buys / seconds), and a bid δ below it (sells / seconds), per second. */
  lambdaAsk: number;
  lambdaBid: number;
  /** Whether the row entered the fit of both sides (at least `minCount` orders), of the ask side (buys ≥ minCount), of the bid side (sells ≥ minCount). */
  fitted: boolean;
  fittedAsk: boolean;
  fittedBid: boolean;
}

/** The fitted fill intensity λ(δ) = A·e^(−kδ): A per second (per side), k per quote currency. */
export interface IntensityResult extends ExponentialFit {
  /** Seconds of data with a two-sided book. */
  seconds: number;
  /** Market orders by aggressor side, and those among them that did not reach the first distance. */
  buys: number;
  sells: number;
  belowGrid: number;
  /** The same fit per side: asks (reached by market buys) and bids (reached by market sells). */
  ask: ExponentialFit;
  bid: ExponentialFit;
  table: IntensityRow[];
}

/**
 * Fill intensity from market orders (hftbacktest's GLFT example, per side): for each grid
 * distance δ_i, λ(δ_i) = market orders that reached at least δ_i from the mid per second and per
 * side, then ln λ = ln A − k·δ by least squares over the rows with at least `minCount` orders.
 * A sink of CalibrationFeed; memory is one histogram of the grid.
 */
export class IntensityEstimator implements CalibrationSink {
  readonly histogram: ReachHistogram;
  /** Nanoseconds with a two-sided book. */
  exposureNs = 0;

  constructor(
    readonly grid: DepthGrid,
    readonly tickSize: number,
    readonly minCount = 10,
  ) {
    this.histogram = new ReachHistogram(validateDepthGrid(grid));
  }

  onAdvance(fromNs: number, toNs: number, midTicks: number): void {
    if (!Number.isNaN(midTicks)) this.exposureNs += toNs - fromNs;
  }

  onMarketOrder(_tNs: number, side: number, reachTicks: number): void {
    this.histogram.add(side, reachTicks);
  }

  /** The λ(δ) table and its fit so far. */
  result(): IntensityResult {
    return intensityResult(this.histogram, this.exposureNs / NS_PER_S, this.tickSize, this.minCount);
  }
}

/** The λ(δ) table and exponential fit of a histogram observed over `seconds`. */
export function intensityResult(h: ReachHistogram, seconds: number, tickSize: number, minCount: number): IntensityResult {
  const buys = h.cumulative(1);
  const sells = h.cumulative(-1);
  const table: IntensityRow[] = [];
  const rate = (count: number, sides: number) => (seconds > 0 ? count / (sides * seconds) : NaN);
  const enough = (count: number) => count >= minCount && count > 0 && seconds > 0;
  for (let i = 0; i < h.grid.levels; i++) {
    const deltaTicks = gridDistanceTicks(h.grid, i);
    table.push({
      deltaTicks,
      deltaQuote: deltaTicks * tickSize,
      buys: buys[i],
      sells: sells[i],
      lambda: rate(buys[i] + sells[i], 2),
      lambdaAsk: rate(buys[i], 1),
      lambdaBid: rate(sells[i], 1),
      fitted: enough(buys[i] + sells[i]),
      fittedAsk: enough(buys[i]),
      fittedBid: enough(sells[i]),
    });
  }
  const fitRows = (use: (r: IntensityRow) => boolean, y: (r: IntensityRow) => number): ExponentialFit => {
    const rows = table.filter(use);
    return fitExponentialDecay(rows.map((r) => r.deltaQuote), rows.map(y));
  };
  const fit = fitRows((r) => r.fitted, (r) => r.lambda);
  const ask = fitRows((r) => r.fittedAsk, (r) => r.lambdaAsk);
  const bid = fitRows((r) => r.fittedBid, (r) => r.lambdaBid);
  return { ...fit, seconds, buys: buys[0] + h.belowBuys, sells: sells[0] + h.belowSells, belowGrid: h.belowBuys + h.belowSells, ask, bid, table };
}
