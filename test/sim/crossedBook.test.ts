import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/load.ts";
import { DataError } from "../../src/core/errors.ts";
import { rootRng } from "../../src/core/rng.ts";
import { Side } from "../../src/core/side.ts";
import { readAllEvents } from "../../src/data/arrow/reader.ts";
import { writeEventFile } from "../../src/data/arrow/writer.ts";
import { allocEventBatch } from "../../src/data/batch.ts";
import { openBinanceRaw } from "../../src/data/importers/binance/binanceRaw.ts";
import { importMetadata } from "../../src/data/importers/importOutput.ts";
import { EventKind } from "../../src/data/schema.ts";
import { runBacktest } from "../../src/runner/backtest.ts";
import { fileData } from "../../src/data/sources/fileData.ts";
import { BookTrace } from "../../src/sim/bookTrace.ts";
import type { OnCrossed } from "../../src/sim/crossedBook.ts";
import { SimExchange } from "../../src/sim/exchange.ts";
import { FeeModel } from "../../src/sim/fees.ts";
import type { ResponseMessage } from "../../src/sim/messages.ts";
import { RiskAverseQueue } from "../../src/sim/queue/riskAverse.ts";
import { describeWithSharedData, sample } from "../support/sharedData.ts";

/*
 * A replayed book that is still crossed once all rows of an exchange timestamp are applied is an
 * error naming the row and the prices (sim.on_crossed "fail"), or, with "skip", matches none of
 * our orders while it stays crossed and is counted. A crossing inside one timestamp (a message's
 * bid applied before the ask it replaces is deleted) is no crossed book.
 */
type Row = [t: number, kind: number, side: number, priceTicks: number, qty: number];
const D = EventKind.DEPTH;
const T = EventKind.TRADE;

/** An exchange over `rows`; `order` is placed (an ask of 1 at 10_300 ticks) once rows up to t = 1 are applied. */
function run(rows: Row[], onCrossed: OnCrossed): { fills: ResponseMessage[]; ex: SimExchange } {
  const out: ResponseMessage[] = [];
  const ex = new SimExchange(new RiskAverseQueue(), new FeeModel(0, 0), 0.01, (m) => out.push({ ...m }), { onCrossed, source: "book.arrow" });
  const b = allocEventBatch(rows.length);
  rows.forEach(([t, kind, side, price, qty], i) => {
    b.exchTsNs[i] = b.localTsNs[i] = t;
    b.kind[i] = kind;
    b.side[i] = side;
    b.priceTicks[i] = price;
    b.qty[i] = qty;
  });
  b.length = rows.length;
  const trace = new BookTrace(rows.length);
  let i = 0;
  const until = (t: number): void => {
    for (let next = ex.replay(b, trace, i, t); next !== i; next = ex.replay(b, trace, i, t)) i = next;
  };
  until(1);
  ex.onNewOrder(1, 7, Side.ASK, 10_300, 1);
  until(Infinity);
  ex.endOfData(rows[rows.length - 1][0]);
  return { fills: out.filter((m) => m.kind === "fill"), ex };
}

const BOOK: Row[] = [
  [0, EventKind.SNAPSHOT, Side.BID, 10_000, 5],
  [0, EventKind.SNAPSHOT, Side.ASK, 10_100, 5],
];

