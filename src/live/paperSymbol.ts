import { MmlabError } from "../core/errors.ts";
import { BINANCE_INSTRUMENTS } from "../data/instruments/binance.ts";
import type { InstrumentList } from "../data/instruments/instrumentList.ts";
import { knownInstrument, knownSymbols } from "../data/instruments/lookup.ts";
import type { BinanceMarket } from "./binance/endpoints.ts";
import type { ExplicitFilters } from "./configFilters.ts";

/** The venue name of each Binance market, as the instrument table and the importers use it. */
export const PAPER_VENUES: Readonly<Record<BinanceMarket, string>> = { spot: "binance-spot", usdm: "binance-usdm" };

/** A paper session's instrument: the venue it connects to, its tick and lot, and where they came from. */
export interface PaperInstrument {
  venue: string;
  tickSize: number;
  lotSize: number;
  /** One line for the session log. */
  note: string;
}

/**
 * The tick and lot of `symbol` on the Binance market the session connects to: the config's own
 * symbol.tick_size / lot_size when the user set them (config file or --set), else the instrument
 * file (--instruments, an exchangeInfo answer), else the instrument table for that market's venue,
 * else an error. The config's defaults (spot BTCUSDT) never stand in for another market's values.
 * `atMs`: now (the table has periods).
 */
export function paperInstrument(symbol: string, market: BinanceMarket, explicit: ExplicitFilters, instruments: InstrumentList | undefined, atMs: number): PaperInstrument {
  const venue = PAPER_VENUES[market];
  const listed = instruments?.find(symbol);
  const known = listed ?? knownInstrument(BINANCE_INSTRUMENTS, venue, symbol, atMs);
  const tickSize = explicit.tickSize ?? known?.tickSize;
  const lotSize = explicit.lotSize ?? known?.lotSize;
  if (tickSize === undefined || lotSize === undefined) {
    const inFile = instruments === undefined ? "" : ` nor in ${instruments.path}`;
    throw new MmlabError(
      `paper --market ${market}: the tick and lot of ${venue} ${symbol} are not in the instrument table (${knownSymbols(BINANCE_INSTRUMENTS, venue).join(", ")})${inFile}: ` +
        "pass --instruments with Binance's exchangeInfo answer, or set symbol.tick_size and symbol.lot_size",
    );
  }
  const source = listed !== undefined ? instruments!.path : "the instrument table";
  const from = (v: number | undefined): string => (v !== undefined ? "the config" : source);
  let note = `${venue} ${symbol}: tick ${tickSize} (from ${from(explicit.tickSize)}), lot ${lotSize} (from ${from(explicit.lotSize)})`;
  if (known !== undefined && (tickSize !== known.tickSize || lotSize !== known.lotSize)) {
    note += `; ${source} says tick ${known.tickSize}, lot ${known.lotSize}`;
  }
  return { venue, tickSize, lotSize, note };
}
