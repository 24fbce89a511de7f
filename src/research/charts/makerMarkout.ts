import type { TopLevelSpec } from "vega-lite";
import { reportConfig, zeroRule } from "../../report/charts/common.ts";
import { round } from "../../report/rows.ts";
import type { StylizedFacts } from "../stylizedFacts.ts";
import { MIN_COUNT } from "../verdict.ts";

/** Gridlines of the symmetric-log axis (those within the data's range are drawn). */
const SYMLOG_TICKS = [-10000, -3000, -1000, -300, -100, -30, -10, 0, 10, 30, 100, 300, 1000, 3000, 10000];

/**
 * Maker markout curves of two (or more) markets: the mean markout of a hypothetical resting order
 * d ticks from the mid against the horizon h (log scale), one colour per distance, one dash per
 * market. Cells with fewer than `minCount` fills are left out. The y axis is symmetric-log: real
 * markouts can be hundreds of ticks where a calm synthetic market's are a few.
 */
export function makerMarkoutSpec(markets: { label: string; facts: StylizedFacts }[], opts: { minCount?: number } = {}): TopLevelSpec {
  const minCount = opts.minCount ?? MIN_COUNT;
  const values = markets.flatMap((m) =>
    m.facts.makerMarkout.distances.flatMap((d) =>
      d.horizons
        .filter((h) => h.n >= minCount && Number.isFinite(h.mean))
        .map((h) => ({ market: m.label, d: d.distanceTicks, h: h.horizonS, markout: round(h.mean, 3), se: round(h.se, 3), n: h.n })),
    ),
  );
  const hs = [...new Set(values.map((v) => v.h))].sort((a, b) => a - b);
  const ds = [...new Set(values.map((v) => v.d))].sort((a, b) => a - b);
  const lo = Math.min(0, ...values.map((v) => v.markout ?? 0));
  const hi = Math.max(0, ...values.map((v) => v.markout ?? 0));
  const yTicks = SYMLOG_TICKS.filter((y) => y >= lo * 1.05 - 1 && y <= hi * 1.05 + 1);
  const x = { field: "h", type: "quantitative" as const, title: "horizon h after the fill (s, log scale)", scale: { type: "log" as const, nice: false, ...(hs.length > 0 ? { domain: [hs[0] * 0.7, hs[hs.length - 1] * 1.4] } : {}) }, axis: { values: hs, format: "~g" } };
  const y = { field: "markout", type: "quantitative" as const, title: "mean maker markout (ticks, symmetric log scale)", scale: { type: "symlog" as const, constant: 10 }, axis: { values: yTicks, labelExpr: "format(datum.value, ',d')" } };
  const color = { field: "d", type: "ordinal" as const, title: "distance d (ticks)", scale: { domain: ds, scheme: { name: "viridis", extent: [0, 0.85] } }, sort: ds };
  return {
    title: {
      text: "Maker markout of a resting order d ticks from the mid",
      subtitle: [
        "filled by every market order reaching it, at the mid before the order ± d; markout = −ε·(mid at t + h − fill price), ticks,",
        `mean over those orders; negative = adversely selected (the mid moved through the fill); fewer than ${minCount} fills: left out`,
      ],
    },
    config: reportConfig(),
    width: 560,
    height: 340,
    layer: [
      zeroRule(),
      {
        data: { values },
        mark: { type: "line" },
        encoding: {
          x,
          y,
          color,
          strokeDash: { field: "market", type: "nominal", title: "market", legend: { orient: "bottom", direction: "vertical", labelLimit: 500, symbolType: "stroke", symbolStrokeWidth: 2, symbolSize: 400 } },
        },
      },
      {
        data: { values },
        mark: { type: "point", filled: true, size: 50, opacity: 1 },
        encoding: {
          x,
          y,
          color,
          shape: { field: "market", type: "nominal", title: "market", legend: null },
          tooltip: [
            { field: "market", type: "nominal" },
            { field: "d", type: "quantitative", title: "distance (ticks)" },
            { field: "h", type: "quantitative", title: "horizon (s)", format: "~g" },
            { field: "markout", type: "quantitative", title: "mean markout (ticks)", format: ",.2f" },
            { field: "se", type: "quantitative", title: "standard error (ticks)", format: ",.2f" },
            { field: "n", type: "quantitative", title: "fills" },
          ],
        },
      },
    ],
  };
}
