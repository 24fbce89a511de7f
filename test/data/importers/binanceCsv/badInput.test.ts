import { describe, expect, it } from "vitest";
import { MmlabError } from "../../../../src/core/errors.ts";
import {
  binanceAggTradesImporter,
  binanceCsvImporter,
  binanceDepthImporter,
  binanceTradesImporter,
} from "../../../../src/data/importers/binanceCsv/index.ts";
import { EventKind } from "../../../../src/data/schema.ts";
import { dataErrorOf, importAll, replay, tempFile } from "../tardis/support.ts";

const DEPTH = "symbol,timestamp,first_update_id,last_update_id,side,update_type,price,qty,pu";
const T = 1667346579146;
const d = (ts: number, U: number, u: number, side: string, type: string, price: string, qty: string, pu: number): string =>
  `BTCUSDT,${ts},${U},${u},${side},${type},${price},${qty},${pu}`;
const depthFile = (...rows: string[]): string => tempFile("depth.csv", [DEPTH, ...rows].join("\n") + "\n");

describe("Binance depth CSV: bad input", () => {
  it("rejects a wrong header, naming row 1 and the first wrong column", async () => {
    const file = tempFile("d.csv", DEPTH.replace("price", "prce") + "\n" + d(T, 1, 1, "b", "snap", "100.00", "1", -1) + "\n");
    const e = await dataErrorOf(binanceCsvImporter, [file]);
    expect([e.file, e.row, e.field]).toEqual([file, 1, "price"]);
    const unknown = tempFile("d.csv", "foo,bar\n1,2\n");
    expect(await dataErrorOf(binanceCsvImporter, [unknown])).toMatchObject({ row: 1, field: "header" });
  });

  it("rejects a non-numeric price, a price off the tick grid and a negative qty", async () => {
    const snap = d(T, 1, 1, "b", "snap", "100.00", "1", -1);
    expect(await dataErrorOf(binanceCsvImporter, [depthFile(snap, d(T, 1, 1, "b", "snap", "x", "1", -1))])).toMatchObject({ row: 3, field: "price" });
    const off = await dataErrorOf(binanceCsvImporter, [depthFile(snap, d(T, 1, 1, "a", "snap", "100.005", "1", -1))]);
    expect(off).toMatchObject({ row: 3, field: "price" });
    expect(off.message).toContain("not on the tick grid of 0.1"); // USD-M BTCUSDT in 2022-11 (the instrument table)
    const neg = await dataErrorOf(binanceCsvImporter, [depthFile(d(T, 1, 1, "b", "snap", "100.00", "-1", -1))]);
    expect([neg.row, neg.field]).toEqual([2, "qty"]);
    expect(neg.message).toMatch(/depth\.csv: row 2: qty: must be >= 0/);
  });

  it("rejects a bad side, update type, update id and symbol", async () => {
    expect(await dataErrorOf(binanceCsvImporter, [depthFile(d(T, 1, 1, "x", "snap", "100.00", "1", -1))])).toMatchObject({ field: "side" });
    expect(await dataErrorOf(binanceCsvImporter, [depthFile(d(T, 1, 1, "b", "upd", "100.00", "1", -1))])).toMatchObject({ field: "update_type" });
    expect(await dataErrorOf(binanceCsvImporter, [depthFile(d(T, 1, 1, "b", "snap", "100.00", "1", -1).replace(",1,1,", ",1,z,"))])).toMatchObject({ field: "last_update_id" });
    const other = d(T, 1, 1, "b", "snap", "99.00", "1", -1).replace("BTCUSDT", "ETHUSDT");
    expect(await dataErrorOf(binanceCsvImporter, [depthFile(d(T, 1, 1, "b", "snap", "100.00", "1", -1), other)])).toMatchObject({ row: 3, field: "symbol" });
  });

  it("requires --tick/--lot for unknown symbols", async () => {
    const file = tempFile("d.csv", `${DEPTH}\nFOOUSDT,${T},1,1,b,snap,1.5,1,-1\n`);
    await expect(importAll(binanceCsvImporter, [file])).rejects.toThrow(/pass --tick and --lot/);
    expect((await importAll(binanceCsvImporter, [file], { tickSize: 0.5, lotSize: 1 })).data.meta).toMatchObject({ symbol: "FOOUSDT", tickSize: 0.5 });
  });
});

