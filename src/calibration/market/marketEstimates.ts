import type { SyntheticParams } from "../../data/synthetic/params.ts";
import { CORRECTED_PARAMS, correctionsAtBound, type DirectParams } from "./directParams.ts";
import type { DirectStats } from "./directStats.ts";
import type { HawkesFit } from "./hawkesFit.ts";
import type { HawkesClock } from "./hawkesLikelihood.ts";
import type { ImpactKernel } from "./impactResidual.ts";
import type { ParamEstimate } from "./marketFitTypes.ts";
import type { JumpEstimate } from "./jumpFit.ts";
import type { MarketScan } from "./marketScan.ts";
import type { MomentVector } from "./momentVector.ts";
import { VALUE_IMPACT_PARAMETERS, type ValueImpact, type ValueImpactFit } from "./valueImpactFit.ts";

/** What the fit measured and decided, for the estimates' notes and the warnings. */
export interface FitContext {
  scan: MarketScan;
  stats: DirectStats;
  jumps: JumpEstimate;
  simulatedStats: DirectStats;
  hawkes: HawkesFit;
  hawkesClock: HawkesClock;
  alphaScale: number;
  /** Clock steps per second of the generator (the simulations before the α scaling). */
  generatorSteps: number;
  fit: ValueImpactFit;
  /** The moments of the last simulation (at the fitted σ, impact and information). */
  fittedMoments: MomentVector;
  start: ValueImpact;
  kernel: ImpactKernel;
  simulatedHours: number;
  bookWindowTicks: number;
  /** The direct estimates before the simulation's corrections. */
  initialDirect: DirectParams;
}

const g = (x: number, digits = 4): string => (Number.isFinite(x) ? String(Number(x.toPrecision(digits))) : String(x));

const UNITS: Partial<Record<keyof SyntheticParams, string>> = {
  tickSize: "quote",
  lotSize: "base units",
  startEpochMs: "ms since the epoch",
  durationS: "s",
  initialPrice: "quote",
  sigmaQuotePerSqrtS: "quote/√s",
  volOfVol: "1 (log-vol)",
  volMeanReversionPerS: "1/s",
  jumpsPerHour: "1/h",
  jumpStdQuote: "quote",
  limitRatePerS: "1/s per side",
  limitMeanOffsetTicks: "ticks",
  limitAtTouchProb: "probability",
  limitSizeMedian: "base units",
  limitSizeLogStd: "log base units",
  quoteRatePerS: "1/s",
  quoteSizeMedian: "base units",
  quoteSizeLogStd: "log base units",
  quoteMoveProb: "probability",
  stalePullTicks: "ticks",
  cancelRatePerLevelS: "1/s per level",
  tradeRatePerS: "1/s",
  hawkesAlpha: "1/s",
  hawkesBetaPerS: "1/s",
  tradeSizeMedian: "base units",
  tradeSizeLogStd: "log base units",
  tradeSizeMax: "base units",
  informedShare: "share",
  informedHorizonS: "s",
  informedEdgeTicks: "ticks",
  sweepProb: "probability",
  sweepSizeMean: "base units",
  sweepInformedShare: "share",
  impactTicks: "ticks per base unit^ψ",
  impactExponent: "ψ",
  impactPermanentShare: "share",
  impactDecayS: "s",
  valueGridMs: "ms",
  depthIntervalMs: "ms",
  seasonality: "amplitude",
  seasonalityPeakHourUtc: "h (UTC)",
  feedLatencyMs: "ms",
  feedLatencyLogStd: "log ms",
  maxLevels: "levels per side",
  batchRows: "rows",
};

