import fs from "node:fs";
import { gzipSync } from "node:zlib";
import { expect, it } from "vitest";
import {
  tardisBookSnapshotImporter,
  tardisCsvImporter,
  tardisIncrementalBookL2Importer,
  tardisQuotesImporter,
  tardisTradesImporter,
} from "../../../../src/data/importers/tardis/index.ts";
import { EventKind } from "../../../../src/data/schema.ts";
import { describeWithSharedData, sample } from "../../../support/sharedData.ts";
import { countKinds, importAll, MapBook, readCsv, replay, tempFile } from "./support.ts";

const DIR = "format-samples/";
const us = (text: string): bigint => BigInt(text) * 1000n;

describeWithSharedData("Tardis incremental_book_L2 sample (deribit BTC-PERPETUAL)", () => {
  const file = sample(DIR + "deribit_incremental_book_L2_BTC-PERPETUAL.csv");

  it("parses every row into a cleared book plus snapshot levels", async () => {
    const { data, events } = await importAll(tardisCsvImporter, [file]);
    const { rows } = readCsv(file);
    expect(rows).toHaveLength(15);
    expect(data.meta).toMatchObject({ symbol: "BTC-PERPETUAL", venue: "deribit", tickSize: 0.5, lotSize: 10, source: "tardis-csv:incremental_book_L2" });
    expect(events.slice(0, 2).map((e) => [e.kind, e.side])).toEqual([[EventKind.DEPTH_CLEAR, 1], [EventKind.DEPTH_CLEAR, -1]]);
    // First row: deribit,BTC-PERPETUAL,1585699200245000,1585699200355684,true,ask,6421.5,18640
    expect(events[2]).toEqual({ exchTs: 1585699200245000000n, localTs: 1585699200355684000n, kind: EventKind.SNAPSHOT, side: -1, price: 6421.5, qty: 18640 });
    expect(data.report.eventsByKind).toEqual({ depthClear: 2, snapshot: 15 });
    expect(countKinds(events)).toEqual(data.report.eventsByKind);
    expect(data.report.events).toBe(17);
    expect(data.report.firstExchTs).toBe("1585699200245000000");
    expect(data.report.lastExchTs).toBe("1585699200245000000");
    expect(data.report.crossedBooks).toBe(0);
    // Every row is one event with its own values, in file order.
    events.slice(2).forEach((e, i) => {
      const r = rows[i];
      expect([e.exchTs, e.localTs, e.side, e.price, e.qty]).toEqual([us(r[2]), us(r[3]), r[5] === "bid" ? 1 : -1, Number(r[6]), Number(r[7])]);
    });
  });

  it("replays to the book the file describes (best ask 6421.5, no bids)", async () => {
    const { events } = await importAll(tardisIncrementalBookL2Importer, [file]);
    const expected = new MapBook();
    for (const r of readCsv(file).rows) {
      const side = r[5] === "bid" ? expected.bids : expected.asks;
      if (Number(r[7]) === 0) side.delete(Number(r[6]));
      else side.set(Number(r[6]), Number(r[7]));
    }
    const book = replay(events);
    expect(book.bestAsk()).toBe(expected.bestAsk());
    expect(book.bestAsk()).toBe(6421.5);
    expect(book.bestBid()).toBeUndefined();
    expect(book.levels(-1)).toEqual(expected.levels(-1));
  });

  it("reads the same file gzipped", async () => {
    const gz = tempFile("deribit.csv.gz", gzipSync(fs.readFileSync(file)));
    const plain = await importAll(tardisCsvImporter, [file]);
    const zipped = await importAll(tardisCsvImporter, [gz]);
    expect(zipped.events).toEqual(plain.events);
  });
});

for (const levels of [25, 5]) {
  describeWithSharedData(`Tardis book_snapshot_${levels} sample (binance-futures BTCUSDT)`, () => {
    const file = sample(DIR + `binance-futures_book_snapshot_${levels}_BTCUSDT.csv`);
    const { rows } = readCsv(file);
    /** Row r's side as [price, amount] best first, from the file. */
    const sideOf = (r: string[], name: "asks" | "bids"): [number, number][] => {
      const out: [number, number][] = [];
      for (let i = 0; i < levels; i++) {
        const at = 4 + 4 * i + (name === "asks" ? 0 : 2);
        if (r[at] !== "") out.push([Number(r[at]), Number(r[at + 1])]);
      }
      return out;
    };

    it("parses the first row as a snapshot and later rows as level changes", async () => {
      const { data, events } = await importAll(tardisCsvImporter, [file]);
      expect(rows).toHaveLength(10);
      expect(data.meta).toMatchObject({ symbol: "BTCUSDT", venue: "binance-futures", tickSize: 0.01, lotSize: 0.001, source: `tardis-csv:book_snapshot_${levels}` });
      // First row: 1598918403696000,1598918403810979, asks[0] 11657.08 x 1.714, bids[0] 11657.07 x 10.896
      const t0 = 1598918403696000000n;
      const snap = events.filter((e) => e.kind === EventKind.SNAPSHOT);
      expect(snap.find((e) => e.side === -1 && e.price === 11657.08)).toEqual({ exchTs: t0, localTs: 1598918403810979000n, kind: EventKind.SNAPSHOT, side: -1, price: 11657.08, qty: 1.714 });
      expect(snap.find((e) => e.side === 1 && e.price === 11657.07)?.qty).toBe(10.896);
      expect(snap).toHaveLength(2 * levels);
      // Independent count of changed levels between consecutive rows.
      let changes = 0;
      for (let i = 1; i < rows.length; i++) {
        for (const name of ["asks", "bids"] as const) {
          const before = new Map(sideOf(rows[i - 1], name));
          const after = new Map(sideOf(rows[i], name));
          for (const p of before.keys()) if (!after.has(p)) changes++;
          for (const [p, q] of after) if (before.get(p) !== q) changes++;
        }
      }
      expect(changes).toBe(levels === 25 ? 13 : 15);
      expect(data.report.eventsByKind).toEqual({ depthClear: 2, snapshot: 2 * levels, depth: changes });
      expect(countKinds(events)).toEqual(data.report.eventsByKind);
      expect(data.report.firstExchTs).toBe(t0.toString());
      expect(data.report.lastExchTs).toBe(us(rows[rows.length - 1][2]).toString());
      expect(data.report.crossedBooks).toBe(0);
    });

    it("replays to each row's exact top-N book", async () => {
      const { events } = await importAll(tardisBookSnapshotImporter, [file]);
      const book = new MapBook();
      let next = 0;
      for (const r of rows) {
        const t = us(r[2]);
        while (next < events.length && events[next].exchTs <= t) book.apply(events[next++]);
        expect(book.levels(-1)).toEqual(sideOf(r, "asks"));
        expect(book.levels(1)).toEqual(sideOf(r, "bids"));
      }
      expect(next).toBe(events.length);
      const last = rows[rows.length - 1];
      expect(book.bestAsk()).toBe(Number(last[4]));
      expect(book.bestBid()).toBe(Number(last[6]));
      expect([book.bestBid(), book.bestAsk()]).toEqual([11657.07, 11657.08]);
    });

    it("keeps batches within batchRows and yields the same events", async () => {
      const whole = await importAll(tardisCsvImporter, [file]);
      const small = await importAll(tardisCsvImporter, [file], { batchRows: 4 });
      expect(small.events).toEqual(whole.events);
      expect(small.batchSizes.every((n) => n <= 4)).toBe(true);
      expect(small.batchSizes.slice(0, -1).every((n) => n === 4)).toBe(true);
    });
  });
}

