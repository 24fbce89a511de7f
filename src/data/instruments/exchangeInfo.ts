import { DataError } from "../../core/errors.ts";
import { positiveDecimal, type InstrumentFilters, type InstrumentList } from "./instrumentList.ts";

/**
 * A Binance exchangeInfo answer (`GET /api/v3/exchangeInfo`, `/fapi/v1/exchangeInfo`):
 * `{"symbols":[{"symbol":…,"filters":[{"filterType":"PRICE_FILTER","tickSize":…},{"filterType":"LOT_SIZE","stepSize":…}]}]}`.
 * Tick = PRICE_FILTER tickSize, lot = LOT_SIZE stepSize.
 */
export function exchangeInfoList(path: string, line: number | undefined, json: { symbols: unknown[] }): InstrumentList {
  const index = new Map<string, number>();
  json.symbols.forEach((s, i) => {
    const name = (s as { symbol?: unknown } | null)?.symbol;
    if (typeof name !== "string" || name === "") throw new DataError(path, line, `symbols[${i}].symbol`, `must be a symbol name, found ${JSON.stringify(name)}`);
    if (!index.has(name)) index.set(name, i);
  });
  return {
    path,
    kind: "Binance exchangeInfo",
    symbols: [...index.keys()],
    find(symbol: string): InstrumentFilters | undefined {
      const i = index.get(symbol);
      if (i === undefined) return undefined;
      const at = `symbols[${i}]`;
      const filters = (json.symbols[i] as { filters?: unknown }).filters;
      if (!Array.isArray(filters)) throw new DataError(path, line, `${at}.filters`, `must be a list of filters (${symbol})`);
      const filter = (type: string): Record<string, unknown> => {
        const j = filters.findIndex((f) => (f as { filterType?: unknown } | null)?.filterType === type);
        if (j < 0) throw new DataError(path, line, `${at}.filters`, `${symbol} has no ${type} filter`);
        return filters[j] as Record<string, unknown>;
      };
      return {
        tickSize: positiveDecimal(filter("PRICE_FILTER").tickSize, path, line, `${at}.filters[PRICE_FILTER].tickSize`),
        lotSize: positiveDecimal(filter("LOT_SIZE").stepSize, path, line, `${at}.filters[LOT_SIZE].stepSize`),
      };
    },
  };
}
