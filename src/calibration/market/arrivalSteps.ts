import type { FeedSink } from "../../research/bookFeed.ts";
import type { MarketOrderSink } from "../../research/marketOrders.ts";

/**
 * Market-order arrivals on the data's own clock: every distinct exchange timestamp is a step, with
 * the number of market orders at it (0 for most). The synthetic generator draws one event per
 * step and holds its Hawkes intensity constant between steps, so these steps are what its exact
 * likelihood needs (hawkesLikelihood.ts); on dense real data they are near continuous time.
 */
export interface ArrivalSteps {
  /** Step times, s since the data origin, ascending. */
  timesS: Float64Array;
  /** Market orders at each step. */
  orders: Uint8Array;
  /** The observation window, s. */
  startS: number;
  endS: number;
  /** Market orders in all. */
  count: number;
}

/**
 * Records ArrivalSteps from a BookFeed (the settled timestamps) and the MarketOrderFeed it also
 * listens to (the orders, each at its timestamp's step). Two typed arrays that double when full:
 * 9 bytes per distinct timestamp (at most 255 orders count at one timestamp).
 */
export class ArrivalStepRecorder implements FeedSink, MarketOrderSink {
  private times = new Float64Array(1 << 16);
  private orders = new Uint8Array(1 << 16);
  private length = 0;
  private count = 0;
  private startNs = NaN;
  private endNs = NaN;

  onState(tNs: number): void {
    this.step(tNs);
  }

  onMarketOrder(tNs: number): void {
    // An order may be handed over before its timestamp settles (a sell right after a buy of the same timestamp).
    const i = this.step(tNs);
    if (this.orders[i] === 255) return;
    this.orders[i]++;
    this.count++;
  }

  finish(endNs: number): void {
    this.endNs = endNs;
  }

  /** The steps recorded (views of the recorder's arrays). */
  result(): ArrivalSteps {
    return {
      timesS: this.times.subarray(0, this.length),
      orders: this.orders.subarray(0, this.length),
      startS: Number.isNaN(this.startNs) ? 0 : this.startNs / 1e9,
      endS: Number.isNaN(this.endNs) ? 0 : this.endNs / 1e9,
      count: this.count,
    };
  }

  /** The index of the step at `tNs` (times come non-decreasing), created when new. */
  private step(tNs: number): number {
    const t = tNs / 1e9;
    if (this.length > 0 && this.times[this.length - 1] === t) return this.length - 1;
    if (Number.isNaN(this.startNs)) this.startNs = tNs;
    if (this.length === this.times.length) this.grow();
    this.times[this.length] = t;
    this.orders[this.length] = 0;
    return this.length++;
  }

  private grow(): void {
    const times = new Float64Array(this.times.length * 2);
    times.set(this.times);
    const orders = new Uint8Array(this.orders.length * 2);
    orders.set(this.orders);
    this.times = times;
    this.orders = orders;
  }
}

