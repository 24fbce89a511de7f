import type { TopLevelSpec } from "vega-lite";
import { bucketStats } from "../bucketStats.ts";
import type { ChartContext } from "../context.ts";
import { round, rowsAt, timeIn } from "../rows.ts";
import type { TimeseriesData } from "../../runfolder/format.ts";
import { CHART_WIDTH, PANEL_HEIGHT, hoverLayer, originNote, noData, reportConfig, TIME_PATH_MARK, timeX } from "./common.ts";

/** Buckets drawn across the chart (about 3 px each): the 1 s OFI z is close to white noise, so it is summarised. */
export const OFI_BUCKETS = 300;

/**
 * Two panels over time: the OFI z-score and the centre shift it causes, clamp(β·z, −1, 1) ticks,
 * each summarised per time bucket as a min–max band and the bucket mean.
 */
export function ofiSpec(ts: Pick<TimeseriesData, "t_ns" | "ofi_z">, ctx: ChartContext, opts: { beta: number; zClamp: number; buckets?: number }): TopLevelSpec {
  const { beta, zClamp } = opts;
  const n = ts.t_ns.length;
  const shiftOf = (z: number) => Math.max(-1, Math.min(1, beta * z));
  const t = timeIn(ts.t_ns, ctx.time.seconds);
  const z = bucketStats(t, ts.ofi_z, opts.buckets ?? OFI_BUCKETS);
  const s = bucketStats(t, ts.ofi_z, opts.buckets ?? OFI_BUCKETS, shiftOf);
  const idx = Int32Array.from({ length: z.t.length }, (_, i) => i);
  const values = rowsAt(idx, {
    t: { values: z.t, decimals: ctx.time.decimals },
    z_min: { values: z.min, decimals: 3 },
    z_p10: { values: z.p10, decimals: 3 },
    z_p90: { values: z.p90, decimals: 3 },
    z_max: { values: z.max, decimals: 3 },
    z: { values: z.mean, decimals: 3 },
    s_min: { values: s.min, decimals: 3 },
    s_p10: { values: s.p10, decimals: 3 },
    s_p90: { values: s.p90, decimals: 3 },
    s_max: { values: s.max, decimals: 3 },
    s: { values: s.mean, decimals: 3 },
  });
  const bucketS = n > 1 && z.t.length > 0 ? ((ts.t_ns[n - 1] - ts.t_ns[0]) / 1e9) * (n / (n - 1)) / z.t.length : 0;
  const domain: [number, number] | undefined = n > 0 ? [round(t[0], ctx.time.decimals) ?? 0, round(t[n - 1], ctx.time.decimals) ?? 0] : undefined;
  const tip = [
    { field: "z", type: "quantitative", title: "mean OFI z (std devs)", format: ",.3f" },
    { field: "z_p10", type: "quantitative", title: "10th pct OFI z", format: ",.3f" },
    { field: "z_p90", type: "quantitative", title: "90th pct OFI z", format: ",.3f" },
    { field: "z_min", type: "quantitative", title: "min OFI z", format: ",.3f" },
    { field: "z_max", type: "quantitative", title: "max OFI z", format: ",.3f" },
    { field: "s", type: "quantitative", title: "mean centre shift (ticks)", format: ",.3f" },
    { field: "s_p10", type: "quantitative", title: "10th pct shift (ticks)", format: ",.3f" },
    { field: "s_p90", type: "quantitative", title: "90th pct shift (ticks)", format: ",.3f" },
  ];
  const rules = (y: number[]) => ({
    data: { values: y.map((v) => ({ y: v })) },
    mark: { type: "rule" as const, color: "#999", strokeDash: [4, 3] },
    encoding: { y: { field: "y", type: "quantitative" as const } },
  });
  const band = (lo: string, hi: string, color: string, opacity: number) => ({
    mark: { type: "area" as const, ...TIME_PATH_MARK, color, opacity, interpolate: "step-after" as const },
    encoding: { x: { field: "t", type: "quantitative" as const }, y: { field: lo, type: "quantitative" as const }, y2: { field: hi } },
  });
  const panel = (p: string, title: string, color: string, yDomain: [number, number], showX: boolean, hover: string) => ({
    width: CHART_WIDTH,
    height: PANEL_HEIGHT - 60,
    layer: [
      rules([yDomain[0] / 1.1, 0, yDomain[1] / 1.1]),
      band(`${p}_min`, `${p}_max`, color, 0.15),
      band(`${p}_p10`, `${p}_p90`, color, 0.35),
      {
        mark: { type: "line" as const, ...TIME_PATH_MARK, color, strokeWidth: 1.2, interpolate: "step-after" as const },
        encoding: {
          x: { ...timeX(ctx.time, domain), ...(showX ? {} : { title: null }) },
          y: { field: p, type: "quantitative" as const, title, scale: { domain: yDomain } },
        },
      },
      hoverLayer(tip, ctx.time, hover),
    ],
  });
  return {
    title: {
      text: "Order-flow imbalance and the quote-centre shift",
      subtitle: [
        `top: OFI z-score (standard deviations, clamped to ±${zClamp}); bottom: centre shift = clamp(β·z, −1, 1) ticks, β = ${beta}`,
        `per ${round(bucketS, 1)} s bucket: light band = min–max, dark band = 10th–90th percentile, line = mean; centre = reservation price r + shift·tick (the spread is unchanged)`,
        ...originNote(ctx),
      ],
    },
    ...noData(z.mean.every((v) => Number.isNaN(v)) ? "no OFI z-score in the timeseries" : undefined),
    config: reportConfig(),
    data: { values },
    vconcat: [
      panel("z", "OFI z (std devs)", "#8c564b", [-zClamp * 1.1, zClamp * 1.1], false, "hover_top"),
      panel("s", "centre shift (ticks)", "#17becf", [-1.1, 1.1], true, "hover_bottom"),
    ],
  };
}
