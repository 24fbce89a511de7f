import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { L3Book } from "../../../../src/book/l3book.ts";
import { DataError } from "../../../../src/core/errors.ts";
import type { ImportedData } from "../../../../src/data/importers/importer.ts";
import { lobsterImporter, openLobster } from "../../../../src/data/importers/lobster/lobster.ts";
import { SYNTHETIC_ID_BASE } from "../../../../src/data/importers/lobster/parse.ts";
import { EventKind } from "../../../../src/data/schema.ts";
import { describeWithSharedData, sample } from "../../../support/sharedData.ts";

interface Ev {
  ts: bigint;
  local: bigint;
  kind: number;
  side: number;
  price: number;
  qty: number;
  id: bigint;
}

async function collect(data: ImportedData): Promise<Ev[]> {
  const out: Ev[] = [];
  for await (const b of data.batches) {
    for (let i = 0; i < b.length; i++) {
      out.push({ ts: b.exchTs[i], local: b.localTs[i], kind: b.kind[i], side: b.side[i], price: b.price[i], qty: b.qty[i], id: b.orderId[i] });
    }
  }
  return out;
}

const ticks = (price: number) => Math.round(price * 100);
const L3_KINDS: number[] = [EventKind.L3_ADD, EventKind.L3_CANCEL, EventKind.L3_FILL];

/** Replays L3 events (SNAPSHOT rows with an order id are synthetic orders) into a strict L3 book, checking each DEPTH against it. */
function replayL3(events: Ev[], onDepthMismatch: () => void): L3Book {
  const book = new L3Book();
  for (const e of events) replayStep(book, e, onDepthMismatch);
  return book;
}

/** One event into the L3 book; DEPTH rows are compared with the book's level. */
function replayStep(book: L3Book, e: Ev, onDepthMismatch: () => void): void {
  const id = Number(e.id);
  if (e.kind === EventKind.SNAPSHOT || e.kind === EventKind.L3_ADD) book.add(id, e.side, ticks(e.price), e.qty);
  else if (e.kind === EventKind.L3_CANCEL) book.cancel(id, e.qty);
  else if (e.kind === EventKind.L3_FILL) book.execute(id, e.qty);
  else if (e.kind === EventKind.DEPTH && book.levelQty(e.side, ticks(e.price)) !== e.qty) onDepthMismatch();
}

const DIR = "lobster-amzn-l5/AMZN_2012-06-21_34200000_57600000_";
const MESSAGES = sample(`${DIR}message_5_subset.csv`);
const ORDERBOOK = sample(`${DIR}orderbook_5_subset.csv`);
/** 2012-06-21 00:00 in New York (EDT, UTC−4) = 04:00 UTC, epoch ns. */
const MIDNIGHT_NS = 1_340_251_200_000_000_000n;

