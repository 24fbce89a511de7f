import { MmlabError } from "../../core/errors.ts";
import { syntheticSchema, type SyntheticParams } from "../../data/synthetic/params.ts";
import type { MarketData } from "../../data/sources/marketData.ts";
import { correctDirectParams, directParams, type SimulatedPoint } from "./directParams.ts";
import { directStats } from "./directStats.ts";
import { fitHawkes } from "./hawkesFit.ts";
import { estimateJumps, MidGrid } from "./jumpFit.ts";
import type { ImpactKernel } from "./impactResidual.ts";
import { referenceKernel } from "./referenceKernel.ts";
import { marketEstimates, marketWarnings } from "./marketEstimates.ts";
import type { MarketFit, MarketFitOptions } from "./marketFitTypes.ts";
import { scanMarket } from "./marketScan.ts";
import { simulatedData } from "./simulatedData.ts";
import { tapeMoments, type MomentSpec } from "./tapeMoments.ts";
import { fitValueImpact, type ValueImpact } from "./valueImpactFit.ts";

export type { MarketFit, MarketFitOptions, ParamEstimate, FittedMoments } from "./marketFitTypes.ts";

/**
 * Fits the synthetic market (src/data/synthetic) to market data:
 *
 *   data ─▶ one pass (marketScan.ts) ─┬▶ Hawkes MLE on the market-order arrivals ─────────────▶ μ, α, β
 *                                     ├▶ order sizes: lognormal quantiles, tail excess ───────▶ sizes, sweeps
 *                                     ├▶ depth changes, touch, latency (directStats.ts) ──────▶ book, feed latency
 *                                     └▶ tape of orders and mids ─▶ moments (momentVector.ts)
 *   start: η, ρ from the raw response; σ from the residual variance; φ from the residual response
 *   simulate the market at the start ─▶ correct the book/sweep parameters (directParams.ts), twice
 *   simulated moments (valueImpactFit.ts) ─────────────────────────────────────────────────▶ σ, η, ρ, T, φ, H
 *   the Hawkes α for the generator's clock; simulate the fitted market ─▶ its moments; correct
 *   the book/sweeps a last time ─▶ params (syntheticSchema), estimates, warnings
 *
 * Jumps of the mid (bipower variation, jumpFit.ts) and the venue's depth cadence (a depth stream
 * published every 100 ms, as Binance's, lets trades print through a book it has not yet shown)
 * are measured directly and kept while σ is fitted.
 *
 * Conventions: symbol, venue, tick and lot from the data's metadata; the first mid as the initial
 * price; the data's start and duration (callers override the duration); seasonality 0, flat
 * regimes and a constant volatility (volOfVol 0), which a file of minutes or a few hours cannot
 * estimate. A fit takes a few seconds plus 10 + maxIterations simulations of
 * `simulatedHours`.
 */
