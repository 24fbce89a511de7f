import { escapeHtml, renderHtml } from "../report/html.ts";
import { makerMarkoutSpec } from "./charts/makerMarkout.ts";
import { signaturePlotSpec } from "./charts/signaturePlot.ts";
import { num } from "./ofiFormat.ts";
import { chartFiles, htmlTable, jsonText, writeOutputFolder, type OutputFile } from "./output.ts";
import { COMPARISON_HEADER, rowCells, SIGNED_METRIC_NOTES, type FactRow } from "./compareMarkets.ts";
import type { StylizedFacts } from "./stylizedFacts.ts";
import { VERDICT_RULES } from "./verdict.ts";

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
(ticks) on the Cont–Kukanov–Stoikov order-flow imbalance per bucket. Quantiles are nearest-rank.</p>
<p>Signed metrics (after Vyetrenko et al. 2019, "Get Real", and Bouchaud et al.), with ± one standard error and the number of
observations: ${SIGNED_METRIC_NOTES.map(escapeHtml).join("; ")}. m(t⁻) is the mid settled before the order's timestamp (none of its
prints or depth updates), m(t + h) the mid in force at t + h of exchange time; orders without a valid mid then, or with t + h past the
data's end, are left out. Standard errors treat the orders as independent (overlapping horizons and clustered orders make the
true ones larger). Where the depth feed is conflated (Binance spot: a diff every 100 ms, trades in real time) m(t⁻) can be that
old when the order prints: its reach, R and the maker markout then include the move the book had not shown yet.</p>
<p>Verdicts:<br>
${VERDICT_RULES.map((r) => escapeHtml(r.trim())).join("<br>\n")}</p>`;

/** Writes the comparison folder: facts.json, signature.svg/.png, markout.svg/.png and report.html (the table, the notes and the charts). */
export async function writeComparison(path: string, force: boolean, c: MarketComparison): Promise<string[]> {
  const markets = [{ label: `REAL: ${c.real.label}`, facts: c.real.facts }, { label: `SYNTH: ${c.synth.label}`, facts: c.synth.facts }];
  const spec = signaturePlotSpec(markets);
  const markout = makerMarkoutSpec(markets);
  const table = htmlTable(COMPARISON_HEADER, c.rows.map(rowCells));
  const html = renderHtml({
    title: `Stylized facts: ${c.real.facts.symbol} vs ${c.synth.facts.symbol}`,
    sections: [
      { id: "facts", heading: "Stylized facts side by side", html: `${table}\n${NOTES}` },
      { id: "signature", heading: "Signature plot", spec },
      { id: "markout", heading: "Maker markout", spec: markout },
    ],
    footer: [
      ["REAL", `${c.real.label}: ${num(c.real.facts.durationS, 1)} s, ${c.real.facts.events} events`],
      ["SYNTH", `${c.synth.label}: ${num(c.synth.facts.durationS, 1)} s, ${c.synth.facts.events} events`],
    ],
  });
  const files: OutputFile[] = [["facts.json", jsonText(c)], ...(await chartFiles("signature", spec)), ...(await chartFiles("markout", markout)), ["report.html", html]];
  writeOutputFolder(path, force, files);
  return files.map(([name]) => name);
}
