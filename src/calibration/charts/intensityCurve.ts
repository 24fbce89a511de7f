import type { TopLevelSpec } from "vega-lite";
import { reportConfig } from "../../report/charts/common.ts";
import { round } from "../../report/rows.ts";
import type { IntensityResult, IntensityRow } from "../../estimators/intensityEstimator.ts";
import type { ExponentialFit } from "../../estimators/logLinearFit.ts";

const SIDES = [
  { name: "ask side (market buys)", color: "#d62728", lambda: (r: IntensityRow) => r.lambdaAsk, fitted: (r: IntensityRow) => r.fittedAsk, fit: (i: IntensityResult) => i.ask },
  { name: "bid side (market sells)", color: "#1f77b4", lambda: (r: IntensityRow) => r.lambdaBid, fitted: (r: IntensityRow) => r.fittedBid, fit: (i: IntensityResult) => i.bid },
  { name: "both sides (config)", color: "#444444", lambda: (r: IntensityRow) => r.lambda, fitted: (r: IntensityRow) => r.fitted, fit: (i: IntensityResult) => i as ExponentialFit },
] as const;

const fitText = (f: ExponentialFit) => (Number.isFinite(f.k) ? `A = ${f.A.toPrecision(4)} /s, k = ${f.k.toPrecision(4)} /quote, R² = ${f.r2.toFixed(3)} (${f.points} points)` : `no fit (${f.points} points)`);

/**
 * λ(δ) per side on a log y-axis: the empirical rates (market orders per second reaching at least
 * δ from the mid; filled = in the fit, hollow = too few orders) and the fitted A·e^(−kδ) of each
 * side and of both sides together (the config's k and A).
 */
export function intensityCurveSpec(i: IntensityResult, symbol: string): TopLevelSpec {
  const points = SIDES.flatMap((s) =>
    i.table.filter((r) => s.lambda(r) > 0).map((r) => ({ side: s.name, delta: round(r.deltaQuote, 8), ticks: r.deltaTicks, lambda: round(s.lambda(r), 8), use: s.fitted(r) ? "in the fit" : "too few orders" })),
  );
  const deltas = i.table.map((r) => r.deltaQuote);
  const lo = Math.min(...deltas);
  const hi = Math.max(...deltas);
  const curves = SIDES.flatMap((s) => {
    const f = s.fit(i);
    if (!(Number.isFinite(f.A) && Number.isFinite(f.k))) return [];
    return Array.from({ length: 61 }, (_, j) => lo + ((hi - lo) * j) / 60).map((d) => ({ side: s.name, delta: round(d, 8), fit: round(f.A * Math.exp(-f.k * d), 10) }));
  });
  const scale = { domain: SIDES.map((s) => s.name), range: SIDES.map((s) => s.color) };
  const color = { field: "side", type: "nominal" as const, title: "", scale, legend: { orient: "bottom" as const } };
  return {
    title: {
      text: `Trading intensity λ(δ) = A·e^(−kδ), ${symbol}`,
      subtitle: [
        `λ(δ): market orders per second (per side) that reached at least δ from the mid in force before them, over ${i.seconds.toFixed(1)} s with a two-sided book`,
        `ask side: ${fitText(i.ask)}`,
        `bid side: ${fitText(i.bid)}`,
        `both sides: ${fitText(i)}; lines: fits, filled points: in the fit, hollow: too few orders`,
      ],
    },
    config: reportConfig(),
    width: 620,
    height: 360,
    layer: [
      {
        data: { values: points },
        mark: { type: "point", size: 45 },
        encoding: {
          x: { field: "delta", type: "quantitative", title: "distance from the mid δ (quote currency)", scale: { zero: false, nice: false } },
          y: { field: "lambda", type: "quantitative", title: "λ(δ) per second and side (log scale)", scale: { type: "log" }, axis: { format: "~g" } },
          color,
          fill: { condition: { test: "datum.use === 'in the fit'", field: "side", type: "nominal", scale, legend: null }, value: "transparent" },
          tooltip: [
            { field: "side", type: "nominal" },
            { field: "ticks", type: "quantitative", title: "δ (ticks)" },
            { field: "delta", type: "quantitative", title: "δ (quote)", format: ",.4f" },
            { field: "lambda", type: "quantitative", title: "λ (1/s)", format: ",.4g" },
            { field: "use", type: "nominal", title: "fit" },
          ],
        },
      },
      {
        data: { values: curves },
        mark: { type: "line", strokeWidth: 2 },
        encoding: { x: { field: "delta", type: "quantitative" }, y: { field: "fit", type: "quantitative" }, color, strokeDash: { field: "side", type: "nominal", legend: null, scale: { domain: SIDES.map((s) => s.name), range: [[1, 0], [1, 0], [6, 3]] } } },
      },
    ],
  };
}
