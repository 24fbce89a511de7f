/**
 * The trade prints of the last `windowNs`, by the book side they consumed, so that a later
 * decrease of a depth level can be told apart: up to what was traded there it is the trade,
 * beyond it a cancel. A fixed ring (oldest overwritten), no allocation per trade. A depth feed
 * may show a trade's decrease in the same timestamp (a matching engine's report, the synthetic
 * market) or some milliseconds later (Binance's 100 ms diffs): hence the window.
 */
export class RecentTrades {
  private readonly tNs: Float64Array;
  private readonly side: Int8Array;
  private readonly price: Float64Array;
  private readonly left: Float64Array;
  private next = 0;

  constructor(
    readonly windowNs = 1e9,
    readonly capacity = 1024,
  ) {
    this.tNs = new Float64Array(capacity).fill(-Infinity);
    this.side = new Int8Array(capacity);
    this.price = new Float64Array(capacity);
    this.left = new Float64Array(capacity);
  }

  /** A print of `qty` at `priceTicks` by an aggressor of side `aggressor` (+1 buy: it consumed the asks). */
  add(tNs: number, aggressor: number, priceTicks: number, qty: number): void {
    const i = this.next;
    this.tNs[i] = tNs;
    this.side[i] = -aggressor;
    this.price[i] = priceTicks;
    this.left[i] = qty;
    this.next = (i + 1) % this.capacity;
  }

  /** Takes up to `qty` from the unexplained prints at (bookSide, priceTicks) within the window before `tNs`; returns what it took. */
  explain(tNs: number, bookSide: number, priceTicks: number, qty: number): number {
    let taken = 0;
    for (let k = 1; k <= this.capacity && taken < qty; k++) {
      const i = (this.next - k + this.capacity) % this.capacity;
      if (!(tNs - this.tNs[i] <= this.windowNs)) break;
      if (this.side[i] !== bookSide || this.price[i] !== priceTicks || this.left[i] <= 0) continue;
      const take = Math.min(this.left[i], qty - taken);
      this.left[i] -= take;
      taken += take;
    }
    return taken;
  }
}
