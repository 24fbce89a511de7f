import type { MmConfig } from "../config/schema.ts";
import { ConfigError } from "../core/errors.ts";
import { onGrid } from "../data/gridCheck.ts";
import type { DatasetMeta } from "../data/schema.ts";

/**
 * Refuses a config that disagrees with its data, before anything runs: the tick and lot size must
 * be the data's (prices and sizes are on their grid), and the order size a whole number of lots
 * (the exchange takes nothing else: on share data, lot 1, a 0.01-share order never trades).
 * `where` is appended to each error (e.g. the grid point).
 */
export function checkConfigAgainstData(config: MmConfig, meta: Pick<DatasetMeta, "tickSize" | "lotSize">, where = ""): void {
  const { tick_size: tick, lot_size: lot } = config.symbol;
  if (Math.abs(meta.tickSize - tick) > 1e-12 * meta.tickSize) {
    throw new ConfigError("symbol.tick_size", tick, `differs from the data's tick size ${meta.tickSize}; set it with --set symbol.tick_size=${meta.tickSize}${where}`);
  }
  if (Math.abs(meta.lotSize - lot) > 1e-12 * meta.lotSize) {
    throw new ConfigError("symbol.lot_size", lot, `differs from the data's lot size ${meta.lotSize}; set it with --set symbol.lot_size=${meta.lotSize}${where}`);
  }
  const size = config.orders.size;
  if (!onGrid(size / lot)) {
    const lots = Math.max(1, Math.round(size / lot));
    const suggestion = Number((lots * lot).toPrecision(12));
    throw new ConfigError("orders.size", size, `is not a whole number of lots of ${lot} (symbol.lot_size); e.g. --set orders.size=${suggestion}${where}`);
  }
}
