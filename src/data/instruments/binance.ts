import type { KnownInstrument } from "./lookup.ts";

/**
 * Tick and lot sizes of Binance majors, keyed by venue: `binance-spot` (spot) and `binance-usdm`
 * (USDⓈ-M perpetuals), the names the raw-capture importer and paper trading use. The tick is the
 * PRICE_FILTER `tickSize`, the lot the LOT_SIZE `stepSize` of Binance's exchangeInfo. Anything
 * else needs --tick/--lot, or --instruments with an exchangeInfo file.
 *
 * Checked against exchangeInfo answers kept as test data in nautechsystems/nautilus_trader
 * (tests/integration_tests/adapters/binance/resources/http_responses/):
 * - http_spot_market_exchange_info.json (serverTime 2021-10-22): spot BTCUSDT tickSize 0.01,
 *   stepSize 0.00001; ETHUSDT 0.01, 0.0001.
 * - http_futures_usdt_exchange_info.json (serverTime 2022-02-19T01:20:11Z): USD-M BTCUSDT
 *   tickSize 0.10, stepSize 0.001; ETHUSDT 0.01, 0.001.
 * and for SOLUSDT USD-M against melight402/trading-back constants/binancePrecision.js (a table of
 * /fapi/v1/exchangeInfo filters, 2024): tickSize 0.0100, stepSize 0.01. The lot 0.01 is that
 * sample's; an older value of 1 is also quoted for this contract: 0.01 is kept because a size on
 * a 1 grid lies on the 0.01 grid too, so no capture of either period is refused. No exchangeInfo
 * sample of spot SOLUSDT was found: its 0.01 / 0.001 are Binance's published trading rules, not
 * checked here.
 *
 * USD-M BTCUSDT traded on a 0.01 tick at first (the 2020-09 Tardis sample in ../shared/data lies on
 * it) and on 0.1 by 2022-02-19: 0.01 is kept until that date (data of the unknown switch-over period
 * on the 0.1 grid passes the 0.01 check, and the import notes the coarser grid).
 */
export const BINANCE_INSTRUMENTS: readonly KnownInstrument[] = [
  // Orders resting from before the lot was coarsened keep their 0.000001 sizes, and so do the levels
  // they sit in: the sample in ../shared/data has 7 such level sizes (e.g. 25.426189 BTC at an ask of 200,000).
  { venue: "binance-spot", symbol: "BTCUSDT", tickSize: 0.01, lotSize: 0.00001, sizeGrid: 0.000001 },
  { venue: "binance-spot", symbol: "ETHUSDT", tickSize: 0.01, lotSize: 0.0001 },
  { venue: "binance-spot", symbol: "SOLUSDT", tickSize: 0.01, lotSize: 0.001 },
  { venue: "binance-usdm", symbol: "BTCUSDT", tickSize: 0.01, lotSize: 0.001, until: "2022-02-19T01:20:11Z" },
  { venue: "binance-usdm", symbol: "BTCUSDT", tickSize: 0.1, lotSize: 0.001, from: "2022-02-19T01:20:11Z" },
  { venue: "binance-usdm", symbol: "ETHUSDT", tickSize: 0.01, lotSize: 0.001 },
  { venue: "binance-usdm", symbol: "SOLUSDT", tickSize: 0.01, lotSize: 0.01 },
];
