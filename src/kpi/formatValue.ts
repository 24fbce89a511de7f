import type { KpiUnit } from "./targets.ts";

/** The names of an instrument's base and quote assets, as the terminal and the reports show units: BTC and USDT. */
export interface AssetNames {
  base: string;
  quote: string;
}

/** The units' generic names, when the instrument is not known. */
export const GENERIC_ASSETS: AssetNames = { base: "base", quote: "quote" };

const QUOTE_ASSETS = ["USDT", "USDC", "FDUSD", "BUSD", "TUSD", "USD", "EUR", "BTC", "ETH"];

/** Base and quote asset names from a symbol ("BTCUSDT", "BTC-USDT", "BTC/USDT"); "base"/"quote" when unknown. */
export function assetNames(symbol: string): AssetNames {
  const parts = symbol.toUpperCase().split(/[-/_:]/).filter(Boolean);
  if (parts.length === 2) return { base: parts[0], quote: parts[1] };
  const s = parts.join("");
  for (const q of QUOTE_ASSETS) if (s.length > q.length && s.endsWith(q)) return { base: s.slice(0, -q.length), quote: q };
  return GENERIC_ASSETS;
}

/** A KPI value with its unit, as shown in the table; base and quote amounts in `assets` (default: "base", "quote"). */
export function formatKpiValue(value: number | null, unit: KpiUnit, assets: AssetNames = GENERIC_ASSETS): string {
  if (value === null) return "n/a";
  switch (unit) {
    case "percent":
      return `${value.toFixed(1)} %`;
    case "fraction":
      return `${(100 * value).toFixed(1)} %`;
    case "base":
      return `${value.toPrecision(4)} ${assets.base}`;
    case "ms":
      return `${value.toFixed(1)} ms`;
    case "quote":
      // 4 decimals: a small but positive PnL must not print as "0.00" next to PASS.
      return `${value.toFixed(4)} ${assets.quote}`;
  }
}
