import { describe, expect, it } from "vitest";
import { MmlabError } from "../../../../src/core/errors.ts";
import {
  tardisBookSnapshotImporter,
  tardisCsvImporter,
  tardisIncrementalBookL2Importer,
  tardisTradesImporter,
} from "../../../../src/data/importers/tardis/index.ts";
import { EventKind } from "../../../../src/data/schema.ts";
import { dataErrorOf, importAll, replay, tempFile } from "./support.ts";

const L2 = "exchange,symbol,timestamp,local_timestamp,is_snapshot,side,price,amount";
const TRADES = "exchange,symbol,timestamp,local_timestamp,id,side,price,amount";
const row = (ts: number, snap: boolean, side: string, price: string, amount: string): string =>
  `deribit,BTC-PERPETUAL,${ts},${ts + 100},${snap},${side},${price},${amount}`;
const l2File = (...rows: string[]): string => tempFile("l2.csv", [L2, ...rows].join("\n") + "\n");
/** Deribit's lot is 10 USD contracts: hand-made rows of other sizes need a lot of 1. */
const LOT_1 = { lotSize: 1 };

describe("Tardis importer: bad input", () => {
  it("rejects a wrong header, naming row 1 and the first wrong column", async () => {
    const file = tempFile("bad.csv", "exchange,symbol,timestamp,local_timestamp,is_snapshot,side,prise,amount\n" + row(1, true, "bid", "100", "10") + "\n");
    const e = await dataErrorOf(tardisCsvImporter, [file]);
    expect([e.file, e.row, e.field]).toEqual([file, 1, "price"]);
    expect(e.message).toContain("prise");
  });

  it("rejects a header of no supported type", async () => {
    const file = tempFile("bad.csv", "exchange,symbol,timestamp,local_timestamp,mark_price\nderibit,X,1,2,3\n");
    const e = await dataErrorOf(tardisCsvImporter, [file]);
    expect([e.file, e.row, e.field]).toEqual([file, 1, "header"]);
  });

  it("rejects a header of another type than the importer's", async () => {
    const file = tempFile("trades.csv", `${TRADES}\nderibit,BTC-PERPETUAL,1,2,abc,buy,100,10\n`);
    const e = await dataErrorOf(tardisIncrementalBookL2Importer, [file]);
    expect([e.row, e.field]).toEqual([1, "is_snapshot"]);
  });

  it("rejects a non-numeric price, naming file, row and field", async () => {
    const file = l2File(row(1, true, "bid", "100", "10"), row(2, false, "ask", "abc", "10"));
    const e = await dataErrorOf(tardisCsvImporter, [file]);
    expect([e.file, e.row, e.field]).toEqual([file, 3, "price"]);
    expect(e.message).toContain(`${file}: row 3: price: not a number`);
  });

  it("rejects a price off the tick grid", async () => {
    const file = l2File(row(1, true, "bid", "100", "10"), row(2, false, "ask", "100.3", "10"));
    const e = await dataErrorOf(tardisCsvImporter, [file]);
    expect([e.file, e.row, e.field]).toEqual([file, 3, "price"]);
    expect(e.message).toContain("not on the tick grid of 0.5");
  });

  it("rejects a negative amount", async () => {
    const file = l2File(row(1, true, "bid", "100", "-10"));
    const e = await dataErrorOf(tardisCsvImporter, [file]);
    expect([e.file, e.row, e.field]).toEqual([file, 2, "amount"]);
  });

  it("rejects a bad side, is_snapshot, timestamp or column count", async () => {
    expect((await dataErrorOf(tardisCsvImporter, [l2File(row(1, true, "buy", "100", "1"))])).field).toBe("side");
    expect((await dataErrorOf(tardisCsvImporter, [l2File(row(1, true, "bid", "100", "1").replace("true", "yes"))])).field).toBe("is_snapshot");
    expect((await dataErrorOf(tardisCsvImporter, [l2File(row(1, true, "bid", "100", "1"), "deribit,BTC-PERPETUAL,x,1,true,bid,100,1")], LOT_1)).field).toBe("timestamp");
    const e = await dataErrorOf(tardisCsvImporter, [l2File(row(1, true, "bid", "100", "1"), "deribit,BTC-PERPETUAL,1,2,true,bid,100")], LOT_1);
    expect([e.row, e.field]).toEqual([3, undefined]);
    expect(e.message).toContain("expected 8 columns, found 7");
  });

  it("rejects a second symbol in one file", async () => {
    const file = l2File(row(1, true, "bid", "100", "1"), row(2, false, "bid", "100", "2").replace("BTC-PERPETUAL", "ETH-PERPETUAL"));
    const e = await dataErrorOf(tardisCsvImporter, [file], LOT_1);
    expect([e.row, e.field]).toEqual([3, "symbol"]);
  });

  it("requires --tick and --lot for instruments it does not know, and uses them", async () => {
    const file = tempFile("x.csv", `${TRADES}\nokex,FOO-BAR,1000,2000,1,buy,1.25,3\n`);
    await expect(importAll(tardisCsvImporter, [file])).rejects.toThrow(MmlabError);
    await expect(importAll(tardisCsvImporter, [file])).rejects.toThrow(/pass --tick and --lot/);
    const { data, events } = await importAll(tardisCsvImporter, [file], { tickSize: 0.05, lotSize: 1, symbol: "FOOBAR" });
    expect(data.meta).toMatchObject({ symbol: "FOOBAR", venue: "okex", tickSize: 0.05, lotSize: 1 });
    expect(events).toEqual([{ exchTs: 1_000_000n, localTs: 2_000_000n, kind: EventKind.TRADE, side: 1, price: 1.25, qty: 3 }]);
    const off = await dataErrorOf(tardisCsvImporter, [file], { tickSize: 0.1, lotSize: 1 });
    expect([off.row, off.field]).toEqual([2, "price"]);
  });

  it("uses the table entry valid at the data's date (bitmex XBTUSD lot 1, then 100; tick 0.5, then 0.1)", async () => {
    const at = (iso: string): string => tempFile("t.csv", `${TRADES}\nbitmex,XBTUSD,${Date.parse(iso) * 1000},${Date.parse(iso) * 1000},a,sell,60000.5,100\n`);
    expect((await importAll(tardisCsvImporter, [at("2020-03-01T00:00:00Z")])).data.meta).toMatchObject({ tickSize: 0.5, lotSize: 1 });
    expect((await importAll(tardisCsvImporter, [at("2022-01-01T00:00:00Z")])).data.meta).toMatchObject({ tickSize: 0.5, lotSize: 100 });
    expect((await importAll(tardisCsvImporter, [at("2024-08-01T00:00:00Z")])).data.meta).toMatchObject({ tickSize: 0.1, lotSize: 100 });
  });

  it("maps trade sides buy/sell/unknown to +1/−1/0 and rejects others", async () => {
    const file = tempFile("t.csv", [TRADES, ...["buy", "sell", "unknown"].map((s, i) => `deribit,BTC-PERPETUAL,${i + 1},${i + 2},id${i},${s},100,10`)].join("\n"));
    expect((await importAll(tardisTradesImporter, [file])).events.map((e) => e.side)).toEqual([1, -1, 0]);
    const bad = tempFile("t.csv", `${TRADES}\nderibit,BTC-PERPETUAL,1,2,id,bid,100,10\n`);
    expect((await dataErrorOf(tardisTradesImporter, [bad])).field).toBe("side");
  });

  it("rejects inputs of different types", async () => {
    const a = l2File(row(1, true, "bid", "100", "1"));
    const b = tempFile("t.csv", `${TRADES}\nderibit,BTC-PERPETUAL,5,6,id,buy,100,10\n`);
    const e = await dataErrorOf(tardisCsvImporter, [a, b], LOT_1);
    expect([e.file, e.row, e.field]).toEqual([b, 1, "header"]);
  });
});