describeWithSharedData("Tardis trades sample (bitmex XBTUSD)", () => {
  const file = sample(DIR + "bitmex_trades_XBTUSD.csv");

  it("parses every trade with the aggressor side", async () => {
    const { data, events } = await importAll(tardisTradesImporter, [file]);
    const { rows } = readCsv(file);
    expect(rows).toHaveLength(10);
    expect(data.meta).toMatchObject({ symbol: "XBTUSD", venue: "bitmex", tickSize: 0.5, lotSize: 1, source: "tardis-csv:trades" });
    // First row: bitmex,XBTUSD,1583020803145000,1583020803307160,ccc3c1fa-…,sell,8531.5,2152
    expect(events[0]).toEqual({ exchTs: 1583020803145000000n, localTs: 1583020803307160000n, kind: EventKind.TRADE, side: -1, price: 8531.5, qty: 2152 });
    expect(data.report.eventsByKind).toEqual({ trade: 10 });
    expect(events.map((e) => [e.exchTs, e.localTs, e.side, e.price, e.qty])).toEqual(
      rows.map((r) => [us(r[2]), us(r[3]), r[5] === "buy" ? 1 : -1, Number(r[6]), Number(r[7])]),
    );
    expect(events.reduce((s, e) => s + e.qty, 0)).toBe(2161);
    expect(data.report.lastExchTs).toBe("1583020803276000000");
    expect(data.report.crossedBooks).toBe(0);
  });
});

describeWithSharedData("Tardis quotes sample (huobi-dm-swap BTC-USD)", () => {
  const file = sample(DIR + "huobi-dm-swap_quotes_BTC-USD.csv");

  it("parses each quote as a one-level book", async () => {
    const { data, events } = await importAll(tardisQuotesImporter, [file]);
    const { rows } = readCsv(file);
    expect(rows).toHaveLength(10);
    expect(data.meta).toMatchObject({ symbol: "BTC-USD", venue: "huobi-dm-swap", tickSize: 0.1, lotSize: 1, source: "tardis-csv:quotes" });
    // First row: 1588291201099000,1588291201234268, ask 5494 @ 8629.3, bid 8629.2 x 806
    const t0 = 1588291201099000000n;
    const l0 = 1588291201234268000n;
    expect(events.slice(0, 4)).toEqual([
      { exchTs: t0, localTs: l0, kind: EventKind.DEPTH_CLEAR, side: 1, price: 0, qty: 0 },
      { exchTs: t0, localTs: l0, kind: EventKind.DEPTH_CLEAR, side: -1, price: 0, qty: 0 },
      { exchTs: t0, localTs: l0, kind: EventKind.SNAPSHOT, side: 1, price: 8629.2, qty: 806 },
      { exchTs: t0, localTs: l0, kind: EventKind.SNAPSHOT, side: -1, price: 8629.3, qty: 5494 },
    ]);
    // Rows 2..10 change one size each, except row 6 (ask 5673, bid 856): 10 updates.
    expect(data.report.eventsByKind).toEqual({ depthClear: 2, snapshot: 2, depth: 10 });
    expect(data.report.crossedBooks).toBe(0);
  });

  it("replays to each row's quote", async () => {
    const { events } = await importAll(tardisCsvImporter, [file]);
    const book = new MapBook();
    let next = 0;
    for (const r of readCsv(file).rows) {
      while (next < events.length && events[next].exchTs <= us(r[2])) book.apply(events[next++]);
      expect(book.levels(-1)).toEqual([[Number(r[5]), Number(r[4])]]);
      expect(book.levels(1)).toEqual([[Number(r[6]), Number(r[7])]]);
    }
    expect([book.bestBid(), book.bestAsk()]).toEqual([8629.2, 8629.3]);
    expect([book.bids.get(8629.2), book.asks.get(8629.3)]).toEqual([847, 5411]);
  });
});
