import type { TopLevelSpec } from "vega-lite";
import { inventorySpec } from "./charts/inventory.ts";
import { kpiTableSpec } from "./charts/kpiTable.ts";
import { markoutSpec } from "./charts/markouts.ts";
import { ofiSpec } from "./charts/ofi.ts";
import { pausedSpec } from "./charts/paused.ts";
import { pnlSpec } from "./charts/pnl.ts";
import { quotesSpec, type QuotesWindow } from "./charts/quotes.ts";
import { spreadSigmaSpec } from "./charts/spreadSigma.ts";
import { chartContext, type ChartContext } from "./context.ts";
import type { FillsData, RunData } from "../runfolder/format.ts";

/** One chart of a run report: file name (charts/<name>.svg), section heading and spec. */
export interface ReportChart {
  name: string;
  heading: string;
  spec: TopLevelSpec;
}

/** Options of the report charts. */
export interface ChartOptions {
  maxRows?: number;
  quotesWindow?: QuotesWindow;
}

/** The chart context of a run: its symbol's assets, tick, time span and origin. */
export function runContext(run: RunData, maxRows?: number): ChartContext {
  const t = run.timeseries.t_ns;
  const span = t.length > 0 ? (t[t.length - 1] - t[0]) / 1e9 : run.kpis.durationSeconds;
  return chartContext({ symbol: run.manifest.data.symbol, tickSize: run.manifest.data.tickSize, spanSeconds: span, originEpochNs: run.manifest.data.originEpochNs, maxRows });
}

/** Qty-weighted mean quoted half-spread at placement, ticks; null without fills. */
export function meanHalfSpreadTicks(fills: Pick<FillsData, "qty" | "half_spread_at_placement">, tickSize: number): number | null {
  let num = 0;
  let den = 0;
  for (let i = 0; i < fills.qty.length; i++) {
    num += fills.qty[i] * fills.half_spread_at_placement[i];
    den += fills.qty[i];
  }
  return den > 0 ? num / den / tickSize : null;
}

/** Every chart of a run report, in report order (the KPI table first). */
export function runCharts(run: RunData, opts: ChartOptions = {}): ReportChart[] {
  const ctx = runContext(run, opts.maxRows);
  const { timeseries: ts, fills, kpis, manifest } = run;
  const cfg = manifest.config;
  return [
    { name: "kpis", heading: "KPIs", spec: kpiTableSpec(kpis, ctx) },
    { name: "pnl", heading: "PnL", spec: pnlSpec(ts, fills, ctx) },
    { name: "inventory", heading: "Inventory", spec: inventorySpec(ts, cfg.risk.q_max, ctx) },
    { name: "quotes", heading: "Quotes and fills", spec: quotesSpec(ts, fills, ctx, opts.quotesWindow) },
    { name: "spread-sigma", heading: "Quoted spread and σ", spec: spreadSigmaSpec(ts, ctx, { regimeRatio: cfg.risk.vol_regime_ratio }) },
    { name: "ofi", heading: "OFI and centre shift", spec: ofiSpec(ts, ctx, { beta: cfg.ofi.beta, zClamp: cfg.ofi.z_clamp }) },
    { name: "paused", heading: "Paused periods", spec: pausedSpec(ts, ctx, run.runlog.guardEvents, run.runlog.feedEvents) },
    { name: "markouts", heading: "Markouts", spec: markoutSpec(kpis.markouts, ctx, { meanHalfSpreadTicks: meanHalfSpreadTicks(fills, ctx.tickSize) }) },
  ];
}
