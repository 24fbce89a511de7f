import { describe, expect, it } from "vitest";
import { openInputs } from "../../../../src/data/importers/merge/openInputs.ts";
import { EventKind } from "../../../../src/data/schema.ts";
import { describeWithSharedData, sample } from "../../../support/sharedData.ts";
import { collect, tempFile } from "../tardis/support.ts";

const { DEPTH, TRADE, DEPTH_CLEAR, SNAPSHOT } = EventKind;
const BOOK_HEADER = "exchange,symbol,timestamp,local_timestamp,is_snapshot,side,price,amount";
const TRADES_HEADER = "exchange,symbol,timestamp,local_timestamp,id,side,price,amount";
const row = (...f: (string | number)[]) => ["deribit", "BTC-PERPETUAL", ...f].join(",");

/** A Tardis incremental_book_L2 file (deribit BTC-PERPETUAL, tick 0.5, lot 10): a snapshot at 1000 µs, updates at 2000, 3000 (two), 5000. */
const book = () =>
  tempFile(
    "deribit_incremental_book_L2.csv",
    [
      BOOK_HEADER,
      row(1000, 1010, "true", "bid", "100.0", 100),
      row(1000, 1010, "true", "ask", "101.0", 200),
      row(2000, 2010, "false", "bid", "100.5", 50),
      row(3000, 3010, "false", "ask", "101.0", 0),
      row(3000, 3010, "false", "ask", "101.5", 30),
      row(5000, 5010, "false", "bid", "100.5", 0),
    ].join("\n") + "\n",
  );
/** Its trades: at 1500, then tied with the book at 2000 and 3000, and 6000. */
const trades = () =>
  tempFile(
    "deribit_trades.csv",
    [TRADES_HEADER, row(1500, 1520, "t1", "buy", "101.0", 10), row(2000, 2020, "t2", "sell", "100.5", 20), row(3000, 3020, "t3", "buy", "101.0", 200), row(6000, 6020, "t4", "sell", "100.0", 10)].join("\n") + "\n",
  );
/** More trades, continuing the first file. */
const trades2 = () => tempFile("deribit_trades_2.csv", [TRADES_HEADER, row(7000, 7020, "t5", "buy", "101.5", 30)].join("\n") + "\n");

/** [kind, exch_ts µs] of each event. */
async function order(format: string, inputs: string[], batchRows = 2): Promise<{ rows: [number, number][]; data: Awaited<ReturnType<typeof openInputs>> }> {
  const data = await openInputs(format, inputs, { batchRows });
  const { events } = await collect(data);
  return { rows: events.map((e) => [e.kind, Number(e.exchTs / 1000n)]), data };
}

