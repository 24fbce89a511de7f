import { NS_PER_MS, NS_PER_S } from "../core/time.ts";
import type { MarketData } from "../data/sources/marketData.ts";
import { GridSampler } from "./gridSampler.ts";
import { MakerMarkout, type MakerMarkoutFacts } from "./makerMarkout.ts";
import { MarketOrderFeed } from "./marketOrders.ts";
import { runOfiStudy } from "./ofiStudy.ts";
import { ResponseFunction, type ResponseFacts } from "./responseFunction.ts";
import { gridReturns, squares, volatilityPerSqrtS } from "./returns.ts";
import { SignAutocorrelation, type SignAcfFacts } from "./signAutocorrelation.ts";
import { autocorrelation, coefficientOfVariation, fanoFactor, histogramQuantile, mean, sortedQuantile } from "./stats.ts";
import { TradeCounter } from "./tradeCounter.ts";

/** Options of the stylized-facts pass (defaults in DEFAULT_FACT_OPTIONS). */
export interface FactOptions {
  /** Grid of the mid, spread and depth samples, ns (100 ms). */
  gridNs: number;
  /** Horizons of the signature plot, s (multiples of the grid). */
  volHorizonsS: number[];
  /** Horizons of the squared-return autocorrelation, s. */
  acfHorizonsS: number[];
  /** Lags 1..maxLag of the autocorrelations. */
  maxLag: number;
  /** Bins of the trade counts, s. */
  countBinsS: number[];
  /** Bucket of the OFI–price regression, ns (10 s). */
  ofiBucketNs: number;
  /** Lags ℓ of the response function R(ℓ), s. */
  responseLagsS: number[];
  /** Lags k of the market-order sign autocorrelation C(k), in orders. */
  signLags: number[];
  /** Distances d of the hypothetical resting orders of the maker markout, ticks from the mid (ascending). */
  markoutDistancesTicks: number[];
  /** Horizons h of the maker markout, s. */
  markoutHorizonsS: number[];
  /** Read only the first `durationNs` of data time (default: all). */
  durationNs?: number;
}

export const DEFAULT_FACT_OPTIONS: FactOptions = {
  gridNs: 100 * NS_PER_MS,
  volHorizonsS: [0.1, 1, 10, 60],
  acfHorizonsS: [1, 10],
  maxLag: 10,
  countBinsS: [1, 10],
  ofiBucketNs: 10 * NS_PER_S,
  responseLagsS: [0.1, 1, 5, 10, 30, 60],
  signLags: [1, 2, 5, 10, 50, 100],
  markoutDistancesTicks: [1, 5, 10, 25, 50, 100, 200],
  markoutHorizonsS: [0.1, 1, 10, 60],
};

/** Trade-count clustering in one bin length: mean, CV, Fano factor and autocorrelation (lags 1..maxLag) of the counts. */
export interface CountFacts {
  binS: number;
  bins: number;
  meanCount: number;
  cv: number;
  fano: number;
  acf: number[];
}

/** Stylized facts of a market. Units: prices in ticks or quote currency as named, sizes in base units, times in s. */
export interface StylizedFacts {
  symbol: string;
  tickSize: number;
  durationS: number;
  events: number;
  eventsPerS: number;
  /** Spread in ticks, time-weighted (grid samples with a valid book). */
  spread: { meanTicks: number; p50Ticks: number; p90Ticks: number; p99Ticks: number; shareOneTick: number; samples: number };
  /** Time-averaged size at the best bid and the best ask, base units. */
  depth: { meanBestBidQty: number; meanBestAskQty: number };
  /** Trade prints and market orders (prints with the same timestamp and side) per second, and count clustering. */
  trades: { printsPerS: number; ordersPerS: number; counts: CountFacts[] };
  /** Market-order sizes, base units. */
  tradeSize: { n: number; median: number; mean: number; p90: number; p99: number };
  /** Signature plot: σ_h = √(mean r_h² / h), quote currency per √s. */
  volatility: { horizonS: number; returns: number; sigmaQuotePerSqrtS: number }[];
  /** Autocorrelation of squared mid returns at lags 1..maxLag. */
  squaredReturnAcf: { horizonS: number; acf: number[] }[];
  /** OFI → mid-change regression (the OFI study's overall fit). */
  ofi: { bucketS: number; n: number; beta: number; t: number; tHc1: number; r2: number };
  /** Response function R(ℓ): mean mid move after a market order, signed by its side, ticks (also split at the median size). */
  response: ResponseFacts;
  /** Autocorrelation of market-order signs at lags k (orders). */
  signAcf: SignAcfFacts;
  /** Maker markout of hypothetical resting orders d ticks from the mid, at horizons h, ticks. */
  makerMarkout: MakerMarkoutFacts;
}

