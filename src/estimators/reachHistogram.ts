import { gridBin, type DepthGrid } from "./depthGrid.ts";

/**
 * Counts of market orders by the farthest grid distance they reached, per aggressor side.
 * Orders reaching at least δ_i = Σ_{j ≥ i} bins[j] (cumulated when read). Mergeable, so a
 * rolling window is a ring of histograms.
 */
export class ReachHistogram {
  readonly buys: Float64Array;
  readonly sells: Float64Array;
  /** Orders that did not reach δ_0 (e.g. a buy below a mid that moved since), by side. */
  belowBuys = 0;
  belowSells = 0;

  constructor(readonly grid: DepthGrid) {
    this.buys = new Float64Array(grid.levels);
    this.sells = new Float64Array(grid.levels);
  }

  /** Records one market order (side +1 buy, −1 sell) of the given reach, ticks. */
  add(side: number, reachTicks: number): void {
    const i = gridBin(this.grid, reachTicks);
    if (i < 0) {
      if (side > 0) this.belowBuys++;
      else this.belowSells++;
    } else if (side > 0) this.buys[i]++;
    else this.sells[i]++;
  }

  /** Adds another histogram of the same grid into this one. */
  merge(other: ReachHistogram): void {
    for (let i = 0; i < this.buys.length; i++) {
      this.buys[i] += other.buys[i];
      this.sells[i] += other.sells[i];
    }
    this.belowBuys += other.belowBuys;
    this.belowSells += other.belowSells;
  }

  /** Empties the histogram. */
  clear(): void {
    this.buys.fill(0);
    this.sells.fill(0);
    this.belowBuys = this.belowSells = 0;
  }

  /** Orders of one side that reached at least δ_i, for every i. */
  cumulative(side: number): Float64Array {
    const bins = side > 0 ? this.buys : this.sells;
    const out = new Float64Array(bins.length);
    let total = 0;
    for (let i = bins.length - 1; i >= 0; i--) out[i] = total += bins[i];
    return out;
  }
}
