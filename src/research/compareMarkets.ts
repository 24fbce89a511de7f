import { num, sig, textTable } from "./ofiFormat.ts";
import type { StylizedFacts } from "./stylizedFacts.ts";

/** One line of the comparison: a fact, its unit, both values and synth / real. */
export interface FactRow {
  fact: string;
  unit: string;
  real: number;
  synth: number;
  ratio: number;
}

/** Lags of the squared-return autocorrelation shown in the table (all lags are in the JSON). */
const SHOWN_LAGS = [1, 5, 10];

/** The facts of one market as labelled values, in table order. */
export function factValues(f: StylizedFacts): [fact: string, unit: string, value: number][] {
  const rows: [string, string, number][] = [
    ["events per second", "1/s", f.eventsPerS],
    ["spread mean", "ticks", f.spread.meanTicks],
    ["spread median", "ticks", f.spread.p50Ticks],
    ["spread p90", "ticks", f.spread.p90Ticks],
    ["spread p99", "ticks", f.spread.p99Ticks],
    ["spread at 1 tick", "share of time", f.spread.shareOneTick],
    ["best bid size, mean", "base", f.depth.meanBestBidQty],
    ["best ask size, mean", "base", f.depth.meanBestAskQty],
    ["trade prints per second", "1/s", f.trades.printsPerS],
    ["market orders per second", "1/s", f.trades.ordersPerS],
  ];
  for (const c of f.trades.counts) {
    rows.push([`orders per ${c.binS} s: CV`, "sd/mean", c.cv], [`orders per ${c.binS} s: Fano`, "var/mean (Poisson 1)", c.fano], [`orders per ${c.binS} s: ACF lag 1`, "", c.acf[0]]);
  }
  rows.push(
    ["order size median", "base", f.tradeSize.median],
    ["order size mean", "base", f.tradeSize.mean],
    ["order size p90", "base", f.tradeSize.p90],
    ["order size p99", "base", f.tradeSize.p99],
  );
  for (const v of f.volatility) rows.push([`σ at ${v.horizonS} s`, "quote/√s", v.sigmaQuotePerSqrtS]);
  for (const a of f.squaredReturnAcf) for (const lag of SHOWN_LAGS) if (lag <= a.acf.length) rows.push([`ACF of r² (${a.horizonS} s) lag ${lag}`, "", a.acf[lag - 1]]);
  rows.push(
    [`OFI→Δmid R² (${f.ofi.bucketS} s)`, "", f.ofi.r2],
    [`OFI→Δmid β (${f.ofi.bucketS} s)`, "ticks/base", f.ofi.beta],
    [`OFI→Δmid t (${f.ofi.bucketS} s)`, "", f.ofi.t],
  );
  return rows;
}

/** The two markets side by side with the ratio synth / real (the facts must be computed with the same options). */
export function compareFacts(real: StylizedFacts, synth: StylizedFacts): FactRow[] {
  const a = factValues(real);
  const b = new Map(factValues(synth).map(([fact, , v]) => [fact, v]));
  return a.map(([fact, unit, r]) => {
    const s = b.get(fact) ?? NaN;
    return { fact, unit, real: r, synth: s, ratio: s / r };
  });
}

/** The comparison as a text table. */
export function formatComparison(rows: FactRow[], labels: { real: string; synth: string }): string {
  const body = rows.map((r) => [r.fact, r.unit, sig(r.real, 4), sig(r.synth, 4), num(r.ratio, 2)]);
  return `REAL  = ${labels.real}\nSYNTH = ${labels.synth}\n\n${textTable(["fact", "unit", "REAL", "SYNTH", "SYNTH/REAL"], body, 2)}`;
}
