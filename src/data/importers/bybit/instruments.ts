import type { KnownInstrument } from "../../instruments/lookup.ts";

/**
 * Tick and lot sizes the Bybit importer knows (USDT perpetuals, venue `bybit`); anything else needs
 * `--tick` and `--lot`.
 * - XRPUSDT: tick 0.0001, lot 1 (the 2024-12 sample: 4-decimal prices, whole-XRP sizes).
 * - BTCUSDT: tick 0.1, lot 0.001.
 */
export const BYBIT_INSTRUMENTS: readonly KnownInstrument[] = [
  { venue: "bybit", symbol: "XRPUSDT", tickSize: 0.0001, lotSize: 1 },
  { venue: "bybit", symbol: "BTCUSDT", tickSize: 0.1, lotSize: 0.001 },
];