/** Every parameter of the fitted market with its unit, method and notes. */
export function marketEstimates(params: SyntheticParams, c: FitContext): ParamEstimate[] {
  const out: ParamEstimate[] = [];
  const add = (param: keyof SyntheticParams, method: string, note?: string): void => {
    const value = params[param];
    out.push({ param, value: typeof value === "number" ? value : NaN, unit: UNITS[param] ?? "", method, ...(note ? { note } : {}) });
  };
  const minutes = c.scan.durationS / 60;
  const sim = `${c.simulatedHours} h per candidate, ${c.fit.evaluations} simulations`;
  const noise = Math.sqrt(1 + c.scan.durationS / (c.simulatedHours * 3600));
  const s = c.stats;
  const d = c.simulatedStats;
  add("tickSize", "data: the file's metadata");
  add("lotSize", "data: the file's metadata");
  add("startEpochMs", "convention: the data's first exchange timestamp");
  add("durationS", "convention: the data's duration (a caller sets the length it wants)");
  add("initialPrice", "convention: the first two-sided mid");
  const clock = c.hawkesClock === "steps" ? "held between the data's timestamps (as the generator holds it between its steps), which the data's likelihood preferred to a continuous decay" : "decaying continuously, which the data's likelihood preferred to one held between its timestamps";
  const hawkesMethod = `maximum likelihood: exponential Hawkes λ = μ + Σ α·e^(−β(t − tᵢ)) on ${c.hawkes.orders} market-order arrivals (a run of prints with one timestamp and aggressor side is one order), the intensity ${clock}; profile likelihood in β (log grid 0.01–1000 /s, golden section), Newton in (μ, α)`;
  add("tradeRatePerS", hawkesMethod, `market orders: ${g(s.orderRatePerS)} /s in the data, ${g(d.orderRatePerS)} /s in the last simulation; branching ratio α/β of the MLE = ${g(c.hawkes.branching, 3)}; ln L = ${g(c.hawkes.logLikelihood, 7)}`);
  add("hawkesAlpha", hawkesMethod, `the MLE ${g(c.hawkes.alpha)} × ${g(c.alphaScale, 4)}: the generator holds the intensity between its steps (${g(c.generatorSteps, 3)}/s in the fitted market; the data has ${g(s.timestampsPerS, 3)} timestamps/s), and a held intensity excites ∝ α(1 + β/steps per s), so α is scaled to keep the data's excitation`);
  add("hawkesBetaPerS", hawkesMethod);
  const sizes = `quantiles: the 10/50/90 % quantiles of ${s.sizes.orders} market-order sizes read at p·(1 − sweepProb) — the lognormal body, little moved by sweeps or the lot floor`;
  add("tradeSizeMedian", sizes);
  add("tradeSizeLogStd", sizes, "log-std = (ln q90 − ln q10)/(2·1.2816)");
  add("tradeSizeMax", "data: the largest market order seen");
  const corrected = (what: string, dataStat: number, simStat: number): string =>
    `${what}; corrected by simulation (indirect inference, three steps): the data shows ${g(dataStat)}, the last simulation before the final step ${g(simStat)}`;
  add("sweepProb", "tail excess: orders above the body's 99th percentile beyond the lognormal's share, as exponential sweeps", corrected("excess share", s.sizes.sweeps.excessShare, d.sizes.sweeps.excessShare));
  add("sweepSizeMean", "tail excess: the excess's mean size above the threshold (memoryless)", corrected("excess mean above", s.sizes.sweeps.excessMeanAbove, d.sizes.sweeps.excessMeanAbove));
  add("sweepInformedShare", "default: not identified by these statistics");
  add("limitRatePerS", `moments: depth increases within ${c.bookWindowTicks} ticks of the mid and below the quote threshold (half the median touch size, ${g(s.quoteThreshold, 3)}) per second and side`, corrected("increases /s", s.limitRatePerS, d.limitRatePerS));
  add("limitAtTouchProb", "moments: share of depth increases at or better than their side's best", corrected("share", s.limitAtTouchShare, d.limitAtTouchShare));
  add("limitMeanOffsetTicks", "moments: mean distance behind the best of the other increases − ½", corrected("mean distance", s.limitBehindTicks, d.limitBehindTicks));
  add("limitSizeMedian", "quantiles: lognormal of the sizes of the depth increases below the quote threshold (median)", corrected("median", s.limitSize.median, d.limitSize.median));
  add("limitSizeLogStd", "quantiles: lognormal of the sizes of the depth increases below the quote threshold, (ln q90 − ln q10)/(2·1.2816)", `the fitted market shows ${g(d.limitSize.logStd)} (data ${g(s.limitSize.logStd)})`);
  add("cancelRatePerLevelS", "moments: depth decreases not explained by a trade at that level within 1 s, per resting level (levels counted every second) and second", corrected("rate", s.cancelRatePerLevelS, d.cancelRatePerLevelS));
  add("quoteSizeMedian", "moments: the median size at the best bid and ask over time", corrected("touch median", s.touchSizeMedian, d.touchSizeMedian));
  add("maxLevels", "moments: the 99th percentile of levels per side within the book window, at least 32");
  for (const p of ["quoteRatePerS", "quoteSizeLogStd", "quoteMoveProb", "stalePullTicks"] as const) add(p, "default: the book's statistics do not separate it");
  add("feedLatencyMs", "quantiles: median of local − exchange time over every event");
  add("feedLatencyLogStd", "quantiles: (ln q90 − ln q10)/(2·1.2816) of local − exchange time");
  const msm = `simulated moments: ${c.fit.moments.names.length} moments (realised variance of the mid and of the mid less a reference impact at 1/10/60 s, the residual response a + b·v^ψ at 0.1–60 s, the response after orders reaching ≥ 25 ticks) matched through local linear models of the simulations, common random numbers, ${sim}`;
  for (const def of VALUE_IMPACT_PARAMETERS) {
    const se = c.fit.scaleSe[def.key] * noise;
    const spread = def.scale === "log" ? `±${g(100 * se, 2)} %` : `±${g(se, 2)}`;
    const weak = def.scale === "log" && def.priorWidth < 3 ? "; weakly identified: a weak prior centred on the start holds it where the moments say little" : "";
    add(def.key, msm, `start ${g(c.start[def.key])}; approx. 1 se ${spread} (the local model's, data and simulation noise)${weak}`);
  }
  add("impactExponent", "fixed: ψ = 0.5 (square-root impact); the moments do not separate ψ from η on data of this length");
  add("informedEdgeTicks", "default: not identified by these moments");
  const short = minutes < 6 * 60 ? `a file of ${g(minutes, 3)} minutes cannot estimate it` : "not estimated";
  add("volOfVol", "convention: 0 (constant volatility at the data's level)", `the log-volatility OU mean-reverts over ${g(1 / params.volMeanReversionPerS / 60, 3)} min: ${short}`);
  add("volMeanReversionPerS", "default: unused with volOfVol 0");
  const j = c.jumps;
  const jumpMethod = `jump test: bipower variation of the mid on a ${j.gridS}-second grid, changes beyond 4 diffusive standard deviations (√(π/2·Σ|rᵢ||rᵢ₋₁|/n)) are jumps`;
  add("jumpsPerHour", jumpMethod, `${j.jumps} jump(s) in ${j.changes} changes, carrying ${g(100 * (1 - j.bipowerTicks2PerS / j.realisedTicks2PerS), 3)} % of the variance${j.jumpsPerHour === 0 ? " (kept only from 3 jumps carrying ≥ 30 %: none kept)" : ""}; realised variance ${g(j.realisedTicks2PerS)} ticks²/s, bipower ${g(j.bipowerTicks2PerS)}`);
  add("jumpStdQuote", j.jumpsPerHour > 0 ? `${jumpMethod}; their root mean square less the diffusive variance` : "default: unused without jumps");
  add("depthIntervalMs", "data: the gaps between the depth rows' distinct exchange timestamps — batched (at the median gap, to 10 ms) when their 10th percentile is ≥ 20 ms, else 0", `10th percentile ${g(c.scan.depthGapsMs.quantile(0.1))} ms, median ${g(c.scan.depthGapsMs.quantile(0.5))} ms`);
  add("seasonality", "convention: 0 (flat activity)", `an intraday cycle needs days of data: ${short}`);
  add("seasonalityPeakHourUtc", "default: unused without seasonality");
  add("valueGridMs", "default: the value path's resolution");
  add("batchRows", "default: output batch size");
  return out;
}

