import type { MarketOrderSink } from "./marketOrders.ts";
import { GrowableArray, autocorrelation, mean } from "./stats.ts";

/** C(k) at one lag, with the standard error of a sample autocorrelation under no correlation (1/√n). */
export interface SignAcfAtLag {
  lag: number;
  acf: number;
  se: number;
}

/** Sign autocorrelation of the market orders. */
export interface SignAcfFacts {
  /** Market orders in the sequence. */
  orders: number;
  /** Mean sign (buys − sells) / orders. */
  meanSign: number;
  lags: SignAcfAtLag[];
}

/**
 * Autocorrelation of the market orders' signs, C(k) = corr(ε_i, ε_{i+k}) over consecutive orders
 * (k in orders, not time): the long memory of order flow (Lillo–Farmer; Bouchaud et al.) shows as
 * C(k) decaying slowly, like a power of k. The usual biased sample estimator (stats.autocorrelation);
 * every signed order counts, whatever the book. Keeps one double per order.
 */
export class SignAutocorrelation implements MarketOrderSink {
  readonly lags: readonly number[];
  private readonly signs = new GrowableArray();

  constructor(lags: readonly number[]) {
    this.lags = lags;
  }

  onMarketOrder(_tNs: number, side: number): void {
    this.signs.push(side);
  }

  /** C(k) at every lag (NaN when k ≥ the number of orders or every sign is the same). */
  result(): SignAcfFacts {
    const x = this.signs.view();
    return { orders: x.length, meanSign: mean(x), lags: this.lags.map((k) => ({ lag: k, acf: autocorrelation(x, k), se: 1 / Math.sqrt(x.length) })) };
  }
}
