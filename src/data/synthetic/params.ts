import * as z from "zod";

/**
 * Parameters of the synthetic market. Prices in ticks, sizes in base units, rates per second.
 * The default is a BTC-USDT-like day on the Binance tick grid (0.01 USDT), tuned against the
 * Binance sample (docs/synthetic-market.md): one-tick spread, ~2 BTC at the touch, market-order
 * sizes, rate and clustering as there, and fills of resting orders adversely selected as on
 * every real file; calmer, and at a lower event density than the real venue (about 75 events/s
 * instead of ~500–1,000) so a full day runs in seconds. `mmlab calibrate FILE --market` fits
 * these parameters to a file (market.json).
 */
export const regimeSchema = z.strictObject({
  /** Multiplier on the efficient price's volatility. */
  vol: z.number().positive(),
  /** Multiplier on market-order arrivals. */
  trades: z.number().positive(),
  /** Multiplier on limit-order arrivals and their sizes. */
  liquidity: z.number().positive(),
  /** Mean time spent in the regime per visit, seconds. */
  meanDurationS: z.number().positive(),
});
export type Regime = z.infer<typeof regimeSchema>;

export const syntheticSchema = z.strictObject({
  symbol: z.string().default("BTCUSDT"),
  venue: z.string().default("synthetic"),
  tickSize: z.number().positive().default(0.01),
  lotSize: z.number().positive().default(0.00001),
  /** Epoch ms of the first event (default 2024-08-09T00:00:00Z). */
  startEpochMs: z.number().int().nonnegative().default(1723161600000),
  durationS: z.number().positive().default(86400),
  initialPrice: z.number().positive().default(61000),
  /** Efficient-price volatility in the normal regime, quote currency per √s. */
  sigmaQuotePerSqrtS: z.number().nonnegative().default(0.4),
  /** Vol-of-vol of the log-volatility OU process, and its mean reversion rate (1/s). */
  volOfVol: z.number().nonnegative().default(0.6),
  volMeanReversionPerS: z.number().positive().default(1 / 1800),
  /** Jumps of the efficient price: rate per hour and standard deviation (quote currency). */
  jumpsPerHour: z.number().nonnegative().default(0.2),
  jumpStdQuote: z.number().nonnegative().default(25),
  /** Limit-order arrivals per second per side, and their mean distance from the efficient price (ticks). */
  limitRatePerS: z.number().positive().default(12),
  limitMeanOffsetTicks: z.number().positive().default(60),
  /** Probability that a limit order joins at the touch (offset 0). */
  limitAtTouchProb: z.number().min(0).max(1).default(0.45),
  /** Median and log-std of limit-order sizes, base units. */
  limitSizeMedian: z.number().positive().default(0.02),
  limitSizeLogStd: z.number().nonnegative().default(1.3),
  /** Market makers' quotes into a spread wider than one tick: rate (1/s while the gap lasts; 0 = none), median size and log-std (base units). */
  quoteRatePerS: z.number().nonnegative().default(1000),
  quoteSizeMedian: z.number().positive().default(3),
  quoteSizeLogStd: z.number().nonnegative().default(0.3),
  /** Probability that a quote is moved: its size leaves the side's previous best level (when that holds at least half of it). */
  quoteMoveProb: z.number().min(0).max(1).default(1),
  /** Best levels the efficient price has passed by more than this many ticks are pulled at once (0 = never: they fade by cancels). */
  stalePullTicks: z.number().nonnegative().default(10),
  /** Cancel rate per resting level per second. */
  cancelRatePerLevelS: z.number().positive().default(0.2),
  /** Baseline market-order rate (1/s) and Hawkes excitation (jump α, decay β per s). */
  tradeRatePerS: z.number().positive().default(2.2),
  hawkesAlpha: z.number().nonnegative().default(4.2),
  hawkesBetaPerS: z.number().positive().default(6),
  /** Median and log-std of market-order sizes, base units (heavy tail: large orders sweep). */
  tradeSizeMedian: z.number().positive().default(0.003),
  tradeSizeLogStd: z.number().nonnegative().default(2.6),
  tradeSizeMax: z.number().positive().default(5),
  /**
   * Informed flow: a share of market orders trade in the direction of the exogenous value's move
   * over the next `informedHorizonS` (they know the news before it reaches the book), so their
   * orders predict the efficient price's next moves.
   */
  informedShare: z.number().min(0).max(1).default(0.3),
  informedHorizonS: z.number().positive().max(600).default(5),
  /** An informed order takes no level beyond the efficient price it expects a horizon later, less this edge (ticks). */
  informedEdgeTicks: z.number().nonnegative().default(5),
  /** Probability that a market order is a large sweep, the sweeps' mean size (exponential), and the share of sweeps that are informed. */
  sweepProb: z.number().min(0).max(1).default(0.005),
  sweepSizeMean: z.number().positive().default(2),
  sweepInformedShare: z.number().min(0).max(1).default(0.8),
  /**
   * Price impact of every market order on the efficient price (propagator): ε·η·v^ψ at once, a
   * share ρ of it permanent, the rest decaying with time constant T. η in ticks for 1 base unit.
   */
  impactTicks: z.number().nonnegative().default(90),
  impactExponent: z.number().positive().max(1).default(0.5),
  impactPermanentShare: z.number().min(0).max(1).default(0.7),
  impactDecayS: z.number().positive().default(20),
  /** Grid of the exogenous value path (ms): its time resolution. */
  valueGridMs: z.number().positive().max(1000).default(50),
  /** Amplitude of the intraday seasonality of activity and volatility (0 = flat). */
  seasonality: z.number().min(0).max(0.95).default(0.4),
  /** UTC hour of peak activity. */
  seasonalityPeakHourUtc: z.number().min(0).max(24).default(14.5),
  /** Depth is published every this many ms (the levels changed in the interval, at its end; trades in real time); 0 = every change at once. Binance's `@depth@100ms` stream: 100. */
  depthIntervalMs: z.number().nonnegative().max(60_000).default(0),
  /** Market-data latency from the exchange to us: median (ms) and log-std. */
  feedLatencyMs: z.number().nonnegative().default(5),
  feedLatencyLogStd: z.number().nonnegative().default(0.3),
  /** Levels kept per side (deeper ones are dropped from the book). */
  maxLevels: z.number().int().min(4).max(512).default(32),
  /** Regimes and their switching (normal, high volatility, low liquidity). */
  regimes: z
    .strictObject({ normal: regimeSchema, highVol: regimeSchema, lowLiquidity: regimeSchema })
    .default({
      normal: { vol: 1, trades: 1, liquidity: 1, meanDurationS: 4 * 3600 },
      highVol: { vol: 2.5, trades: 1.8, liquidity: 0.8, meanDurationS: 1800 },
      lowLiquidity: { vol: 1.3, trades: 0.8, liquidity: 0.35, meanDurationS: 1800 },
    }),
  batchRows: z.number().int().positive().default(65536),
});

export type SyntheticParams = z.infer<typeof syntheticSchema>;
export type SyntheticParamsInput = z.input<typeof syntheticSchema>;