describeWithSharedData("LOBSTER importer on the AMZN sample (message + orderbook)", () => {
  const load = async (batchRows?: number) => {
    const data = await openLobster([MESSAGES, ORDERBOOK], { batchRows });
    return { data, events: await collect(data) };
  };
  const messages = () => readFileSync(MESSAGES, "utf8").trim().split("\n");
  const bookRows = () => readFileSync(ORDERBOOK, "utf8").trim().split("\n").map((l) => l.split(",").map(Number));

  it("the rebuilt book matches every orderbook row (all 5 levels)", async () => {
    const { data } = await load();
    const n = messages().length;
    expect(n).toBe(1000);
    // Row 1 is checked too: the initial book is row 1 minus message 1, then message 1 is applied.
    expect(data.report.bookRowsChecked).toBe(n);
    expect(data.report.bookRowsMatched).toBe(n);
    expect(data.report.lobster.firstMismatch).toBeNull();
    expect(data.report.crossedBooks).toBe(0);
  });

  it("metadata and the first messages", async () => {
    const { data, events } = await load();
    expect(data.meta).toMatchObject({ symbol: "AMZN", venue: "NASDAQ", tickSize: 0.01, lotSize: 1, source: "lobster" });
    // Initial book: 5 bid + 5 ask synthetic orders at message 1's time.
    const snap = events.filter((e) => e.kind === EventKind.SNAPSHOT);
    expect(snap.length).toBe(10);
    expect(snap.every((e) => e.id > BigInt(SYNTHETIC_ID_BASE))).toBe(true);
    expect(snap[0]).toMatchObject({ side: 1, price: 223.18, qty: 100 });
    expect(snap[5]).toMatchObject({ side: -1, price: 223.95, qty: 100 });
    // Message 1: 34200.017459617,5,0,1,2238200,-1 — a hidden sell order executed: a buyer-initiated trade.
    const first = events[10];
    expect(first).toEqual({ ts: MIDNIGHT_NS + 34_200_017_459_617n, local: MIDNIGHT_NS + 34_200_017_459_617n, kind: EventKind.TRADE, side: 1, price: 223.82, qty: 1, id: 0n });
    expect(first.ts).toBe(1_340_285_400_017_459_617n);
    // Message 2: 34200.18960767,1,11885113,21,2238100,1 — 8 decimals: ...189607670 ns.
    expect(events[11]).toMatchObject({ ts: MIDNIGHT_NS + 34_200_189_607_670n, kind: EventKind.L3_ADD, side: 1, price: 223.81, qty: 21, id: 11885113n });
    expect(events[12]).toMatchObject({ kind: EventKind.DEPTH, side: 1, price: 223.81, qty: 21, id: 0n });
    expect(data.report.firstExchTs).toBe("1340285400017459617");
    expect(data.report.lastExchTs).toBe((MIDNIGHT_NS + 34_339_644_802_306n).toString());
  });

  it("events by kind (measured on the sample)", async () => {
    const { data, events } = await load();
    const types = messages().map((l) => Number(l.split(",")[1]));
    const count = (t: number) => types.filter((x) => x === t).length;
    expect([count(1), count(2), count(3), count(4), count(5), count(6), count(7)]).toEqual([437, 0, 348, 128, 87, 0, 0]);
    expect(data.report.eventsByKind).toEqual({
      snapshot: 10,
      trade: count(4) + count(5),
      l3Add: count(1) + 15, // + synthetic orders for liquidity that appeared beyond level 5
      l3Cancel: 353, // 348 deletes + 5 re-sync shrinks of levels that changed beyond level 5
      l3Fill: count(4),
      depth: 933,
    });
    expect(data.report.events).toBe(events.length);
    expect(data.report.lobster).toMatchObject({ unknownOrderRefs: 19, unexplainedQty: 0, resyncRows: 19, resyncLevels: 20, sizeMismatches: 0, hiddenExecutions: 87 });
    expect(data.report.notes.join("\n")).toMatch(/synthetic/);
  });

  it("timestamps never go back; exch_ts = local_ts", async () => {
    const { events } = await load();
    for (let i = 1; i < events.length; i++) expect(events[i].ts >= events[i - 1].ts).toBe(true);
    expect(events.every((e) => e.ts === e.local)).toBe(true);
  });

  it("the L3 events replay into a strict L3 book that agrees with every DEPTH and, per timestamp, with the orderbook file", async () => {
    const { events } = await load();
    const book = new L3Book();
    const rows = bookRows();
    const times = messages().map((l) => l.split(",")[0]);
    let depthMismatches = 0;
    let checked = 0;
    let m = 0; // index of the last message with the current timestamp
    for (let i = 0; i < events.length; i++) {
      replayStep(book, events[i], () => depthMismatches++);
      if (i + 1 < events.length && events[i + 1].ts === events[i].ts) continue;
      while (m + 1 < times.length && MIDNIGHT_NS + toNs(times[m + 1]) === events[i].ts) m++;
      const row = rows[m];
      for (let k = 0; k < 5; k++) {
        const ask = book.depthLevels(-1, 5)[k];
        const bid = book.depthLevels(1, 5)[k];
        expect(ask ? [ask.priceTicks * 100, ask.qty] : [9999999999, 0]).toEqual([row[4 * k], row[4 * k + 1]]);
        expect(bid ? [bid.priceTicks * 100, bid.qty] : [-9999999999, 0]).toEqual([row[4 * k + 2], row[4 * k + 3]]);
      }
      checked++;
      m++;
    }
    expect(depthMismatches).toBe(0);
    expect(checked).toBeGreaterThan(500);
  });

  it("small batches give the same events as one batch", async () => {
    const big = (await load()).events;
    const small = (await load(7)).events;
    expect(small).toEqual(big);
  });

  it("without the orderbook: no check, orders from before the file make no L3 events", async () => {
    const data = await lobsterImporter.open([MESSAGES], {});
    const events = await collect(data);
    expect(data.report.bookRowsChecked).toBeUndefined();
    expect(data.report.eventsByKind.snapshot).toBeUndefined();
    expect(data.report.eventsByKind.trade).toBe(215);
    expect(events.filter((e) => L3_KINDS.includes(e.kind)).every((e) => e.id > 0n && e.id < BigInt(SYNTHETIC_ID_BASE))).toBe(true);
    expect(data.report.notes.join("\n")).toMatch(/no orderbook file: 19 messages/);
  });
});

