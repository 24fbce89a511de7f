import type { TopLevelSpec } from "vega-lite";
import { reportConfig } from "../../report/charts/common.ts";
import { round } from "../../report/rows.ts";
import type { EwmaSigmaSummary } from "../ewmaSigmaSampler.ts";
import type { HorizonSigma } from "../marketCalibration.ts";

/** Realised σ_h against the horizon h (log x), with the engine's EWMA σ (median, p10–p90 band) as a reference, quote per √s. */
export function volatilityHorizonsSpec(horizons: HorizonSigma[], ewma: EwmaSigmaSummary, symbol: string): TopLevelSpec {
  const values = horizons.filter((h) => Number.isFinite(h.sigmaQuotePerSqrtS)).map((h) => ({ h: h.horizonS, sigma: round(h.sigmaQuotePerSqrtS, 6), n: h.changes }));
  const hs = values.map((v) => v.h);
  const domain = hs.length > 0 ? [Math.min(...hs) * 0.7, Math.max(...hs) * 1.4] : [0.1, 100];
  const band = Number.isFinite(ewma.p50) ? [{ lo: round(ewma.p10, 6), hi: round(ewma.p90, 6), mid: round(ewma.p50, 6), x0: domain[0], x1: domain[1] }] : [];
  return {
    title: {
      text: `Volatility by horizon, ${symbol}`,
      subtitle: [
        "dots: realised σ_h = √(Σ Δmid² / (n·h)) over non-overlapping mid changes at horizon h (quote currency per √s)",
        Number.isFinite(ewma.p50)
          ? `band: the engine's EWMA σ (N = ${ewma.window} samples of ${ewma.intervalMs} ms) over the data, p10–p90; line: its median ${ewma.p50.toPrecision(4)}`
          : "the engine's EWMA σ never warmed up on this data",
      ],
    },
    config: reportConfig(),
    width: 560,
    height: 300,
    layer: [
      {
        data: { values: band },
        mark: { type: "rect", color: "#ff7f0e", opacity: 0.15 },
        encoding: { x: { field: "x0", type: "quantitative" }, x2: { field: "x1" }, y: { field: "lo", type: "quantitative" }, y2: { field: "hi" } },
      },
      {
        data: { values: band },
        mark: { type: "rule", color: "#ff7f0e", strokeDash: [6, 3] },
        encoding: { x: { field: "x0", type: "quantitative" }, x2: { field: "x1" }, y: { field: "mid", type: "quantitative" } },
      },
      {
        data: { values },
        mark: { type: "line", color: "#1f77b4", point: { filled: true, size: 60, color: "#1f77b4" } },
        encoding: {
          x: { field: "h", type: "quantitative", title: "horizon h (s, log scale)", scale: { type: "log", nice: false, domain }, axis: { values: hs, format: "~g" } },
          y: { field: "sigma", type: "quantitative", title: "σ (quote currency per √s, log scale)", scale: { type: "log", zero: false }, axis: { format: "~g" } },
          tooltip: [
            { field: "h", type: "quantitative", title: "horizon (s)", format: "~g" },
            { field: "sigma", type: "quantitative", title: "σ_h (quote/√s)", format: ",.4f" },
            { field: "n", type: "quantitative", title: "changes" },
          ],
        },
      },
    ],
  };
}