/** What the data could not support, and moments the fitted market misses. */
export function marketWarnings(params: SyntheticParams, c: FitContext): string[] {
  const w: string[] = [];
  const minutes = c.scan.durationS / 60;
  if (minutes < 60) w.push(`only ${g(minutes, 3)} minutes of data: σ, the impact and the informed share are fitted on few independent moves (see each estimate's se)`);
  if (c.scan.marketOrders < 2000) w.push(`only ${c.scan.marketOrders} market orders: the Hawkes and size estimates are rough`);
  const m = c.fit.moments;
  const f = c.fittedMoments.values;
  const noise = Math.sqrt(1 + c.scan.durationS / (c.simulatedHours * 3600));
  const missed = m.names.map((n, i) => ({ n, i })).filter(({ i }) => Math.abs(f[i] - m.values[i]) > 3 * m.se[i] * noise);
  if (missed.length > 0) w.push(`the fitted market misses ${missed.length} of ${m.names.length} moments by more than 3 se: ${missed.map(({ n, i }) => `${n} (data ${g(m.values[i], 3)}, fitted ${g(f[i], 3)})`).join(", ")}`);
  for (const def of VALUE_IMPACT_PARAMETERS) {
    const v = params[def.key];
    if (def.scale === "share" && (v < 0.003 || v > 0.997)) w.push(`${def.key} = ${g(v)} sits at the edge of its range: the moments push it there`);
  }
  if (params.informedHorizonS >= 600) w.push("informedHorizonS reached the schema's 600 s limit");
  if (params.sweepProb === 0) w.push("no excess of large orders over the lognormal body: sweepProb 0");
  const bounded = correctionsAtBound(params, c.initialDirect);
  if (bounded.length > 0) w.push(`the simulated book could not reproduce the data's statistic for ${bounded.join(", ")} within the correction's limit (a factor e^1.5 of the direct estimate): this data's book differs from the generator's`);
  for (const p of CORRECTED_PARAMS) {
    if (!Number.isFinite(params[p] as number)) w.push(`${p}: not finite`);
  }
  return w;
}
