import { feeScheduleText } from "../../kpi/format.ts";
import { pnlSlices } from "../../kpi/pnlSlices.ts";
import type { KpiReport } from "../../kpi/report.ts";
import type { BacktestResult } from "../backtest.ts";
import type { JsonValue } from "./definition.ts";

/** The KPI columns of a grid row, in table order. */
export const KPI_COLUMNS = [
  "spreadCapturedPct",
  "rmsInventory",
  "rmsInventoryRatio",
  "fillRatio",
  "cancelRatio",
  "latencyP99Ms",
  "pnl",
  "sharpe",
  "sortino",
  "maxDrawdown",
  "fills",
  "volumeQuote",
  "fees",
  "feeSchedule",
  "breakEvenMakerFeeBps",
  "rulesPassed",
  "rulesTotal",
  "passed",
] as const satisfies readonly (keyof KpiReport)[];

export type KpiColumn = (typeof KPI_COLUMNS)[number];

/** KPI columns holding integers (Int32 in Arrow) and booleans; every other KPI is a float (null when not computable). */
export const INT_KPIS: ReadonlySet<KpiColumn> = new Set(["fills", "rulesPassed", "rulesTotal"]);
export const BOOL_KPIS: ReadonlySet<KpiColumn> = new Set(["passed"]);
/** KPI columns holding text (Utf8): the fee assumption, written "binance-spot-vip9 1.2/2.4 bp". */
export const TEXT_KPIS: ReadonlySet<KpiColumn> = new Set(["feeSchedule"]);

/** A KPI column's cell. */
export type KpiCell = number | boolean | string | null;

/** Columns every grid table has besides the parameters and KPIs. */
export const FIXED_COLUMNS = ["index", "id", "resultsHash", "dataHash"] as const;

/** Equal time slices a point's run is cut into for its `returns` (the trials' series of the overfitting statistics). */
export const RETURN_SLICES = 128;

/** One grid point's result: its parameters, its KPIs, its hashes, its PnL per time slice. */
export interface GridRow {
  index: number;
  id: string;
  params: Record<string, JsonValue>;
  kpis: Record<KpiColumn, KpiCell>;
  resultsHash: string;
  dataHash: string;
  /** PnL made in each of RETURN_SLICES equal slices of the run, summing to its pnl (kpi/pnlSlices.ts); absent in points cached by versions before it. */
  returns?: number[];
}

/** The row of one backtest (normalised through JSON, exactly as the point cache stores it). */
export function toRow(point: { index: number; id: string; params: Record<string, JsonValue> }, result: BacktestResult): GridRow {
  const kpis = {} as Record<KpiColumn, KpiCell>;
  for (const key of KPI_COLUMNS) kpis[key] = key === "feeSchedule" ? feeScheduleText(result.kpis.feeSchedule) : result.kpis[key];
  const returns = pnlSlices(result.timeseries.t_ns, result.timeseries.pnl, RETURN_SLICES, result.kpis.pnl);
  const row: GridRow = { index: point.index, id: point.id, params: point.params, kpis, resultsHash: result.resultsHash, dataHash: result.dataHash, returns };
  return JSON.parse(JSON.stringify(row)) as GridRow;
}
