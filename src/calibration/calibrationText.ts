import type { CalibratedConfig } from "./calibrationConfig.ts";
import { formatCalibration, formatRolling } from "./format.ts";
import type { MarketCalibration } from "./marketCalibration.ts";
import { assetNames } from "../kpi/formatValue.ts";

const g = (x: number, d = 4): string => (Number.isFinite(x) ? String(Number(x.toPrecision(d))) : String(x));

/** The whole calibration as text: λ(δ) with its table, σ (by horizon and the engine's EWMA), the OFI impact, the per-window fits and the config (the warnings go to stderr). */
export function formatMarketCalibration(label: string, c: MarketCalibration, calibrated: CalibratedConfig): string {
  const e = c.ewma;
  const o = c.ofi.overall;
  const assets = assetNames(c.meta.symbol);
  const lines = [
    formatCalibration(label, c.fit, assets),
    "",
    `volatility (${assets.quote}/√s): realised σ_h = √(Σ Δmid² / (n·h)) over non-overlapping changes of the mid`,
    ...c.horizons.map((h) => `  h = ${String(h.horizonS).padStart(5)} s   σ_h = ${g(h.sigmaQuotePerSqrtS).padStart(8)}   (${h.changes.toLocaleString("en-US")} changes)`),
    `  EWMA (the engine's σ, N = ${e.window} samples of ${e.intervalMs} ms): last ${g(e.last)}, median ${g(e.p50)} (p10 ${g(e.p10)}, p90 ${g(e.p90)}, ${e.samples.toLocaleString("en-US")} samples of ${e.recordMs} ms); σ_base (N = ${e.baseWindow}) last ${g(e.baseLast)}`,
    "",
    `OFI price impact (Δmid ticks = α + β·OFI per ${c.ofi.bucketS} s bucket): β = ${g(o.beta)} ticks per ${assets.base}, t = ${g(o.tBeta, 3)} (HC1 ${g(o.tBetaHc1, 3)}), R² = ${g(o.r2, 3)}, ${o.n} buckets`,
  ];
  if (c.windows.length > 0 || Number.isFinite(c.windowSeconds)) lines.push("", formatRolling(c.windows, c.windowSeconds, c.refitSeconds, assets));
  lines.push("", `config (mmlab backtest --config calibration.config.json): ${JSON.stringify(calibrated.config)}`);
  for (const m of calibrated.omitted) lines.push(`  not in the config: ${m}`);
  return lines.join("\n");
}