describe("Binance depth CSV: update-id sequence (USD-M rule: pu = previous u)", () => {
  const snap = [d(T, 100, 100, "b", "snap", "100.00", "1", -1), d(T, 100, 100, "a", "snap", "101.00", "1", -1)];

  it("drops stale updates, bridges the snapshot and chains on pu", async () => {
    const { data, events } = await importAll(binanceDepthImporter, [
      depthFile(
        ...snap,
        d(T + 1, 90, 99, "b", "set", "100.00", "5", 89), // ends before the snapshot: dropped
        d(T + 2, 95, 105, "b", "set", "100.00", "2", 94), // bridges (U <= 100 <= u)
        d(T + 3, 106, 110, "a", "set", "101.00", "0", 105),
        d(T + 3, 106, 110, "a", "set", "100.50", "3", 105),
      ),
    ]);
    expect(data.report.eventsByKind).toEqual({ depthClear: 2, snapshot: 2, depth: 3 });
    expect(data.report.notes.join("\n")).toContain("1 update messages older than their snapshot were dropped");
    const book = replay(events);
    expect(book.levels(1)).toEqual([[100, 2]]);
    expect(book.levels(-1)).toEqual([[100.5, 3]]);
    expect(data.report.crossedBooks).toBe(0);
  });

  it("fails on a pu break, or records it and resyncs at the next snapshot", async () => {
    const rows = [
      ...snap,
      d(T + 2, 95, 105, "b", "set", "100.00", "2", 94),
      d(T + 3, 120, 130, "b", "set", "100.00", "9", 119), // pu 119 != 105
      d(T + 4, 131, 140, "b", "set", "100.00", "8", 130), // dropped while resyncing
      d(T + 5, 150, 150, "b", "snap", "99.00", "4", -1),
      d(T + 5, 150, 150, "a", "snap", "99.50", "4", -1),
      d(T + 6, 151, 155, "a", "set", "99.60", "1", 150),
    ];
    const file = depthFile(...rows);
    const e = await dataErrorOf(binanceDepthImporter, [file]);
    expect([e.file, e.row, e.field]).toEqual([file, 5, "pu"]);
    expect(e.message).toContain("sequence gap");
    const { data, events } = await importAll(binanceDepthImporter, [file], { onGap: "resync" });
    expect(data.report.gaps).toHaveLength(1);
    expect(data.report.gaps[0]).toMatchObject({ file, line: 5, exchTs: String(BigInt(T + 3) * 1_000_000n) });
    const book = replay(events);
    expect(book.levels(1)).toEqual([[99, 4]]);
    expect(book.levels(-1)).toEqual([[99.5, 4], [99.6, 1]]);
    expect(data.report.notes.join("\n")).toContain("2 update messages after gaps were dropped");
  });

  it("uses the spot rule (U = previous u + 1) without a pu column", async () => {
    const spot = (ts: number, U: number, u: number, type: string, price: string, qty: string): string => `BTCUSDT,${ts},${U},${u},b,${type},${price},${qty}`;
    const file = tempFile("spot.csv", [DEPTH.replace(",pu", ""), spot(T, 100, 100, "snap", "100.00", "1"), spot(T + 1, 101, 104, "set", "100.00", "2"), spot(T + 2, 106, 107, "set", "100.00", "3")].join("\n"));
    const e = await dataErrorOf(binanceCsvImporter, [file]);
    expect([e.row, e.field]).toEqual([4, "first_update_id"]);
    const ok = tempFile("spot.csv", [DEPTH.replace(",pu", ""), spot(T, 100, 100, "snap", "100.00", "1"), spot(T + 1, 101, 104, "set", "100.00", "2"), spot(T + 2, 105, 107, "set", "100.00", "3")].join("\n"));
    const { data, events } = await importAll(binanceCsvImporter, [ok]);
    expect(data.meta.venue).toBe("binance-spot");
    expect(data.meta.lotSize).toBe(0.00001);
    expect(replay(events).levels(1)).toEqual([[100, 3]]);
  });
});

