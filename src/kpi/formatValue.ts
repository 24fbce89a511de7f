import type { KpiUnit } from "./targets.ts";

/** A KPI value with its unit, as shown in the table. */
export function formatKpiValue(value: number | null, unit: KpiUnit): string {
  if (value === null) return "n/a";
  switch (unit) {
    case "percent":
      return `${value.toFixed(1)} %`;
    case "fraction":
      return `${(100 * value).toFixed(1)} %`;
    case "base":
      return `${value.toPrecision(4)} base`;
    case "ms":
      return `${value.toFixed(1)} ms`;
    case "quote":
      // 4 decimals: a small but positive PnL must not print as "0.00" next to PASS.
      return `${value.toFixed(4)} quote`;
  }
}
