import type { CalibrationResult } from "../estimators/calibrate.ts";
import type { RollingFit } from "../estimators/rollingCalibrator.ts";
import { GENERIC_ASSETS, type AssetNames } from "../kpi/formatValue.ts";

/** A calibration as a short text report with the λ(δ) table (amounts in the instrument's quote asset when `assets` names it). */
export function formatCalibration(source: string, r: CalibrationResult, assets: AssetNames = GENERIC_ASSETS): string {
  const i = r.intensity;
  const q = assets.quote;
  const n = (x: number) => x.toLocaleString("en-US");
  const g = (x: number, d = 4) => (Number.isFinite(x) ? x.toPrecision(d) : String(x));
  const lines = [
    `calibration of ${source}: ${i.seconds.toFixed(1)} s with a two-sided book, ${n(r.marketOrders)} market orders (${n(i.buys)} buys, ${n(i.sells)} sells; ${n(i.belowGrid)} short of the first distance)`,
    `  λ(δ) = A·e^(−kδ):  A = ${g(i.A)} /s per side   k = ${g(i.k)} /${q} (1/k = ${g(1 / i.k)} ${q})   R² = ${g(i.r2)} over ${i.points} of ${i.table.length} rows`,
    `    ask side (buys):  A = ${g(i.ask.A)} /s   k = ${g(i.ask.k)} /${q}   R² = ${g(i.ask.r2)} over ${i.ask.points} rows`,
    `    bid side (sells): A = ${g(i.bid.A)} /s   k = ${g(i.bid.k)} /${q}   R² = ${g(i.bid.r2)} over ${i.bid.points} rows`,
    `  σ = ${g(r.sigma)} ${q}/√s from ${n(r.sigmaSamples)} mid changes sampled every ${r.sigmaIntervalMs} ms`,
    "",
    `  δ ticks  ${`δ ${q}`.padStart(8)}      buys     sells   λ /s/side      fit λ   in fit`,
  ];
  for (const row of i.table) {
    const fit = i.A * Math.exp(-i.k * row.deltaQuote);
    lines.push(
      `  ${row.deltaTicks.toFixed(1).padStart(7)}  ${row.deltaQuote.toFixed(4).padStart(8)}  ${String(row.buys).padStart(8)}  ${String(row.sells).padStart(8)}` +
        `  ${g(row.lambda).padStart(10)}  ${g(fit).padStart(9)}   ${row.fitted ? "yes" : "no"}`,
    );
  }
  return lines.join("\n");
}

/** One rolling re-fit as a flat JSON-ready object (time in seconds of the feed's clock). */
export function rollingJson(f: RollingFit): Record<string, number> {
  return { tS: f.tNs / 1e9, A: f.intensity.A, k: f.intensity.k, r2: f.intensity.r2, sigma: f.sigma, seconds: f.intensity.seconds };
}

/** The rolling re-fits as a table, with the range of each figure. */
export function formatRolling(fits: RollingFit[], windowSeconds: number, refitSeconds: number, assets: AssetNames = GENERIC_ASSETS): string {
  const head = `rolling re-calibration: ${fits.length} fits over the last ${windowSeconds} s, every ${refitSeconds} s`;
  if (fits.length === 0) return `${head} (the data is shorter than one window)`;
  const range = (xs: number[]) => `${Math.min(...xs).toPrecision(4)} … ${Math.max(...xs).toPrecision(4)}`;
  const lines = [
    head,
    `  A ${range(fits.map((f) => f.intensity.A))} /s   k ${range(fits.map((f) => f.intensity.k))} /${assets.quote}   σ ${range(fits.map((f) => f.sigma))} ${assets.quote}/√s`,
    "      t s         A         k      R²         σ",
  ];
  const every = Math.max(1, Math.ceil(fits.length / 20)); // at most ~20 rows
  for (let i = 0; i < fits.length; i += every) {
    const f = fits[i];
    const c = (x: number) => x.toPrecision(4).padStart(9);
    lines.push(`  ${(f.tNs / 1e9).toFixed(1).padStart(7)} ${c(f.intensity.A)} ${c(f.intensity.k)} ${f.intensity.r2.toFixed(3).padStart(7)} ${c(f.sigma)}`);
  }
  return lines.join("\n");
}