describe("Tardis incremental_book_L2: snapshots and updates", () => {
  it("clears the book when a snapshot run follows updates, and counts crossed books per message", async () => {
    const file = l2File(
      row(10, true, "bid", "100", "5"),
      row(10, true, "ask", "101", "5"),
      row(20, false, "bid", "99", "3"),
      row(30, false, "bid", "101.5", "1"), // crosses the 101 ask…
      row(40, false, "bid", "101.5", "0"), // …and is deleted in the next message
      row(50, true, "bid", "98", "7"),
      row(50, true, "ask", "99", "7"),
      row(60, false, "ask", "99.5", "2"),
    );
    const { data, events } = await importAll(tardisCsvImporter, [file], LOT_1);
    expect(events.map((e) => e.kind)).toEqual([3, 3, 4, 4, 1, 1, 1, 3, 3, 4, 4, 1]);
    expect(data.report.eventsByKind).toEqual({ depthClear: 4, snapshot: 4, depth: 4 });
    expect(data.report.crossedBooks).toBe(1);
    const book = replay(events);
    expect(book.levels(1)).toEqual([[98, 7]]);
    expect(book.levels(-1)).toEqual([[99, 7], [99.5, 2]]);
    expect(events[0].localTs - events[0].exchTs).toBe(100_000n);
  });

  it("notes data that does not start with a snapshot", async () => {
    const { data } = await importAll(tardisCsvImporter, [l2File(row(1, false, "bid", "100", "1"))], LOT_1);
    expect(data.report.notes.join("\n")).toContain("does not start with a snapshot");
  });
});