function toNs(seconds: string): bigint {
  const [s, f = ""] = seconds.split(".");
  return BigInt(s) * 1_000_000_000n + BigInt(f.padEnd(9, "0"));
}

describe("LOBSTER importer on small files", () => {
  const dir = mkdtempSync(join(tmpdir(), "mmlab-lobster-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  /** Writes a message file (and an orderbook file) named like LOBSTER's, 1 level. */
  const files = (messages: string[], book?: string[]): string[] => {
    const stem = join(dir, `XYZ_2012-01-03_34200000_57600000_`);
    const id = n++;
    const m = `${stem}message_1_t${id}.csv`;
    writeFileSync(m, messages.join("\n") + "\n");
    if (book === undefined) return [m];
    const b = `${stem}orderbook_1_t${id}.csv`;
    writeFileSync(b, book.join("\n") + "\n");
    return [m, b];
  };
  const fail = async (inputs: string[], options = {}): Promise<DataError> => {
    try {
      const data = await openLobster(inputs, options);
      await collect(data);
    } catch (e) {
      if (e instanceof DataError) return e;
      throw e;
    }
    throw new Error("expected a DataError");
  };

  it("January: New York midnight is 05:00 UTC (EST)", async () => {
    const data = await openLobster(files(["34200.5,5,0,10,1000000,1"]));
    const events = await collect(data);
    expect(events[0].ts).toBe(BigInt(Date.UTC(2012, 0, 3, 14, 30, 0, 500)) * 1_000_000n);
    expect(events[0]).toMatchObject({ kind: EventKind.TRADE, side: -1, price: 100, qty: 10 });
  });

  it("wrong column count → DataError with the row", async () => {
    const e = await fail(files(["34200.1,1,1,10,1000000,1", "34200.2,1,2,10,1000000", "34200.3,1,3,10,1000000,1"]));
    expect([e.row, e.field]).toEqual([2, undefined]);
    expect(e.message).toMatch(/row 2: expected 6 columns/);
    expect(e.file).toMatch(/message_1_t\d+\.csv$/);
  });

  it("unknown type, negative size, non-numeric price, bad time, bad direction → DataError naming the field", async () => {
    const cases: [string, string][] = [
      ["34200.2,9,2,10,1000000,1", "type"],
      ["34200.2,1,2,-10,1000000,1", "size"],
      ["34200.2,1,2,10,abc,1", "price"],
      ["34200.2.5,1,2,10,1000000,1", "time"],
      ["34200.2,1,2,10,1000000,2", "direction"],
      ["34200.2,1,-2,10,1000000,1", "order_id"],
      ["34100,1,2,10,1000000,1", "time"], // goes backwards
    ];
    for (const [line, field] of cases) {
      const e = await fail(files(["34200.1,1,1,10,1000000,1", line]));
      expect([e.row, e.field]).toEqual([2, field]);
    }
    expect((await fail(files(["34200.1,9,1,10,1000000,1"]))).message).toMatch(/row 1: type: unknown event type 9/);
  });

  it("orderbook rows: wrong columns, too few or too many rows → DataError on the orderbook file", async () => {
    const msgs = ["34200.1,1,1,10,1000000,1", "34200.2,1,2,5,1010000,-1"];
    let e = await fail(files(msgs, ["9999999999,0,1000000,10", "1010000,5,1000000"]));
    expect([e.row, e.file]).toEqual([2, expect.stringMatching(/orderbook_1_t\d+\.csv$/)]);
    e = await fail(files(msgs, ["9999999999,0,1000000,10"]));
    expect(e.message).toMatch(/fewer rows/);
    e = await fail(files(msgs, ["9999999999,0,1000000,10", "1010000,5,1000000,10", "1010000,5,1000000,10"]));
    expect([e.row, e.message]).toEqual([3, expect.stringMatching(/more rows/)]);
  });

  it("the date comes from the file name or the date option", async () => {
    const path = join(dir, "messages.csv");
    writeFileSync(path, "34200,5,0,10,1000000,1\n");
    expect((await fail([path])).field).toBe("date");
    const data = await openLobster([path], { date: "2012-06-21", symbol: "XYZ" });
    const events = await collect(data);
    expect(events[0].ts).toBe(MIDNIGHT_NS + 34_200_000_000_000n);
  });

  it("an order from before the file is taken from the initial snapshot (message 1 is its delete)", async () => {
    const inputs = files(
      [
        "34200.1,3,77,50,1000000,1", // delete of an order submitted before the file: pre-book bid 100.00 x 50
        "34200.2,2,78,20,999900,1", // partial cancel of another one at 99.99
        "34200.3,4,78,10,999900,1", // its execution
      ],
      ["9999999999,0,999900,30", "9999999999,0,999900,10", "9999999999,0,-9999999999,0"],
    );
    const data = await openLobster(inputs);
    const events = await collect(data);
    expect([data.report.bookRowsChecked, data.report.bookRowsMatched]).toEqual([3, 3]);
    expect(data.report.lobster.unknownOrderRefs).toBe(3);
    const snap = events.filter((e) => e.kind === EventKind.SNAPSHOT);
    expect(snap.map((e) => [e.price, e.qty])).toEqual([
      [100, 50],
      [99.99, 30],
    ]);
    const l3 = events.filter((e) => L3_KINDS.includes(e.kind));
    expect(l3.map((e) => [e.kind, e.id, e.qty])).toEqual([
      [EventKind.L3_CANCEL, snap[0].id, 50],
      [EventKind.L3_CANCEL, snap[1].id, 20],
      [EventKind.L3_FILL, snap[1].id, 10],
    ]);
    replayL3(events, () => expect.fail("DEPTH disagrees with the L3 book"));
  });

  it("levels that change beyond the file's depth are re-synced when they come into view", async () => {
    const inputs = files(
      [
        "34200.1,1,1,10,1000000,1", // bid 100.00 x 10
        "34200.2,1,2,3,1000100,1", // bid 100.01 x 3: 100.00 goes out of view (1 level)
        "34200.3,3,2,3,1000100,1", // 100.00 back in view, but 3 were cancelled unseen: 7
        "34200.4,2,1,2,1000000,1", // 5 left
        "34200.5,3,1,5,1000000,1", // gone: 99.99 x 40 (never seen) comes into view
      ],
      [
        "1010000,5,1000000,10",
        "1010000,5,1000100,3",
        "1010000,5,1000000,7",
        "1010000,5,1000000,5",
        "1010000,5,999900,40",
      ],
    );
    const data = await openLobster(inputs);
    const events = await collect(data);
    expect([data.report.bookRowsChecked, data.report.bookRowsMatched]).toEqual([5, 5]);
    expect(data.report.lobster).toMatchObject({ resyncRows: 2, resyncLevels: 2, sizeMismatches: 0 });
    const third = events.filter((e) => e.ts === events.find((x) => x.kind === EventKind.L3_CANCEL)!.ts);
    expect(third.map((e) => [e.kind, e.id, e.qty])).toEqual([
      [EventKind.L3_CANCEL, 2n, 3],
      [EventKind.DEPTH, 0n, 0],
      [EventKind.L3_CANCEL, 1n, 3], // re-sync: taken from the back of the queue (order 1 is all there is)
      [EventKind.DEPTH, 0n, 7],
    ]);
    const last = events.filter((e) => e.ts === events[events.length - 1].ts);
    expect(last.map((e) => [e.kind, e.price, e.qty])).toEqual([
      [EventKind.L3_CANCEL, 100, 5],
      [EventKind.DEPTH, 100, 0],
      [EventKind.L3_ADD, 99.99, 40], // synthetic order for the level that appeared from deeper
      [EventKind.DEPTH, 99.99, 40],
    ]);
    expect(last[2].id > BigInt(SYNTHETIC_ID_BASE)).toBe(true);
    const book = replayL3(events, () => expect.fail("DEPTH disagrees with the L3 book"));
    expect(book.depthLevels(1, 5)).toEqual([{ priceTicks: 9999, qty: 40 }]);
  });

  it("a row the messages cannot explain is counted as unmatched and described", async () => {
    const inputs = files(["34200.1,1,1,10,1000000,1", "34200.2,2,1,2,1000000,1"], ["1010000,5,1000000,10", "1010000,5,1000000,9"]);
    const data = await openLobster(inputs);
    await collect(data);
    expect([data.report.bookRowsChecked, data.report.bookRowsMatched]).toEqual([2, 1]);
    expect(data.report.lobster.firstMismatch).toMatch(/row 2: bid level 1: file 1000000 x 9, rebuilt 1000000 x 8/);
  });
});
