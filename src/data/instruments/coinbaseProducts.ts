import { DataError } from "../../core/errors.ts";
import { positiveDecimal, type InstrumentFilters, type InstrumentList } from "./instrumentList.ts";

/**
 * A Coinbase Exchange REST `/products` answer: `[{"id":"BTC-USD","quote_increment":"0.01","base_increment":"0.00000001",…}]`.
 * Tick = quote_increment, lot = base_increment.
 */
export function coinbaseProductList(path: string, line: number | undefined, json: unknown[]): InstrumentList {
  const index = new Map<string, number>();
  json.forEach((p, i) => {
    const id = (p as { id?: unknown } | null)?.id;
    if (typeof id !== "string" || id === "") throw new DataError(path, line, `[${i}].id`, `must be a product id, found ${JSON.stringify(id)}`);
    if (!index.has(id)) index.set(id, i);
  });
  return {
    path,
    kind: "Coinbase /products",
    symbols: [...index.keys()],
    find(symbol: string): InstrumentFilters | undefined {
      const i = index.get(symbol);
      if (i === undefined) return undefined;
      const p = json[i] as Record<string, unknown>;
      return {
        tickSize: positiveDecimal(p.quote_increment, path, line, `[${i}].quote_increment`),
        lotSize: positiveDecimal(p.base_increment, path, line, `[${i}].base_increment`),
      };
    },
  };
}
