import type { TopLevelSpec } from "vega-lite";
import { count, reportConfig } from "../../report/charts/common.ts";
import { assetNames } from "../../report/context.ts";
import { round } from "../../report/rows.ts";
import { sig } from "../ofiFormat.ts";
import type { OfiStudyResult } from "../ofiStudy.ts";

/** At most this many points are drawn (every k-th bucket above it); the fit uses them all. */
export const MAX_SCATTER_POINTS = 10_000;

/** Scatter of each bucket's mid change (ticks) against its OFI (base units), with the OLS line over the full sample. */
export function ofiScatterSpec(r: OfiStudyResult, opts: { maxPoints?: number } = {}): TopLevelSpec {
  const names = assetNames(r.meta.symbol);
  const base = names.base === "base" ? "base units" : names.base;
  const quote = names.quote === "quote" ? "quote currency" : names.quote;
  const s = r.series;
  const n = s.ofi.length;
  const stride = Math.max(1, Math.ceil(n / (opts.maxPoints ?? MAX_SCATTER_POINTS)));
  const points = [];
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    lo = Math.min(lo, s.ofi[i]);
    hi = Math.max(hi, s.ofi[i]);
    if (i % stride === 0) points.push({ ofi: round(s.ofi[i], 6), dmid: round(s.dMidTicks[i], 2), t: round(s.tS[i], 3) });
  }
  const f = r.overall;
  const line = Number.isFinite(f.beta) ? [lo, hi].map((x) => ({ ofi: round(x, 6), fit: round(f.alpha + f.beta * x, 4) })) : [];
  const fmt = (x: number, d: number) => (Number.isFinite(x) ? x.toFixed(d) : "n/a");
  return {
    title: {
      text: `Price impact of order-flow imbalance, ${r.meta.symbol}`,
      subtitle: [
        `${count(n)} buckets of ${r.bucketS} s; OFI = Cont–Kukanov–Stoikov order-flow imbalance summed per bucket (${base})`,
        `Δmid = mid change over the bucket (ticks of ${r.meta.tickSize} ${quote}); line = OLS fit over all buckets`,
        `OLS Δmid = α + β·OFI: β = ${Number.isFinite(f.beta) ? sig(f.beta, 4) : "n/a"} ticks per ${base === "base units" ? "base unit" : base}, t = ${fmt(f.tBeta, 1)} (robust HC1 t = ${fmt(f.tBetaHc1, 1)}), R² = ${fmt(f.r2, 3)}, α = ${fmt(f.alpha, 3)} ticks`,
        ...(stride > 1 ? [`every ${stride}th bucket drawn (${count(points.length)} points); the fit uses all ${count(n)}`] : []),
      ],
    },
    config: reportConfig(),
    width: 560,
    height: 400,
    layer: [
      {
        data: { values: points },
        mark: { type: "circle", size: n > 1000 ? 14 : 36, opacity: n > 1000 ? 0.45 : 0.7, color: "#1f77b4" },
        encoding: {
          x: { field: "ofi", type: "quantitative", title: `OFI per bucket (${base})`, scale: { zero: false, nice: true }, axis: { tickCount: 8 } },
          y: { field: "dmid", type: "quantitative", title: "mid change per bucket (ticks)" },
          tooltip: [
            { field: "t", type: "quantitative", title: "bucket start (s since data start)", format: ",.1f" },
            { field: "ofi", type: "quantitative", title: `OFI (${base})`, format: ",.4f" },
            { field: "dmid", type: "quantitative", title: "Δmid (ticks)", format: ",.1f" },
          ],
        },
      },
      {
        data: { values: line },
        mark: { type: "line", color: "#d62728", strokeWidth: 2 },
        encoding: { x: { field: "ofi", type: "quantitative" }, y: { field: "fit", type: "quantitative" } },
      },
    ],
  };
}
