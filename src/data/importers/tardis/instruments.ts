import type { KnownInstrument } from "../csv.ts";

/**
 * Tick and lot sizes of the instruments the Tardis importer knows, keyed by Tardis exchange id.
 * Anything else needs `--tick` and `--lot`. Periods are given where a venue changed them.
 *
 * - binance BTCUSDT (spot): tick 0.01, lot 0.00001.
 * - binance-futures BTCUSDT: tick 0.01, lot 0.001 (the 2020 data is on a 0.01 grid; later data
 *   lies on a 0.1 grid, which passes the grid check and makes the import report say so).
 * - deribit BTC-PERPETUAL: tick 0.5, lot 10 (USD contracts).
 * - bitmex XBTUSD: tick 0.5 until 2024-07-31 04:00Z, then 0.1; lot 1 contract until
 *   2021-06-08 04:30Z, then 100.
 * - huobi-dm-swap BTC-USD: tick 0.1, lot 1 contract.
 */
export const TARDIS_INSTRUMENTS: readonly KnownInstrument[] = [
  { venue: "binance", symbol: "BTCUSDT", tickSize: 0.01, lotSize: 0.00001 },
  { venue: "binance-futures", symbol: "BTCUSDT", tickSize: 0.01, lotSize: 0.001 },
  { venue: "deribit", symbol: "BTC-PERPETUAL", tickSize: 0.5, lotSize: 10 },
  { venue: "bitmex", symbol: "XBTUSD", tickSize: 0.5, lotSize: 1, until: "2021-06-08T04:30:00Z" },
  { venue: "bitmex", symbol: "XBTUSD", tickSize: 0.5, lotSize: 100, from: "2021-06-08T04:30:00Z", until: "2024-07-31T04:00:00Z" },
  { venue: "bitmex", symbol: "XBTUSD", tickSize: 0.1, lotSize: 100, from: "2024-07-31T04:00:00Z" },
  { venue: "huobi-dm-swap", symbol: "BTC-USD", tickSize: 0.1, lotSize: 1 },
];
