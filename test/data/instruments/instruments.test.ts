import { describe, expect, it } from "vitest";
import { DataError } from "../../../src/core/errors.ts";
import { tardisCsvImporter } from "../../../src/data/importers/tardis/index.ts";
import { TARDIS_INSTRUMENTS } from "../../../src/data/importers/tardis/instruments.ts";
import { BINANCE_INSTRUMENTS } from "../../../src/data/instruments/binance.ts";
import { loadInstrumentFile } from "../../../src/data/instruments/instrumentFile.ts";
import { knownInstrument } from "../../../src/data/instruments/lookup.ts";
import { describeWithSharedData, sample } from "../../support/sharedData.ts";
import { importAll, tempFile } from "../importers/tardis/support.ts";

/** An exchangeInfo answer in Binance's shape (filters as the API lists them). */
const exchangeInfo = (symbols: { symbol: string; tick: string; step: string }[]) =>
  JSON.stringify({
    timezone: "UTC",
    serverTime: 1704067200000,
    symbols: symbols.map((s) => ({
      symbol: s.symbol,
      status: "TRADING",
      filters: [
        { filterType: "PRICE_FILTER", minPrice: "0.10", maxPrice: "1000000", tickSize: s.tick },
        { filterType: "LOT_SIZE", stepSize: s.step, maxQty: "1000", minQty: s.step },
        { filterType: "MIN_NOTIONAL", notional: "100" },
      ],
    })),
  });

const at = (iso: string): number => Date.parse(iso);

describe("the Binance instrument table (binance-spot, binance-usdm)", () => {
  it("holds BTCUSDT, ETHUSDT and SOLUSDT of both markets", () => {
    const now = at("2025-01-01T00:00:00Z");
    const of = (venue: string, symbol: string) => {
      const k = knownInstrument(BINANCE_INSTRUMENTS, venue, symbol, now);
      return k && [k.tickSize, k.lotSize];
    };
    expect(of("binance-spot", "BTCUSDT")).toEqual([0.01, 0.00001]);
    expect(of("binance-spot", "ETHUSDT")).toEqual([0.01, 0.0001]);
    expect(of("binance-spot", "SOLUSDT")).toEqual([0.01, 0.001]);
    expect(of("binance-usdm", "BTCUSDT")).toEqual([0.1, 0.001]);
    expect(of("binance-usdm", "ETHUSDT")).toEqual([0.01, 0.001]);
    expect(of("binance-usdm", "SOLUSDT")).toEqual([0.01, 0.01]);
    expect(of("binance-usdm", "DOGEUSDT")).toBeUndefined();
  });

  it("USD-M BTCUSDT: tick 0.01 in 2020 (the Tardis sample's grid), 0.1 from the 2022-02-19 exchangeInfo on", () => {
    expect(knownInstrument(BINANCE_INSTRUMENTS, "binance-usdm", "BTCUSDT", at("2020-09-01T00:00:00Z"))?.tickSize).toBe(0.01);
    expect(knownInstrument(BINANCE_INSTRUMENTS, "binance-usdm", "BTCUSDT", at("2022-02-19T01:20:11Z"))?.tickSize).toBe(0.1);
  });

  it("is the Tardis importer's too, under Tardis's exchange ids (binance, binance-futures)", () => {
    const now = at("2025-01-01T00:00:00Z");
    expect(knownInstrument(TARDIS_INSTRUMENTS, "binance", "ETHUSDT", now)).toMatchObject({ tickSize: 0.01, lotSize: 0.0001 });
    expect(knownInstrument(TARDIS_INSTRUMENTS, "binance-futures", "SOLUSDT", now)).toMatchObject({ tickSize: 0.01, lotSize: 0.01 });
    expect(knownInstrument(TARDIS_INSTRUMENTS, "deribit", "BTC-PERPETUAL", now)).toMatchObject({ tickSize: 0.5, lotSize: 10 });
  });
});

