import { renderHtml } from "../report/html.ts";
import { signaturePlotSpec } from "./charts/signaturePlot.ts";
import { num, sig } from "./ofiFormat.ts";
import { chartFiles, htmlTable, jsonText, writeOutputFolder, type OutputFile } from "./output.ts";
import type { FactRow } from "./compareMarkets.ts";
import type { StylizedFacts } from "./stylizedFacts.ts";

/** What compare-markets found: both markets' facts and the side-by-side rows. */
export interface MarketComparison {
  real: { label: string; description: Record<string, unknown>; facts: StylizedFacts };
  synth: { label: string; description: Record<string, unknown>; facts: StylizedFacts };
  rows: FactRow[];
}

const NOTES = `<p>Times are exchange times since each data set's first event. Spread, depth and mid are sampled every 100 ms of data time
(the book in force at each instant: time averages). A market order is a run of trade prints with the same timestamp and aggressor
side; its size is their sum. CV = standard deviation / mean and Fano = variance / mean of the order counts per bin (a Poisson
process has Fano 1; clustering makes it larger). σ_h = √(mean r_h² / h) from non-overlapping mid changes over h, in quote currency
per √s, so horizons compare. ACF of r²: autocorrelation of squared returns (volatility clustering). OFI→Δmid: OLS of the mid change
(ticks) on the Cont–Kukanov–Stoikov order-flow imbalance per bucket. Quantiles are nearest-rank.</p>`;

/** Writes the comparison folder: facts.json, signature.svg/.png and report.html (the table, the notes and the signature plot). */
export async function writeComparison(path: string, force: boolean, c: MarketComparison): Promise<string[]> {
  const spec = signaturePlotSpec([{ label: `REAL: ${c.real.label}`, facts: c.real.facts }, { label: `SYNTH: ${c.synth.label}`, facts: c.synth.facts }]);
  const table = htmlTable(["fact", "unit", "REAL", "SYNTH", "SYNTH / REAL"], c.rows.map((r) => [r.fact, r.unit, sig(r.real, 4), sig(r.synth, 4), num(r.ratio, 2)]));
  const html = renderHtml({
    title: `Stylized facts: ${c.real.facts.symbol} vs ${c.synth.facts.symbol}`,
    sections: [
      { id: "facts", heading: "Stylized facts side by side", html: `${table}\n${NOTES}` },
      { id: "signature", heading: "Signature plot", spec },
    ],
    footer: [
      ["REAL", `${c.real.label}: ${num(c.real.facts.durationS, 1)} s, ${c.real.facts.events} events`],
      ["SYNTH", `${c.synth.label}: ${num(c.synth.facts.durationS, 1)} s, ${c.synth.facts.events} events`],
    ],
  });
  const files: OutputFile[] = [["facts.json", jsonText(c)], ...(await chartFiles("signature", spec)), ["report.html", html]];
  writeOutputFolder(path, force, files);
  return files.map(([name]) => name);
}
