import { escapeHtml, renderHtml } from "../report/html.ts";
import { ofiScatterSpec } from "../research/charts/ofiScatter.ts";
import { num, sig } from "../research/ofiFormat.ts";
import { chartFiles, htmlTable, jsonText, writeOutputFolder, type OutputFile } from "../research/output.ts";
import type { CalibratedConfig } from "./calibrationConfig.ts";
import { calibrationJson } from "./calibrationJson.ts";
import { intensityCurveSpec } from "./charts/intensityCurve.ts";
import { volatilityHorizonsSpec } from "./charts/volatilityHorizons.ts";
import type { ExponentialFit } from "../estimators/logLinearFit.ts";
import type { MarketCalibration } from "./marketCalibration.ts";

/** The files `mmlab calibrate` writes, in order. */
export const CALIBRATION_FILES = ["calibration.json", "calibration.config.json", "intensity.svg", "intensity.png", "volatility.svg", "volatility.png", "ofi-scatter.svg", "ofi-scatter.png", "calibration.html"];

const fitRow = (name: string, f: ExponentialFit): string[] => [name, sig(f.A, 4), sig(f.k, 4), Number.isFinite(f.k) && f.k > 0 ? sig(1 / f.k, 4) : "—", num(f.r2, 3), String(f.points)];

function summaryHtml(c: MarketCalibration, warnings: string[]): string {
  const i = c.fit.intensity;
  const fits = htmlTable(["λ(δ) = A·e^(−kδ)", "A (1/s per side)", "k (1/quote)", "1/k (quote)", "R² of ln λ", "points"], [fitRow("both sides (the config's)", i), fitRow("ask side (market buys)", i.ask), fitRow("bid side (market sells)", i.bid)]);
  const e = c.ewma;
  const o = c.ofi.overall;
  const vol = htmlTable(
    ["volatility", "σ (quote/√s)", "samples"],
    [
      [`realised at the loop cadence (${c.fit.sigmaIntervalMs} ms) → volatility.base_sigma`, sig(c.fit.sigma, 4), String(c.fit.sigmaSamples)],
      ...c.horizons.map((h) => [`realised at h = ${h.horizonS} s`, sig(h.sigmaQuotePerSqrtS, 4), String(h.changes)]),
      [`EWMA σ (N = ${e.window}), median over the data (p10 … p90)`, `${sig(e.p50, 4)} (${sig(e.p10, 4)} … ${sig(e.p90, 4)})`, String(e.samples)],
      [`EWMA σ_base (N = ${e.baseWindow}) at the end`, sig(e.baseLast, 4), ""],
    ],
  );
  const ofi = htmlTable(["OFI impact", "β (ticks per base unit)", "t (OLS)", "t (HC1)", "R²", "buckets"], [[`${c.ofi.bucketS} s buckets`, sig(o.beta, 4), num(o.tBeta, 2), num(o.tBetaHc1, 2), num(o.r2, 3), String(o.n)]]);
  const warn = warnings.length === 0 ? `<p class="pass">No warnings: every fit passed its checks.</p>` : `<ul class="fail">${warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join("")}</ul>`;
  return `${warn}\n${fits}\n<p>λ(δ) counts, per side, the market orders that reached at least δ from the mid in force before them (a run of trades with one timestamp and aggressor side is one order), per second with a two-sided book; ln λ is fitted on δ by least squares over the distances with at least the minimum count of orders. ${c.fit.marketOrders.toLocaleString("en-US")} market orders in ${num(i.seconds, 1)} s.</p>\n${vol}\n${ofi}`;
}

function tableHtml(c: MarketCalibration): string {
  const i = c.fit.intensity;
  return htmlTable(
    ["δ (ticks)", "δ (quote)", "buys ≥ δ", "sells ≥ δ", "λ ask (1/s)", "λ bid (1/s)", "λ both (1/s per side)", "fit λ both", "in fit"],
    i.table.map((r) => [num(r.deltaTicks, 1), num(r.deltaQuote, 4), String(r.buys), String(r.sells), sig(r.lambdaAsk, 4), sig(r.lambdaBid, 4), sig(r.lambda, 4), sig(i.A * Math.exp(-i.k * r.deltaQuote), 4), r.fitted ? "yes" : "no"]),
  );
}

function windowsHtml(c: MarketCalibration): string {
  if (c.windows.length === 0) return `<p>No complete window of ${c.windowSeconds} s in the data.</p>`;
  return htmlTable(["window end (s)", "A (1/s)", "k (1/quote)", "R²", "σ (quote/√s)", "two-sided s"], c.windows.map((w) => [num(w.tNs / 1e9, 1), sig(w.intensity.A, 4), sig(w.intensity.k, 4), num(w.intensity.r2, 3), sig(w.sigma, 4), num(w.intensity.seconds, 1)]));
}

/**
 * Writes the calibration folder all-or-nothing: calibration.json, calibration.config.json (config
 * keys only), the λ(δ), volatility and OFI charts (SVG and PNG), calibration.html, and any `extra`
 * files (the market fit's market.json and market-fit.json) in the same write.
 */
export async function writeCalibration(path: string, force: boolean, label: string, c: MarketCalibration, warnings: string[], calibrated: CalibratedConfig, extra: OutputFile[] = []): Promise<string[]> {
  const intensity = intensityCurveSpec(c.fit.intensity, c.meta.symbol);
  const volatility = volatilityHorizonsSpec(c.horizons, c.ewma, c.meta.symbol);
  const ofi = ofiScatterSpec(c.ofi);
  const html = renderHtml({
    title: `Calibration: ${c.meta.symbol}`,
    sections: [
      { id: "summary", heading: "Fitted values", html: summaryHtml(c, warnings) },
      { id: "intensity", heading: "λ(δ) per side", spec: intensity },
      { id: "volatility", heading: "Volatility by horizon", spec: volatility },
      { id: "ofi", heading: "OFI price impact", spec: ofi },
      { id: "windows", heading: `Per window of ${c.windowSeconds} s`, html: windowsHtml(c) },
      { id: "table", heading: "λ(δ) table", html: tableHtml(c) },
      { id: "config", heading: "Config", html: `<p>calibration.config.json — <code>mmlab backtest --config calibration.config.json</code>:</p>\n<pre>${escapeHtml(jsonText(calibrated.config))}</pre>${calibrated.omitted.map((m) => `<p class="fail">not in the config: ${escapeHtml(m)}</p>`).join("")}` },
    ],
    footer: [
      ["source", label],
      ["data", JSON.stringify(c.description)],
      ["symbol", `${c.meta.symbol} (${c.meta.venue}, ${c.meta.source}), tick ${c.meta.tickSize}, lot ${c.meta.lotSize}`],
      ["span", `${num(c.durationS, 1)} s, ${c.events.toLocaleString("en-US")} events`],
    ],
  });
  const files: OutputFile[] = [
    ["calibration.json", jsonText(calibrationJson(label, c, warnings, calibrated))],
    ["calibration.config.json", jsonText(calibrated.config)],
    ...(await chartFiles("intensity", intensity)),
    ...(await chartFiles("volatility", volatility)),
    ...(await chartFiles("ofi-scatter", ofi)),
    ["calibration.html", html],
    ...extra,
  ];
  writeOutputFolder(path, force, files);
  return files.map(([name]) => name);
}