export async function fitMarket(data: MarketData, options: MarketFitOptions = {}): Promise<MarketFit> {
  const maxIterations = options.maxIterations ?? 8;
  const seed = options.seed ?? "market-fit";
  const bookWindowTicks = options.bookWindowTicks ?? 500;
  if (options.simulatedHours !== undefined && !(options.simulatedHours > 0)) throw new MmlabError(`market fit: simulatedHours ${options.simulatedHours}: must be > 0`);
  if (!(Number.isInteger(maxIterations) && maxIterations >= 0)) throw new MmlabError(`market fit: maxIterations ${maxIterations}: must be an integer ≥ 0`);
  const progress = options.onProgress ?? (() => undefined);
  const tick = data.meta.tickSize;

  progress("reading the data");
  const scan = await scanMarket(data, { bookWindowTicks, arrivals: true, book: true, durationNs: options.durationNs });
  if (Number.isNaN(scan.firstMidTicks)) throw new MmlabError("market fit: the data never has a two-sided book");
  if (scan.marketOrders < 20) throw new MmlabError(`market fit: only ${scan.marketOrders} market order(s) in the data; at least 20 are needed`);
  if (!(scan.durationS > 0)) throw new MmlabError("market fit: the data spans no time");
  // Simulations about twice as long as the data keep their noise below the data's; bounded for time.
  const simulatedHours = options.simulatedHours ?? Math.min(4, Math.max(0.5, (2 * scan.durationS) / 3600));
  const stats = directStats(scan);
  progress(`${scan.marketOrders} market orders in ${scan.durationS.toFixed(0)} s: Hawkes maximum likelihood`);
  // The intensity held between the data's timestamps (as the generator holds it) or decaying continuously (a real
  // venue): whichever the data's likelihood prefers.
  const held = fitHawkes(scan.arrivals!, "steps");
  const continuous = fitHawkes(scan.arrivals!, "continuous");
  const hawkes = held.logLikelihood >= continuous.logLikelihood ? held : continuous;

  // Jumps of the mid (bipower variation on a 1 s grid) and the venue's depth cadence go in as found:
  // the simulated moments then fit the diffusive σ around them.
  const grid = new MidGrid(1e9);
  scan.tape.replay([grid]);
  const jumps = estimateJumps(grid.mids.view(), 1);
  const depthIntervalMs = depthCadenceMs(scan.depthGapsMs.quantile(0.1), scan.depthGapsMs.quantile(0.5));

  const defaults = syntheticSchema.parse({});
  const flat = { vol: 1, trades: 1, liquidity: 1 };
  const conventions = {
    symbol: data.meta.symbol,
    venue: data.meta.venue,
    tickSize: tick,
    lotSize: data.meta.lotSize,
    startEpochMs: Number(data.originNs / 1_000_000n),
    durationS: scan.durationS,
    initialPrice: scan.firstMidTicks * tick,
    seasonality: 0,
    jumpsPerHour: jumps.jumpsPerHour,
    jumpStdQuote: jumps.jumpsPerHour > 0 ? jumps.jumpStdTicks * tick : defaults.jumpStdQuote,
    depthIntervalMs,
    volOfVol: 0,
    regimes: {
      normal: { ...flat, meanDurationS: defaults.regimes.normal.meanDurationS },
      highVol: { ...flat, meanDurationS: defaults.regimes.highVol.meanDurationS },
      lowLiquidity: { ...flat, meanDurationS: defaults.regimes.lowLiquidity.meanDurationS },
    },
  };
  const initial = directParams(stats, defaults);
  let direct = initial;
  const arrivals = { tradeRatePerS: Math.max(hawkes.mu, 1e-6), hawkesAlpha: hawkes.alpha, hawkesBetaPerS: hawkes.beta };

  // Moments: the raw response gives the start of η and ρ and the reference kernel; the residual moments of that kernel are matched.
  const spec: MomentSpec = { lagsS: [0.1, 1, 5, 10, 30, 60], horizonsS: [1, 10, 60], sizeExponent: defaults.impactExponent, reachTicks: 25 };
  const raw = tapeMoments(scan.tape, { etaTicks: 0, exponent: spec.sizeExponent, permanentShare: 1, decayS: 1 }, spec);
  const slopeAt = (lagS: number): number => raw.responses.find((r) => r.lagS === lagS)!.slope;
  const rho0 = clamp(slopeAt(60) / slopeAt(1), 0.2, 0.8, defaults.impactPermanentShare);
  const kernel: ImpactKernel = referenceKernel(scan.tape, { exponent: spec.sizeExponent, permanentShare: rho0, decayS: defaults.impactDecayS }, 10);
  const eta0 = clamp(slopeAt(1), kernel.etaTicks / 3, kernel.etaTicks * 3, kernel.etaTicks);
  const measured = tapeMoments(scan.tape, kernel, spec);
  const moments = measured.vector;
  const residual10 = measured.horizons.find((h) => h.horizonS === 10)!.residualTicks2PerS;
  const sigma0Ticks = clamp(Math.sqrt(residual10), 1e-3, 1e9, defaults.sigmaQuotePerSqrtS / tick);
  const a10 = measured.residualResponses.find((r) => r.lagS === 10)!.intercept;
  const start: ValueImpact = {
    sigmaQuotePerSqrtS: sigma0Ticks * tick,
    impactTicks: eta0,
    impactPermanentShare: rho0,
    impactDecayS: defaults.impactDecayS,
    // the residual's mean move after an order at 10 s ≈ φ·σ·√(2H/π) when informed orders see H ahead
    informedShare: clamp(a10 / (sigma0Ticks * Math.sqrt((2 * defaults.informedHorizonS) / Math.PI)), 0.05, 0.8, defaults.informedShare),
    informedHorizonS: defaults.informedHorizonS,
  };

  const assemble = (theta: ValueImpact): SyntheticParams => ({ ...defaults, ...conventions, ...direct, ...arrivals, ...theta });
  // Two rounds at the start, so that the simulated moments see a book close to the data's.
  const history: SimulatedPoint[] = [];
  for (let round = 1; round <= 2; round++) {
    progress(`simulating ${simulatedHours} h of the start market to correct the book's parameters (${round} of 2)`);
    const startScan = await scanMarket(simulatedData({ ...assemble(start), durationS: simulatedHours * 3600 }, seed), { bookWindowTicks, arrivals: false, book: true });
    history.push({ params: direct, stats: directStats(startScan) });
    direct = correctDirectParams(stats, history, initial);
  }

  progress(`simulated moments: ${moments.names.length} moments, ${1 + 6 + maxIterations} simulations of ${simulatedHours} h`);
  const fit = await fitValueImpact(moments, assemble(start), start, {
    simulatedHours,
    maxIterations,
    seed,
    spec,
    kernel,
    onEvaluation: (k, c, f) => progress(`simulation ${k}: distance ${f.toFixed(1)} at σ ${c.sigmaQuotePerSqrtS.toPrecision(3)}, η ${c.impactTicks.toPrecision(3)}, ρ ${c.impactPermanentShare.toFixed(3)}, T ${c.impactDecayS.toPrecision(3)}, φ ${c.informedShare.toFixed(3)}, H ${c.informedHorizonS.toPrecision(3)}`),
  });
  // The generator holds the Hawkes intensity between its own clock steps, so the same α excites more
  // there (kernel mass ∝ α(1 + β/steps per s)) than in continuous time or on a denser clock: α is rescaled to keep it.
  const generatorSteps = history[history.length - 1].stats.timestampsPerS;
  const alphaScale = (hawkes === held ? 1 + hawkes.beta / stats.timestampsPerS : 1) / (1 + hawkes.beta / generatorSteps);
  arrivals.hawkesAlpha = hawkes.alpha * alphaScale;
  progress(`simulating ${simulatedHours} h of the fitted market: its moments, and a last correction of the book's parameters`);
  const lastScan = await scanMarket(simulatedData({ ...assemble(fit.params), durationS: simulatedHours * 3600 }, seed), { bookWindowTicks, arrivals: false, book: true });
  const simulatedStats = directStats(lastScan);
  const fittedMoments = tapeMoments(lastScan.tape, kernel, spec).vector;
  history.push({ params: direct, stats: simulatedStats });
  direct = correctDirectParams(stats, history, initial);

  const params = syntheticSchema.parse(assemble(fit.params));
  const context = { scan, stats, jumps, depthIntervalMs, hawkes, hawkesClock: hawkes === held ? ("steps" as const) : ("continuous" as const), alphaScale, generatorSteps, fit, start, kernel, simulatedHours, bookWindowTicks, simulatedStats, fittedMoments, initialDirect: initial };
  return {
    params,
    estimates: marketEstimates(params, context),
    warnings: marketWarnings(params, context),
    moments: { names: moments.names, data: moments.values, fitted: fittedMoments.values, se: moments.se, simulatedHours, simulations: fit.evaluations + 3 },
  };
}

/** x within [lo, hi], or `fallback` when x is not a number. */
function clamp(x: number, lo: number, hi: number, fallback: number): number {
  return Number.isFinite(x) ? Math.min(hi, Math.max(lo, x)) : fallback;
}

/**
 * The venue's depth cadence, ms: a stream whose depth rows come at least `minCadenceMs` apart at
 * the 10th percentile of their gaps is batched, at its median gap rounded to 10 ms; otherwise 0
 * (every change at once).
 */
export function depthCadenceMs(gapP10Ms: number, gapMedianMs: number, minCadenceMs = 20): number {
  if (!(gapP10Ms >= minCadenceMs) || !Number.isFinite(gapMedianMs)) return 0;
  return Math.max(10, Math.round(gapMedianMs / 10) * 10);
}