/** Seconds to whole nanoseconds (0.1 s is 100,000,000 ns, not 100,000,000.00000001). */
function secondsToNs(s: number): number {
  return Math.round(s * NS_PER_S);
}

/** Lags 1..maxLag of the autocorrelation of x. */
export function acfLags(x: ArrayLike<number>, maxLag: number): number[] {
  return Array.from({ length: maxLag }, (_, i) => autocorrelation(x, i + 1));
}

/** Clustering facts of a series of counts per bin. */
export function countFacts(counts: ArrayLike<number>, binS: number, maxLag: number): CountFacts {
  return { binS, bins: counts.length, meanCount: mean(counts), cv: coefficientOfVariation(counts), fano: fanoFactor(counts), acf: acfLags(counts, maxLag) };
}

/** Spread facts from a histogram of spreads (ticks → samples). */
export function spreadFacts(hist: ReadonlyMap<number, number>): StylizedFacts["spread"] {
  let samples = 0;
  let sum = 0;
  for (const [ticks, n] of hist) {
    samples += n;
    sum += ticks * n;
  }
  return {
    meanTicks: sum / samples,
    p50Ticks: histogramQuantile(hist, 0.5),
    p90Ticks: histogramQuantile(hist, 0.9),
    p99Ticks: histogramQuantile(hist, 0.99),
    shareOneTick: (hist.get(1) ?? 0) / samples,
    samples,
  };
}

/** Size facts of market orders (nearest-rank quantiles). */
export function sizeFacts(sizes: ArrayLike<number>): StylizedFacts["tradeSize"] {
  const sorted = Float64Array.from(sizes).sort();
  return { n: sorted.length, median: sortedQuantile(sorted, 0.5), mean: mean(sorted), p90: sortedQuantile(sorted, 0.9), p99: sortedQuantile(sorted, 0.99) };
}

/** Streams `data` once and computes its stylized facts (the OFI study runs on the same pass). */
export async function stylizedFacts(data: MarketData, options: Partial<FactOptions> = {}): Promise<StylizedFacts> {
  const o = { ...DEFAULT_FACT_OPTIONS, ...options };
  const grid = new GridSampler(o.gridNs);
  const trades = new TradeCounter(o.countBinsS.map((s) => s * NS_PER_S));
  const response = new ResponseFunction(o.responseLagsS.map(secondsToNs));
  const signs = new SignAutocorrelation(o.signLags);
  const markout = new MakerMarkout(o.markoutDistancesTicks, o.markoutHorizonsS.map(secondsToNs));
  const orders = new MarketOrderFeed([response, signs, markout]);
  const study = await runOfiStudy(data, { bucketNs: o.ofiBucketNs, durationNs: o.durationNs }, [grid, trades, orders]);
  const tick = data.meta.tickSize;
  const gridS = o.gridNs / NS_PER_S;
  const every = (h: number) => Math.max(1, Math.round(h / gridS));
  const mids = grid.mids.view();
  const d = study.durationS;
  return {
    symbol: data.meta.symbol,
    tickSize: tick,
    durationS: d,
    events: study.events,
    eventsPerS: study.events / d,
    spread: spreadFacts(grid.spreadHist),
    depth: { meanBestBidQty: grid.bidQtySum / grid.validSamples, meanBestAskQty: grid.askQtySum / grid.validSamples },
    trades: { printsPerS: trades.prints / d, ordersPerS: trades.orders / d, counts: o.countBinsS.map((s, b) => countFacts(trades.counts(b), s, o.maxLag)) },
    tradeSize: sizeFacts(trades.sizes.view()),
    volatility: o.volHorizonsS.map((h) => {
      const r = gridReturns(mids, every(h));
      return { horizonS: h, returns: r.length, sigmaQuotePerSqrtS: volatilityPerSqrtS(r, every(h) * gridS) * tick };
    }),
    squaredReturnAcf: o.acfHorizonsS.map((h) => ({ horizonS: h, acf: acfLags(squares(gridReturns(mids, every(h))), o.maxLag) })),
    ofi: { bucketS: study.bucketS, n: study.overall.n, beta: study.overall.beta, t: study.overall.tBeta, tHc1: study.overall.tBetaHc1, r2: study.overall.r2 },
    response: response.result(),
    signAcf: signs.result(),
    makerMarkout: markout.result(),
  };
}