describe("convert's merged inputs: a book file and a trades file become one stream by exchange time", () => {
  it("Tardis incremental_book_L2 + trades: interleaved by exch_ts; ties: the stream named first comes first", async () => {
    const b = book();
    const t = trades();
    const bookFirst = await order("tardis", [b, t]);
    expect(bookFirst.rows).toEqual([
      [DEPTH_CLEAR, 1000],
      [DEPTH_CLEAR, 1000],
      [SNAPSHOT, 1000],
      [SNAPSHOT, 1000],
      [TRADE, 1500],
      [DEPTH, 2000],
      [TRADE, 2000],
      [DEPTH, 3000],
      [DEPTH, 3000],
      [TRADE, 3000],
      [DEPTH, 5000],
      [TRADE, 6000],
    ]);
    const tradesFirst = await order("tardis", [t, b]);
    expect(tradesFirst.rows.slice(4, 10)).toEqual([
      [TRADE, 1500],
      [TRADE, 2000],
      [DEPTH, 2000],
      [TRADE, 3000],
      [DEPTH, 3000],
      [DEPTH, 3000],
    ]);
    const { data } = bookFirst;
    expect(data.meta).toMatchObject({ symbol: "BTC-PERPETUAL", venue: "deribit", tickSize: 0.5, lotSize: 10, source: "tardis-csv:incremental_book_L2+tardis-csv:trades" });
    expect(data.report.events).toBe(12);
    expect(data.report.eventsByKind).toEqual({ depthClear: 2, snapshot: 2, depth: 4, trade: 4 });
    expect([data.report.firstExchTs, data.report.lastExchTs]).toEqual(["1000000", "6000000"]);
    expect(data.report.crossedBooks).toBe(0);
    expect(data.report.notes[0]).toBe(
      "merged 2 streams by exch_ts (1. incremental_book_L2 (deribit_incremental_book_L2.csv); 2. trades (deribit_trades.csv)); equal exch_ts: stream 1 first, then 2…; each stream's rows in file order",
    );
    expect(data.report.notes).toContain("[trades (deribit_trades.csv)] Tardis trades: deribit BTC-PERPETUAL; exch_ts = timestamp, local_ts = local_timestamp (µs → ns)");
  });

  it("files of one type are one stream, in the order given, wherever they stand on the command line", async () => {
    const { rows, data } = await order("tardis", [trades(), book(), trades2()], 5);
    expect(rows.filter((r) => r[0] === TRADE).map((r) => r[1])).toEqual([1500, 2000, 3000, 6000, 7000]);
    expect(rows.at(-1)).toEqual([TRADE, 7000]);
    expect(data.report.notes[0]).toContain("1. trades (deribit_trades.csv, deribit_trades_2.csv); 2. incremental_book_L2");
  });

  it("Binance depth + trades CSVs (USD-M BTCUSDT, 2024: tick 0.1, lot 0.001)", async () => {
    const depth = tempFile(
      "BTCUSDT-bookDepth.csv",
      [
        "symbol,timestamp,first_update_id,last_update_id,side,update_type,price,qty,pu",
        "BTCUSDT,1704067200000,10,10,b,snap,42000.0,1.000,-1",
        "BTCUSDT,1704067200000,10,10,a,snap,42000.1,2.000,-1",
        "BTCUSDT,1704067200002,11,11,a,set,42000.1,1.500,10",
      ].join("\n") + "\n",
    );
    const tr = tempFile("BTCUSDT-trades-2024-01-01.csv", ["id,price,qty,quote_qty,time,is_buyer_maker", "1,42000.1,0.500,21000.05,1704067200001,false", "2,42000.0,0.250,10500,1704067200002,true"].join("\n") + "\n");
    const { rows, data } = await order("binance-csv", [tr, depth]);
    expect(rows).toEqual([
      [DEPTH_CLEAR, 1704067200000000],
      [DEPTH_CLEAR, 1704067200000000],
      [SNAPSHOT, 1704067200000000],
      [SNAPSHOT, 1704067200000000],
      [TRADE, 1704067200001000],
      [TRADE, 1704067200002000], // tie at 2 ms: trades were named first
      [DEPTH, 1704067200002000],
    ]);
    expect(data.meta).toMatchObject({ symbol: "BTCUSDT", venue: "binance-usdm", tickSize: 0.1, lotSize: 0.001, source: "binance-csv:trades+binance-csv:depth" });
  });

  it("two order books, two trade tapes, or two instruments are refused, naming the files", async () => {
    const quotes = tempFile("deribit_quotes.csv", ["exchange,symbol,timestamp,local_timestamp,ask_amount,ask_price,bid_price,bid_amount", row(1000, 1010, 10, "101.0", "100.0", 10)].join("\n") + "\n");
    await expect(openInputs("tardis", [book(), quotes], {})).rejects.toThrow(
      /merge: deribit_incremental_book_L2\.csv \(incremental_book_L2\) and deribit_quotes\.csv \(quotes\) both hold order-book data; one merged output takes one book stream and one trades stream/,
    );
    const bitmex = tempFile("bitmex_trades.csv", [TRADES_HEADER, "bitmex,XBTUSD,1500,1520,t1,buy,101.0,10"].join("\n") + "\n");
    await expect(openInputs("tardis", [book(), bitmex], {})).rejects.toThrow(
      /merge: deribit_incremental_book_L2\.csv holds deribit BTC-PERPETUAL \(tick 0\.5, lot 10\) but bitmex_trades\.csv holds bitmex XBTUSD \(tick 0\.5, lot 1\): merged inputs must be one instrument/,
    );
  });

  it("a stream out of time order is found while merging", async () => {
    const late = tempFile("late_trades.csv", [TRADES_HEADER, row(4000, 4020, "t1", "buy", "101.0", 10), row(3500, 3520, "t2", "buy", "101.0", 10)].join("\n") + "\n");
    const data = await openInputs("tardis", [book(), late], {});
    await expect(collect(data)).rejects.toThrow(/merge: trades \(late_trades\.csv\) goes back in time at its event 2 \(exch_ts 3500000 after 4000000\)/);
  });

  it("one data type: the importer reads the inputs as one stream, as before", async () => {
    const data = await openInputs("tardis", [trades(), trades2()], {});
    expect(data.report.notes[0]).toContain("Tardis trades");
    expect((await collect(data)).events.map((e) => e.exchTs / 1000n)).toEqual([1500n, 2000n, 3000n, 6000n, 7000n]);
  });
});

describeWithSharedData("merged inputs on ../shared/data/format-samples", () => {
  const DIR = "format-samples/";

  it("the two Binance-futures BTCUSDT book_snapshot files (25 and 5 levels) share an instrument but are two books: refused", async () => {
    const files = [sample(DIR + "binance-futures_book_snapshot_25_BTCUSDT.csv"), sample(DIR + "binance-futures_book_snapshot_5_BTCUSDT.csv")];
    await expect(openInputs("tardis", files, {})).rejects.toThrow(/book_snapshot_25\) and .*book_snapshot_5\) both hold order-book data/);
  });

  it("the BitMEX XBTUSD trades sample merged with a hand-made book of the same instrument and day", async () => {
    const trades = sample(DIR + "bitmex_trades_XBTUSD.csv");
    const lines = (await import("node:fs")).readFileSync(trades, "utf8").trim().split("\n").slice(1);
    const t0 = Number(lines[0].split(",")[2]);
    const book = tempFile(
      "bitmex_incremental_book_L2_XBTUSD.csv",
      [BOOK_HEADER, `bitmex,XBTUSD,${t0},${t0 + 5},true,bid,8531.0,1000`, `bitmex,XBTUSD,${t0},${t0 + 5},true,ask,8531.5,2000`, `bitmex,XBTUSD,${t0 + 1},${t0 + 6},false,ask,8531.5,1000`].join("\n") + "\n",
    );
    const data = await openInputs("tardis", [book, trades], { batchRows: 3 });
    const { events } = await collect(data);
    expect(events).toHaveLength(4 + 1 + lines.length);
    expect(events.slice(0, 4).map((e) => e.kind)).toEqual([DEPTH_CLEAR, DEPTH_CLEAR, SNAPSHOT, SNAPSHOT]);
    for (let i = 1; i < events.length; i++) expect(events[i].exchTs >= events[i - 1].exchTs).toBe(true);
    expect(events.filter((e) => e.kind === TRADE)).toHaveLength(lines.length);
    expect(data.meta).toMatchObject({ venue: "bitmex", symbol: "XBTUSD", tickSize: 0.5, lotSize: 1 });
  });
});
