/**
 * Tick and lot sizes the Binance CSV importer knows: the shared Binance table (venues
 * `binance-spot`, `binance-usdm`, as the raw capture importer names them; sources in
 * src/data/instruments/binance.ts). Anything else needs `--tick` and `--lot`, or `--instruments`.
 */
export { BINANCE_INSTRUMENTS } from "../../instruments/binance.ts";
