import { num, sig, textTable } from "./ofiFormat.ts";
import type { StylizedFacts } from "./stylizedFacts.ts";
import { ratioVerdict, signedVerdict, VERDICT_RULES, type Estimate } from "./verdict.ts";

/** One line of the comparison: a fact, its unit, both values, synth / real and the verdict (signed metrics also carry standard errors and counts). */
export interface FactRow {
  fact: string;
  unit: string;
  real: number;
  synth: number;
  ratio: number;
  verdict: string;
  /** Signed metrics only: standard errors (unit of the value) and observations behind each value. */
  realSe?: number;
  synthSe?: number;
  realN?: number;
  synthN?: number;
}

/** Lags of the squared-return autocorrelation shown in the table (all lags are in the JSON). */
const SHOWN_LAGS = [1, 5, 10];

/** The level facts of one market as labelled values, in table order. */
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

/** The signed metrics of one market (response, sign autocorrelation, maker markout) as labelled estimates, in table order. */
export function signedFactValues(f: StylizedFacts): [fact: string, unit: string, value: Estimate][] {
  const rows: [string, string, Estimate][] = [];
  const est = (m: { mean: number; se: number; n: number }): Estimate => ({ value: m.mean, se: m.se, n: m.n });
  for (const l of f.response.lags) {
    rows.push(
      [`response R(${l.lagS} s)`, "ticks", est(l.all)],
      [`response R(${l.lagS} s), size > median`, "ticks", est(l.larger)],
      [`response R(${l.lagS} s), size ≤ median`, "ticks", est(l.notLarger)],
    );
  }
  for (const c of f.signAcf.lags) rows.push([`order sign ACF C(${c.lag})`, "", { value: c.acf, se: c.se, n: f.signAcf.orders }]);
  for (const d of f.makerMarkout.distances) {
    for (const h of d.horizons) rows.push([`maker markout d=${d.distanceTicks}, h=${h.horizonS} s`, "ticks", est(h)]);
  }
  return rows;
}

/** The two markets side by side with the ratio synth / real and a verdict per row (the facts must be computed with the same options). */
export function compareFacts(real: StylizedFacts, synth: StylizedFacts): FactRow[] {
  const levels = new Map(factValues(synth).map(([fact, , v]) => [fact, v]));
  const rows: FactRow[] = factValues(real).map(([fact, unit, r]) => {
    const s = levels.get(fact) ?? NaN;
    return { fact, unit, real: r, synth: s, ratio: s / r, verdict: ratioVerdict(r, s) };
  });
  const none: Estimate = { value: NaN, se: NaN, n: 0 };
  const signed = new Map(signedFactValues(synth).map(([fact, , v]) => [fact, v]));
  for (const [fact, unit, r] of signedFactValues(real)) {
    const s = signed.get(fact) ?? none;
    rows.push({ fact, unit, real: r.value, synth: s.value, ratio: s.value / r.value, verdict: signedVerdict(r, s), realSe: r.se, synthSe: s.se, realN: r.n, synthN: s.n });
  }
  return rows;
}

/** One value for a table: 4 significant digits, "± standard error" for a signed metric. */
function valueCell(value: number, se: number | undefined): string {
  return se === undefined ? sig(value, 4) : `${sig(value, 4)} ±${sig(se, 2)}`;
}

/** The cells of a row: fact, unit, REAL, SYNTH, SYNTH/REAL, verdict, n (REAL / SYNTH). */
export function rowCells(r: FactRow): string[] {
  const n = r.realN === undefined ? "" : `${r.realN} / ${r.synthN}`;
  return [r.fact, r.unit, valueCell(r.real, r.realSe), valueCell(r.synth, r.synthSe), num(r.ratio, 2), r.verdict, n];
}

/** Header of the comparison table. */
export const COMPARISON_HEADER = ["fact", "unit", "REAL", "SYNTH", "SYNTH/REAL", "verdict", "n REAL / SYNTH"];

/** What the new rows measure, one line each (the table's footnotes). */
export const SIGNED_METRIC_NOTES: readonly string[] = [
  "response R(ℓ) = mean of ε·(m(t+ℓ) − m(t⁻)) over market orders, ticks (ε = aggressor side, m(t⁻) = mid before the order's timestamp); size split at each market's median order size",
  "order sign ACF C(k) = autocorrelation of ε over consecutive market orders, k in orders (± = 1/√n)",
  "maker markout d, h = mean of −ε·(m(t+h) − fill) over market orders reaching a hypothetical quote at m(t⁻) + ε·d (fill there), ticks; negative = adversely selected",
];

/** The comparison as a text table, with the metric notes and the verdict rules under it. */
export function formatComparison(rows: FactRow[], labels: { real: string; synth: string }): string {
  const table = textTable(COMPARISON_HEADER, rows.map(rowCells), 2);
  return `REAL  = ${labels.real}\nSYNTH = ${labels.synth}\n\n${table}\n\n${SIGNED_METRIC_NOTES.join("\n")}\n\nverdicts:\n${VERDICT_RULES.join("\n")}`;
}