describe("Binance trades and aggTrades CSV", () => {
  it("reads a header-less spot trades dump (symbol from the file name, times in µs)", async () => {
    const file = tempFile("BTCUSDT-trades-2025-01-01.csv", "4000000001,93576.00,0.00100000,93.57600000,1735689600000123,True,True\n4000000002,93576.01,0.00200000,187.15202000,1735689600000456,false,True\n");
    const { data, events } = await importAll(binanceCsvImporter, [file]);
    expect(data.meta).toMatchObject({ symbol: "BTCUSDT", venue: "binance-spot", tickSize: 0.01, lotSize: 0.00001, source: "binance-csv:trades" });
    expect(data.report.notes.join("\n")).toContain("times in µs");
    expect(events).toEqual([
      { exchTs: 1735689600000123000n, localTs: 1735689600000123000n, kind: EventKind.TRADE, side: -1, price: 93576, qty: 0.001 },
      { exchTs: 1735689600000456000n, localTs: 1735689600000456000n, kind: EventKind.TRADE, side: 1, price: 93576.01, qty: 0.002 },
    ]);
  });

  it("reads a futures trades file with a header (ms) and needs --symbol when the name does not say", async () => {
    const text = "id,price,qty,quote_qty,time,is_buyer_maker\n1,20000.10,0.005,100.0005,1667346579146,false\n";
    const named = tempFile("BTCUSDT-trades-2022-11-02.csv", text);
    const { data, events } = await importAll(binanceTradesImporter, [named]);
    expect(data.meta).toMatchObject({ symbol: "BTCUSDT", venue: "binance-usdm", lotSize: 0.001 });
    expect(events[0]).toMatchObject({ exchTs: 1667346579146000000n, side: 1, price: 20000.1, qty: 0.005 });
    const anon = tempFile("trades.csv", text);
    await expect(importAll(binanceTradesImporter, [anon])).rejects.toThrow(MmlabError);
    await expect(importAll(binanceTradesImporter, [anon])).rejects.toThrow(/--symbol/);
    expect((await importAll(binanceTradesImporter, [anon], { symbol: "BTCUSDT" })).data.meta.symbol).toBe("BTCUSDT");
  });

  it("reads aggTrades with and without a header", async () => {
    const headed = tempFile("BTCUSDT-aggTrades-2022-11-02.csv", "agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker\n7,20000.10,0.5,10,12,1667346579146,true\n");
    const a = await importAll(binanceCsvImporter, [headed]);
    expect(a.data.meta).toMatchObject({ venue: "binance-usdm", source: "binance-csv:aggTrades" });
    expect(a.events).toEqual([{ exchTs: 1667346579146000000n, localTs: 1667346579146000000n, kind: EventKind.TRADE, side: -1, price: 20000.1, qty: 0.5 }]);
    // No header and no telling file name: the sixth field (a time, not a boolean) says aggTrades.
    const bare = tempFile("dump.csv", "7,20000.10,0.5,10,12,1667346579146,false,true\n");
    const b = await importAll(binanceCsvImporter, [bare], { symbol: "BTCUSDT" });
    expect(b.data.meta).toMatchObject({ venue: "binance-spot", source: "binance-csv:aggTrades" });
    expect(b.events[0].side).toBe(1);
    expect(await importAll(binanceAggTradesImporter, [bare], { symbol: "BTCUSDT" })).toMatchObject({ events: b.events });
  });

  it("rejects bad trade rows, naming row and field", async () => {
    const name = "BTCUSDT-trades-2024-08-08.csv";
    const row = (price: string, qty: string, time: string, maker: string): string => `1,${price},${qty},1,${time},${maker},true`;
    const ok = row("60000.00", "1", "1723161600000", "true");
    expect(await dataErrorOf(binanceCsvImporter, [tempFile(name, [ok, row("abc", "1", "1723161600001", "true")].join("\n"))])).toMatchObject({ row: 2, field: "price" });
    expect(await dataErrorOf(binanceCsvImporter, [tempFile(name, [ok, row("60000.001", "1", "1723161600001", "true")].join("\n"))])).toMatchObject({ row: 2, field: "price" });
    expect(await dataErrorOf(binanceCsvImporter, [tempFile(name, [ok, row("60000.00", "-1", "1723161600001", "true")].join("\n"))])).toMatchObject({ row: 2, field: "qty" });
    expect(await dataErrorOf(binanceCsvImporter, [tempFile(name, [ok, row("60000.00", "1", "1723161600001", "maybe")].join("\n"))])).toMatchObject({ row: 2, field: "is_buyer_maker" });
    const unit = await dataErrorOf(binanceCsvImporter, [tempFile(name, [ok, row("60000.00", "1", "1723161600000001", "true")].join("\n"))]);
    expect([unit.row, unit.field]).toEqual([2, "time"]);
    expect(unit.message).toContain("not in ms");
    const cols = await dataErrorOf(binanceCsvImporter, [tempFile(name, "1,60000.00,1,1,1723161600000\n")]);
    expect([cols.row, cols.field]).toEqual([1, undefined]);
  });
});