describe("Tardis book_snapshot_N: diffs", () => {
  const header = "exchange,symbol,timestamp,local_timestamp,asks[0].price,asks[0].amount,bids[0].price,bids[0].amount,asks[1].price,asks[1].amount,bids[1].price,bids[1].amount";
  const r = (ts: number, levels: string): string => `deribit,BTC-PERPETUAL,${ts},${ts},${levels}`;

  it("deletes levels that leave the top N, handles empty levels, emits nothing for an unchanged row", async () => {
    const file = tempFile("s.csv", [
      header,
      r(1, "101,1,100,2,102,3,99,4"),
      r(2, "101,1,100,2,102,3,99,4"), // unchanged
      r(3, "100.5,5,100,2,101,1,,"), // new best ask, 102 leaves, 99 leaves (empty level)
    ].join("\n"));
    const { events, data } = await importAll(tardisBookSnapshotImporter, [file], LOT_1);
    expect(data.meta.source).toBe("tardis-csv:book_snapshot_2");
    const later = events.filter((e) => e.exchTs === 3000n).map((e) => [e.kind, e.side, e.price, e.qty]);
    expect(later).toEqual([
      [1, 1, 99, 0],
      [1, -1, 102, 0],
      [1, -1, 100.5, 5],
    ]);
    expect(events.filter((e) => e.exchTs === 2000n)).toEqual([]);
    const book = replay(events);
    expect(book.levels(-1)).toEqual([[100.5, 5], [101, 1]]);
    expect(book.levels(1)).toEqual([[100, 2]]);
  });

  it("rejects a half-empty level and a duplicate price", async () => {
    const half = tempFile("s.csv", [header, r(1, "101,,100,2,102,3,99,4")].join("\n"));
    expect(await dataErrorOf(tardisBookSnapshotImporter, [half])).toMatchObject({ row: 2, field: "asks[0].amount" });
    const dup = tempFile("s.csv", [header, r(1, "101,1,100,2,101,3,99,4")].join("\n"));
    expect(await dataErrorOf(tardisBookSnapshotImporter, [dup], LOT_1)).toMatchObject({ row: 2, field: "asks" });
  });
});
