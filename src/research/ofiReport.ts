import { renderHtml } from "../report/html.ts";
import { ofiScatterSpec } from "./charts/ofiScatter.ts";
import { num, sig, windowText } from "./ofiFormat.ts";
import type { OlsFit } from "./ols.ts";
import type { OfiStudyResult } from "./ofiStudy.ts";
import { chartFiles, htmlTable, jsonText, writeOutputFolder, type OutputFile } from "./output.ts";

const HEADER = ["n", "β (ticks per unit OFI)", "t (OLS)", "t (HC0)", "t (HC1)", "R²", "α (ticks)"];

function cells(f: OlsFit): string[] {
  return [String(f.n), sig(f.beta, 5), num(f.tBeta, 2), num(f.tBetaHc0, 2), num(f.tBetaHc1, 2), num(f.r2, 4), num(f.alpha, 4)];
}

/** The study's JSON (everything but the bucket series, which goes to buckets.csv). */
export function ofiStudyJson(r: OfiStudyResult): unknown {
  const { series, ...rest } = r;
  return { ...rest, bucketsKept: series.tS.length, bucketsDropped: series.dropped, units: { beta: "mid ticks per base unit of OFI", ofi: "base units", dMid: "ticks" } };
}

/** The bucket series as CSV: t_s (bucket start, s since the data origin), ofi, dmid_ticks. */
export function bucketsCsv(r: OfiStudyResult): string {
  const s = r.series;
  const lines = ["t_s,ofi,dmid_ticks"];
  for (let i = 0; i < s.tS.length; i++) lines.push(`${s.tS[i]},${s.ofi[i]},${s.dMidTicks[i]}`);
  return lines.join("\n") + "\n";
}

/** Writes the study folder: ofi-study.json, buckets.csv, ofi-scatter.svg/.png, report.html. */
export async function writeOfiStudy(path: string, force: boolean, r: OfiStudyResult): Promise<string[]> {
  const spec = ofiScatterSpec(r);
  const html = renderHtml({
    title: `OFI study: ${r.meta.symbol}, ${r.bucketS} s buckets`,
    sections: [
      { id: "scatter", heading: "Scatter and fit", spec },
      {
        id: "overall",
        heading: "Regression Δmid = α + β·OFI",
        html: `${htmlTable(["", ...HEADER], [["overall", ...cells(r.overall)]])}\n<p>t (OLS): classical standard error, homoskedastic errors. t (HC0): White's heteroskedasticity-robust standard error √(Σ(x−x̄)²e²)/Σ(x−x̄)²; t (HC1): HC0 with its variance × n/(n−2).</p>`,
      },
      { id: "windows", heading: `Per window of ${windowText(r.window)}`, html: htmlTable(["window", "from (s)", "to (s)", ...HEADER], r.windows.map((w) => [String(w.window), num(w.startS, 1), num(w.endS, 1), ...cells(w)])) },
    ],
    footer: [
      ["data", JSON.stringify(r.description)],
      ["symbol", `${r.meta.symbol} (${r.meta.venue}, ${r.meta.source}), tick ${r.meta.tickSize}`],
      ["span", `${num(r.durationS, 1)} s, ${r.events} events, ${r.series.tS.length} buckets kept, ${r.series.dropped} dropped`],
    ],
  });
  const files: OutputFile[] = [["ofi-study.json", jsonText(ofiStudyJson(r))], ["buckets.csv", bucketsCsv(r)], ...(await chartFiles("ofi-scatter", spec)), ["report.html", html]];
  writeOutputFolder(path, force, files);
  return files.map(([name]) => name);
}
