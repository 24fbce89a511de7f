import { describe, expect, it } from "vitest";
import { loadInstrumentFile } from "../../src/data/instruments/instrumentFile.ts";
import { explicitFilters } from "../../src/live/configFilters.ts";
import { paperInstrument } from "../../src/live/paperSymbol.ts";
import { tempFile } from "../data/importers/tardis/support.ts";

const NOW = Date.parse("2025-06-01T00:00:00Z");

describe("paper trading: the tick and lot of the market the session connects to", () => {
  it("spot and USD-M BTCUSDT take their own market's tick and lot from the instrument table", () => {
    expect(paperInstrument("BTCUSDT", "spot", {}, undefined, NOW)).toMatchObject({ venue: "binance-spot", tickSize: 0.01, lotSize: 0.00001 });
    const usdm = paperInstrument("BTCUSDT", "usdm", {}, undefined, NOW);
    expect(usdm).toMatchObject({ venue: "binance-usdm", tickSize: 0.1, lotSize: 0.001 });
    expect(usdm.note).toBe("binance-usdm BTCUSDT: tick 0.1 (from the instrument table), lot 0.001 (from the instrument table)");
    expect(paperInstrument("ETHUSDT", "usdm", {}, undefined, NOW)).toMatchObject({ tickSize: 0.01, lotSize: 0.001 });
    expect(paperInstrument("SOLUSDT", "spot", {}, undefined, NOW)).toMatchObject({ tickSize: 0.01, lotSize: 0.001 });
  });

  it("the config's own symbol.tick_size / lot_size win, and the note says what the table has", () => {
    const p = paperInstrument("BTCUSDT", "usdm", { tickSize: 0.5 }, undefined, NOW);
    expect(p).toMatchObject({ tickSize: 0.5, lotSize: 0.001 });
    expect(p.note).toBe("binance-usdm BTCUSDT: tick 0.5 (from the config), lot 0.001 (from the instrument table); the instrument table says tick 0.1, lot 0.001");
  });

  it("a symbol the table does not know: --instruments (exchangeInfo), the config's values, or an error", () => {
    expect(() => paperInstrument("DOGEUSDT", "usdm", {}, undefined, NOW)).toThrow(
      /paper --market usdm: the tick and lot of binance-usdm DOGEUSDT are not in the instrument table \(BTCUSDT, ETHUSDT, SOLUSDT\): pass --instruments with Binance's exchangeInfo answer, or set symbol.tick_size and symbol.lot_size/,
    );
    const info = tempFile("exchangeInfo.json", JSON.stringify({ symbols: [{ symbol: "DOGEUSDT", filters: [{ filterType: "PRICE_FILTER", tickSize: "0.000010" }, { filterType: "LOT_SIZE", stepSize: "1" }] }] }));
    const list = loadInstrumentFile(info);
    expect(paperInstrument("DOGEUSDT", "usdm", {}, list, NOW)).toMatchObject({ tickSize: 0.00001, lotSize: 1 });
    expect(paperInstrument("DOGEUSDT", "usdm", { tickSize: 0.0001, lotSize: 10 }, undefined, NOW)).toMatchObject({ tickSize: 0.0001, lotSize: 10 });
    expect(() => paperInstrument("XRPUSDT", "usdm", {}, list, NOW)).toThrow(/nor in .*exchangeInfo\.json/);
  });

  it("explicit filters are those of the config file and --set, not the schema's defaults", () => {
    expect(explicitFilters(undefined, [])).toEqual({ tickSize: undefined, lotSize: undefined });
    expect(explicitFilters(undefined, ["symbol.tick_size=0.5", "gamma=0.2"])).toEqual({ tickSize: 0.5, lotSize: undefined });
    const file = tempFile("config.json", JSON.stringify({ gamma: 0.3, symbol: { lot_size: 0.01 } }));
    expect(explicitFilters(file, [])).toEqual({ tickSize: undefined, lotSize: 0.01 });
    expect(explicitFilters(file, ["symbol.lot_size=0.1"])).toEqual({ tickSize: undefined, lotSize: 0.1 });
  });
});
