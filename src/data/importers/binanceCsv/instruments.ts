import type { KnownInstrument } from "../csv.ts";

/**
 * Tick and lot sizes the Binance CSV importer knows (venue `binance-spot` or `binance-usdm`, as the raw
 * capture importer names them); anything else needs `--tick` and `--lot`.
 * - binance-spot BTCUSDT: tick 0.01, lot 0.00001.
 * - binance-usdm BTCUSDT: tick 0.01, lot 0.001. Data from about 2021 on lies on a 0.1 grid;
 *   it passes the 0.01 grid check and the import report notes the coarser grid (pass --tick 0.1).
 */
export const BINANCE_INSTRUMENTS: readonly KnownInstrument[] = [
  { venue: "binance-spot", symbol: "BTCUSDT", tickSize: 0.01, lotSize: 0.00001 },
  { venue: "binance-usdm", symbol: "BTCUSDT", tickSize: 0.01, lotSize: 0.001 },
];