describe("instrument files (--instruments)", () => {
  it("reads a Binance exchangeInfo answer: tick = PRICE_FILTER tickSize, lot = LOT_SIZE stepSize", () => {
    const list = loadInstrumentFile(tempFile("exchangeInfo.json", exchangeInfo([{ symbol: "BTCUSDT", tick: "0.10", step: "0.001" }, { symbol: "DOGEUSDT", tick: "0.00001", step: "1" }])));
    expect(list.kind).toBe("Binance exchangeInfo");
    expect(list.symbols).toEqual(["BTCUSDT", "DOGEUSDT"]);
    expect(list.find("DOGEUSDT")).toEqual({ tickSize: 0.00001, lotSize: 1 });
    expect(list.find("BTCUSDT")).toEqual({ tickSize: 0.1, lotSize: 0.001 });
    expect(list.find("ETHUSDT")).toBeUndefined();
  });

  it("reads a Coinbase /products answer, plain or as cryptofeed's capture", () => {
    const products = [{ id: "BTC-USD", quote_increment: "0.01", base_increment: "0.00000001" }];
    const plain = loadInstrumentFile(tempFile("products.json", JSON.stringify(products)));
    expect(plain.kind).toBe("Coinbase /products");
    expect(plain.find("BTC-USD")).toEqual({ tickSize: 0.01, lotSize: 0.00000001 });
    const captured = loadInstrumentFile(tempFile("COINBASE.0", `https://api.pro.coinbase.com/products -> 1618677816.84: ${JSON.stringify(products)}\r\nconfiguration: {"x":1}\n`));
    expect(captured.find("BTC-USD")).toEqual({ tickSize: 0.01, lotSize: 0.00000001 });
  });

  it("a malformed entry is an error when it is looked up, naming the file, entry and filter", () => {
    const file = tempFile("exchangeInfo.json", JSON.stringify({ symbols: [{ symbol: "A", filters: [{ filterType: "PRICE_FILTER", tickSize: "0.01" }] }, { symbol: "B", filters: [{ filterType: "PRICE_FILTER", tickSize: "0" }, { filterType: "LOT_SIZE", stepSize: "1" }] }] }));
    const list = loadInstrumentFile(file);
    expect(() => list.find("A")).toThrow(/exchangeInfo\.json: symbols\[0\]\.filters: A has no LOT_SIZE filter/);
    expect(() => list.find("B")).toThrow(DataError);
    expect(() => list.find("B")).toThrow(/symbols\[1\]\.filters\[PRICE_FILTER\]\.tickSize: must be a positive decimal, found "0"/);
  });

  it("a file that is neither: a clear error", () => {
    expect(() => loadInstrumentFile(tempFile("x.json", "{not json"))).toThrow(/x\.json: not JSON .*expected a Binance exchangeInfo object or a Coinbase \/products array/);
    expect(() => loadInstrumentFile(tempFile("y.json", '{"rateLimits":[]}'))).toThrow(/y\.json: not an instrument list/);
    expect(() => loadInstrumentFile("/nonexistent/exchangeInfo.json")).toThrow(/cannot read the instrument file \(ENOENT\)/);
  });

  it("importers take it after --tick/--lot and before their own table (Tardis binance-futures ETHUSDT)", async () => {
    const file = tempFile(
      "binance-futures_trades_ETHUSDT.csv",
      "exchange,symbol,timestamp,local_timestamp,id,side,price,amount\nbinance-futures,ETHUSDT,1704067200000000,1704067200001000,1,buy,2300.05,0.5\n",
    );
    const table = await importAll(tardisCsvImporter, [file]);
    expect(table.data.meta).toMatchObject({ tickSize: 0.01, lotSize: 0.001 });
    expect(table.data.report.notes.join("\n")).toContain("tick 0.01 (from known-instrument table)");
    const instruments = loadInstrumentFile(tempFile("exchangeInfo.json", exchangeInfo([{ symbol: "ETHUSDT", tick: "0.05", step: "0.1" }])));
    const fromFile = await importAll(tardisCsvImporter, [file], { instruments });
    expect(fromFile.data.meta).toMatchObject({ tickSize: 0.05, lotSize: 0.1 });
    expect(fromFile.data.report.notes.join("\n")).toMatch(/tick 0\.05 \(from .*exchangeInfo\.json\), lot 0\.1 \(from .*exchangeInfo\.json\)/);
    const both = await importAll(tardisCsvImporter, [file], { instruments, tickSize: 0.01, lotSize: 0.5 });
    expect(both.data.meta).toMatchObject({ tickSize: 0.01, lotSize: 0.5 });
    const unknown = tempFile("t.csv", "exchange,symbol,timestamp,local_timestamp,id,side,price,amount\nbinance-futures,XRPUSDT,1704067200000000,1704067200001000,1,buy,0.5,1\n");
    await expect(importAll(tardisCsvImporter, [unknown], { instruments })).rejects.toThrow(/binance-futures XRPUSDT are not in the table of known instruments nor in .*exchangeInfo\.json: pass --tick and --lot/);
  });
});

describeWithSharedData("the Coinbase products sample (COINBASE.0) as an instrument file", () => {
  it("lists 162 products with their increments", () => {
    const list = loadInstrumentFile(sample("coinbase/COINBASE.0"));
    expect(list.symbols).toHaveLength(162);
    expect(list.find("SKL-USD")).toEqual({ tickSize: 0.0001, lotSize: 0.1 });
    expect(list.find("DASH-BTC")).toEqual({ tickSize: 0.00000001, lotSize: 0.001 });
  });
});
