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
  "rulesPassed",
  "rulesTotal",
  "passed",
] as const satisfies readonly (keyof KpiReport)[];

export type KpiColumn = (typeof KPI_COLUMNS)[number];

/** KPI columns holding integers (Int32 in Arrow) and booleans; every other KPI is a float (null when not computable). */
export const INT_KPIS: ReadonlySet<KpiColumn> = new Set(["fills", "rulesPassed", "rulesTotal"]);
export const BOOL_KPIS: ReadonlySet<KpiColumn> = new Set(["passed"]);

/** Columns every grid table has besides the parameters and KPIs. */
export const FIXED_COLUMNS = ["index", "id", "resultsHash", "dataHash"] as const;

/** One grid point's result: its parameters, its KPIs, its hashes. */
export interface GridRow {
  index: number;
  id: string;
  params: Record<string, JsonValue>;
  kpis: Record<KpiColumn, number | boolean | null>;
  resultsHash: string;
  dataHash: string;
}

/** The row of one backtest (normalised through JSON, exactly as the point cache stores it). */
export function toRow(point: { index: number; id: string; params: Record<string, JsonValue> }, result: BacktestResult): GridRow {
  const kpis = {} as Record<KpiColumn, number | boolean | null>;
  for (const key of KPI_COLUMNS) kpis[key] = result.kpis[key];
  const row: GridRow = { index: point.index, id: point.id, params: point.params, kpis, resultsHash: result.resultsHash, dataHash: result.dataHash };
  return JSON.parse(JSON.stringify(row)) as GridRow;
}
