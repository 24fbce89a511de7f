import { BINANCE_INSTRUMENTS } from "../../instruments/binance.ts";
import type { KnownInstrument } from "../../instruments/lookup.ts";

/** Tardis exchange ids of the Binance venues. */
const TARDIS_EXCHANGE: Readonly<Record<string, string>> = { "binance-spot": "binance", "binance-usdm": "binance-futures" };

/**
 * Tick and lot sizes of the instruments the Tardis importer knows, keyed by Tardis exchange id.
 * Anything else needs `--tick` and `--lot` (or `--instruments`). Periods are given where a venue
 * changed them.
 *
 * - binance (spot) and binance-futures (USDⓈ-M): the shared Binance table
 *   (src/data/instruments/binance.ts: BTCUSDT, ETHUSDT, SOLUSDT, with their sources).
 * - deribit BTC-PERPETUAL: tick 0.5, lot 10 (USD contracts).
 * - bitmex XBTUSD: tick 0.5 until 2024-07-31 04:00Z, then 0.1; lot 1 contract until
 *   2021-06-08 04:30Z, then 100.
 * - huobi-dm-swap BTC-USD: tick 0.1, lot 1 contract.
 */
export const TARDIS_INSTRUMENTS: readonly KnownInstrument[] = [
  ...BINANCE_INSTRUMENTS.map((k) => ({ ...k, venue: TARDIS_EXCHANGE[k.venue] })),
  { venue: "deribit", symbol: "BTC-PERPETUAL", tickSize: 0.5, lotSize: 10 },
  { venue: "bitmex", symbol: "XBTUSD", tickSize: 0.5, lotSize: 1, until: "2021-06-08T04:30:00Z" },
  { venue: "bitmex", symbol: "XBTUSD", tickSize: 0.5, lotSize: 100, from: "2021-06-08T04:30:00Z", until: "2024-07-31T04:00:00Z" },
  { venue: "bitmex", symbol: "XBTUSD", tickSize: 0.1, lotSize: 100, from: "2024-07-31T04:00:00Z" },
  { venue: "huobi-dm-swap", symbol: "BTC-USD", tickSize: 0.1, lotSize: 1 },
];