describe("the crossed-book rule of the exchange side", () => {
  it("a bid moved through the asks for good is an error naming its row and the best prices", () => {
    const rows: Row[] = [...BOOK, [2, D, Side.BID, 10_500, 1], [3, T, Side.BID, 10_400, 1], [4, D, Side.ASK, 10_200, 1]];
    let error: unknown;
    try {
      run(rows, "fail");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DataError);
    const e = error as DataError;
    expect([e.file, e.row, e.field]).toEqual(["book.arrow", 2, "price"]);
    expect(e.message).toContain("the book is crossed after the rows of this exchange time (0.000 s into the data): best bid 105.00 ≥ best ask 101.00");
    expect(e.message).toContain("--on-crossed skip");
  });

  it("a crossing that lasts to the end of the data is judged there too", () => {
    expect(() => run([...BOOK, [2, D, Side.BID, 10_500, 1]], "fail")).toThrow(/row 2: price: the book is crossed/);
  });

  it("a crossing inside one timestamp (the ask it crosses is deleted at the same time) is not a crossed book", () => {
    const rows: Row[] = [...BOOK, [2, D, Side.BID, 10_100, 3], [2, D, Side.ASK, 10_100, 0], [2, D, Side.ASK, 10_200, 4], [3, T, Side.BID, 10_200, 1]];
    const { ex } = run(rows, "fail");
    expect(ex.book.bestBidTicks).toBe(10_100);
    expect(ex.book.bestAskTicks).toBe(10_200);
  });

  it("with skip, nothing of ours is matched while the book is crossed, and the episode is counted", () => {
    // our ask at 103.00: the crossing bid at 105 and the buy at 104 would fill it; the buy at 104 after the bid is gone does
    const rows: Row[] = [...BOOK, [2, D, Side.BID, 10_500, 1], [3, T, Side.BID, 10_400, 1], [4, D, Side.BID, 10_500, 0], [5, T, Side.BID, 10_400, 1]];
    const { fills, ex } = run(rows, "skip");
    expect(fills.map((f) => [f.tNs, f.kind === "fill" && f.priceTicks])).toEqual([[5, 10_300]]);
    expect(ex.crossedBookStats()).toEqual({ onCrossed: "skip", episodes: 1, rows: 2, seconds: 2e-9, first: { row: 2, exchTsNs: 2, bid: 105, ask: 101 } });
    // the same rows without the crossing bid fill the order at the first buy through it
    const clean = run([...BOOK, [3, T, Side.BID, 10_400, 1], [5, T, Side.BID, 10_400, 1]], "fail");
    expect(clean.fills.map((f) => f.tNs)).toEqual([3]);
  });
});

describeWithSharedData("a crossed book in the real Binance capture (one depth bid moved up by 1,000 USDT)", () => {
  let dir: string;
  let crossedFile: string;
  let movedRow = -1;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "mmlab-crossed-"));
    const clean = path.join(dir, "btc.arrow");
    const imported = await openBinanceRaw([sample("binance-spot-btcusdt/btcusdt_20240808.gz"), sample("binance-spot-btcusdt/btcusdt_20240809.gz")]);
    await writeEventFile(clean, imported.meta, imported.batches, importMetadata(imported));
    const c = await readAllEvents(clean);
    for (movedRow = 150_000; !(c.kind[movedRow] === EventKind.DEPTH && c.side[movedRow] === Side.BID && c.qty[movedRow] > 0); movedRow++);
    c.price[movedRow] = Math.round((c.price[movedRow] + 1000) * 100) / 100;
    crossedFile = path.join(dir, "crossed.arrow");
    await writeEventFile(crossedFile, imported.meta, [c], importMetadata(imported));
  }, 120_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("backtest refuses it, naming the row and the prices (it replayed it and reported fake profit)", async () => {
    const error = await runBacktest({ config: parseConfig({}), data: await fileData(crossedFile), rng: rootRng("1") }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).row).toBe(movedRow);
    expect((error as DataError).message).toMatch(new RegExp(`^${crossedFile.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}: row ${movedRow}: price: the book is crossed .*best bid 6\\d{4}\\.\\d\\d ≥ best ask 6\\d{4}\\.\\d\\d`));
  });

  it("with --on-crossed skip it runs: no fill while crossed, the rows and time counted", async () => {
    const config = parseConfig({ sim: { on_crossed: "skip" } });
    const result = await runBacktest({ config, data: await fileData(crossedFile), rng: rootRng("1") });
    const stats = result.crossedBook!;
    expect(stats.episodes).toBe(1);
    expect(stats.first?.row).toBe(movedRow);
    expect(stats.rows).toBeGreaterThan(100_000); // the moved level is never deleted: crossed to the end
    expect(stats.seconds).toBeGreaterThan(200);
    const exchTimes = Array.from(result.fills.exch_t_ns);
    expect(exchTimes.length).toBeGreaterThan(0);
    expect(exchTimes.every((t) => t <= stats.first!.exchTsNs)).toBe(true);
  });
});
