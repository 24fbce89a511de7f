import { expect, it } from "vitest";
import { DataError } from "../../../../src/core/errors.ts";
import { binanceCsvImporter, binanceDepthImporter } from "../../../../src/data/importers/binanceCsv/index.ts";
import { EventKind } from "../../../../src/data/schema.ts";
import { describeWithSharedData, sample } from "../../../support/sharedData.ts";
import { countKinds, importAll, MapBook, readCsv, replay } from "../tardis/support.ts";

const SNAP = sample("format-samples/btcusdt-depth-snap.csv");
const UPDATE = sample("format-samples/btcusdt-depth-update.csv");
const ms = (text: string): bigint => BigInt(text) * 1_000_000n;

/** The book a depth file describes, computed from its rows (a snap run resets the book). */
function bookFromFile(file: string): MapBook {
  const book = new MapBook();
  let lastSnap = "";
  for (const r of readCsv(file).rows) {
    if (r[5] === "snap" && r[3] !== lastSnap) book.bids.clear(), book.asks.clear();
    if (r[5] === "snap") lastSnap = r[3];
    const side = r[4] === "b" ? book.bids : book.asks;
    if (Number(r[7]) === 0) side.delete(Number(r[6]));
    else side.set(Number(r[6]), Number(r[7]));
  }
  return book;
}

describeWithSharedData("Binance depth snapshot CSV sample (btcusdt-depth-snap.csv)", () => {
  it("parses a cleared book and 100 bid snapshot levels", async () => {
    const { data, events } = await importAll(binanceCsvImporter, [SNAP]);
    const { rows } = readCsv(SNAP);
    expect(rows).toHaveLength(100);
    // USD-M BTCUSDT traded on a 0.1 tick in 2022-11 (src/data/instruments/binance.ts)
    expect(data.meta).toMatchObject({ symbol: "BTCUSDT", venue: "binance-usdm", tickSize: 0.1, lotSize: 0.001, source: "binance-csv:depth" });
    // First row: BTCUSDT,1667346579146,2098021528332,2098021528332,b,snap,20377.00,1.770,-1
    const t = 1667346579146000000n;
    expect(events.slice(0, 3)).toEqual([
      { exchTs: t, localTs: t, kind: EventKind.DEPTH_CLEAR, side: 1, price: 0, qty: 0 },
      { exchTs: t, localTs: t, kind: EventKind.DEPTH_CLEAR, side: -1, price: 0, qty: 0 },
      { exchTs: t, localTs: t, kind: EventKind.SNAPSHOT, side: 1, price: 20377, qty: 1.77 },
    ]);
    expect(data.report.eventsByKind).toEqual({ depthClear: 2, snapshot: 100 });
    expect(countKinds(events)).toEqual(data.report.eventsByKind);
    events.slice(2).forEach((e, i) => expect([e.exchTs, e.side, e.price, e.qty]).toEqual([ms(rows[i][1]), 1, Number(rows[i][6]), Number(rows[i][7])]));
    expect(data.report.firstExchTs).toBe(t.toString());
    expect(data.report.crossedBooks).toBe(0);
    const notes = data.report.notes.join("\n");
    expect(notes).toContain("local_ts = exch_ts");
    expect(notes).toContain("times in ms");
    expect(notes).not.toContain("grid"); // on the table's 0.1 tick, not a finer one
  });

  it("replays to the file's book: best bid 20377.00, no asks", async () => {
    const { events } = await importAll(binanceDepthImporter, [SNAP]);
    const book = replay(events);
    const expected = bookFromFile(SNAP);
    expect(book.levels(1)).toEqual(expected.levels(1));
    expect(book.bestBid()).toBe(expected.bestBid());
    expect(book.bestBid()).toBe(20377);
    expect(book.bestAsk()).toBeUndefined();
    expect(book.levels(1)).toHaveLength(100);
  });

  it("takes --tick 0.1 without the coarse-grid note", async () => {
    const { data } = await importAll(binanceCsvImporter, [SNAP], { tickSize: 0.1 });
    expect(data.meta).toMatchObject({ tickSize: 0.1, lotSize: 0.001 });
    expect(data.report.notes.join("\n")).not.toContain("grid");
  });
});

describeWithSharedData("Binance depth update CSV sample (btcusdt-depth-update.csv)", () => {
  it("parses 100 set rows (77 asks, 23 bids) of one message as depth updates", async () => {
    const { data, events } = await importAll(binanceCsvImporter, [UPDATE]);
    const { rows } = readCsv(UPDATE);
    expect(rows).toHaveLength(100);
    // First row: BTCUSDT,1667347199939,2098041693435,2098041696700,a,set,20472.80,0.000,2098041693400
    const t = 1667347199939000000n;
    expect(events[0]).toEqual({ exchTs: t, localTs: t, kind: EventKind.DEPTH, side: -1, price: 20472.8, qty: 0 });
    expect(data.report.eventsByKind).toEqual({ depth: 100 });
    expect(events.filter((e) => e.side === -1)).toHaveLength(77);
    expect(events.filter((e) => e.side === 1)).toHaveLength(23);
    events.forEach((e, i) => expect([e.side, e.price, e.qty]).toEqual([rows[i][4] === "b" ? 1 : -1, Number(rows[i][6]), Number(rows[i][7])]));
    expect(data.report.crossedBooks).toBe(0);
    expect(data.report.gaps).toEqual([]);
    expect(data.report.notes.join("\n")).toContain("starts without a snapshot");
  });

  it("replays to the file's book: best bid 20472.10, best ask 20472.20", async () => {
    const { events } = await importAll(binanceCsvImporter, [UPDATE]);
    const book = replay(events);
    const expected = bookFromFile(UPDATE);
    expect([book.bestBid(), book.bestAsk()]).toEqual([expected.bestBid(), expected.bestAsk()]);
    expect([book.bestBid(), book.bestAsk()]).toEqual([20472.1, 20472.2]);
    expect(book.levels(1)).toEqual(expected.levels(1));
    expect(book.levels(-1)).toEqual(expected.levels(-1));
  });
});

describeWithSharedData("Binance depth samples together (they do not join)", () => {
  it("reports the 10-minute hole as a sequence gap", async () => {
    const e = await importAll(binanceCsvImporter, [SNAP, UPDATE]).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DataError);
    expect(e).toMatchObject({ file: UPDATE, row: 2, field: "first_update_id" });
  });

  it("with onGap resync records the gap and drops the updates until a snapshot", async () => {
    const { data, events } = await importAll(binanceCsvImporter, [SNAP, UPDATE], { onGap: "resync" });
    expect(data.report.gaps).toEqual([
      {
        file: UPDATE,
        line: 2,
        exchTs: "1667347199939000000",
        detail: "the first update after the snapshot (last_update_id 2098021528332) starts at 2098041693435",
      },
    ]);
    expect(data.report.eventsByKind).toEqual({ depthClear: 2, snapshot: 100 });
    expect(replay(events).bestBid()).toBe(20377);
  });
});
