import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DataError } from "../../../src/core/errors.ts";
import { writeHftbacktestNpz } from "../../../src/data/exporters/hftbacktestNpz.ts";
import { writeParquetEvents } from "../../../src/data/exporters/parquet.ts";
import { openBinanceRaw } from "../../../src/data/importers/binance/binanceRaw.ts";
import { hftbacktestImporter } from "../../../src/data/importers/hftbacktest/hftbacktest.ts";
import type { ImportedData, Importer, ImportOptions } from "../../../src/data/importers/importer.ts";
import { lobsterImporter } from "../../../src/data/importers/lobster/lobster.ts";
import { parquetImporter } from "../../../src/data/importers/parquet/parquet.ts";
import { tardisCsvImporter } from "../../../src/data/importers/tardis/index.ts";
import { allocEventColumns, EventKind, type EventColumns } from "../../../src/data/schema.ts";
import { describeWithSharedData, sample } from "../../support/sharedData.ts";

/*
 * One grid gate for every source: a price off the tick grid, a size off the lot grid or a price
 * ≤ 0 is an error naming the input file, its row or line, the field and the value — or, with
 * --snap-to-grid, rounded onto the grid and counted in a note. Before it, `convert --from binance`
 * wrote ~85 % of the sample's prices off a wrong --tick 1 grid and ~70 % of its sizes off a wrong
 * --lot 0.01 grid, and exited 0.
 */
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "mmlab-grid-gate-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Reads every batch; returns the rows read and the report. */
async function drain(data: ImportedData): Promise<{ rows: number; notes: string[]; prices: number[] }> {
  let rows = 0;
  const prices: number[] = [];
  for await (const b of data.batches) {
    rows += b.length;
    for (let i = 0; i < b.length && prices.length < 50_000; i++) if (b.kind[i] !== EventKind.DEPTH_CLEAR) prices.push(b.price[i]);
  }
  return { rows, notes: data.report.notes, prices };
}

async function errorOf(open: () => Promise<ImportedData>): Promise<DataError> {
  const e = await open()
    .then(drain)
    .then(
      () => null,
      (err: unknown) => err,
    );
  if (!(e instanceof DataError)) throw new Error(`expected a DataError, got ${String(e)}`);
  return e;
}

describeWithSharedData("the grid gate on the real Binance capture", () => {
  const FILE = sample("binance-spot-btcusdt/btcusdt_20240808.gz");

  it("a wrong --tick 1 is an error naming the file, line, field and price (it wrote 85 % of prices off the grid)", async () => {
    const e = await errorOf(() => openBinanceRaw([FILE], { tickSize: 1 }));
    expect(e.file).toBe(FILE);
    expect(e.row).toBeGreaterThan(0);
    expect(e.field).toMatch(/^(p|(bids|asks|b|a)\[\d+\]\[0\] \(price\))$/);
    expect(e.message).toMatch(/price 6\d{4}\.\d+ is not on the tick grid of 1 \(/);
    expect(e.message).toContain("--snap-to-grid");
  });

  it("a wrong --lot 0.01 is an error naming the size (it wrote 70 % of sizes off the grid)", async () => {
    const e = await errorOf(() => openBinanceRaw([FILE], { lotSize: 0.01 }));
    expect([e.file, e.field?.endsWith("(qty)") || e.field === "q"]).toEqual([FILE, true]);
    expect(e.message).toMatch(/size \d+\.\d+ is not on the lot grid of 0\.01 \(/);
  });

  it("--snap-to-grid rounds instead, and says how many and by how much", async () => {
    const { notes, prices } = await drain(await openBinanceRaw([FILE], { tickSize: 1, snapToGrid: true }));
    const note = notes.find((n) => n.startsWith("--snap-to-grid:"));
    expect(note).toMatch(/^--snap-to-grid: rounded \d{2,} prices to the tick grid of 1 \(largest move 0\.5 tick\); the first at .*btcusdt_20240808\.gz: row \d+: /);
    expect(prices.every((p) => Number.isInteger(p))).toBe(true);
  });

  it("the capture as it is passes: its 7 sizes of 0.000001 BTC (resting orders from before the lot of 0.00001) lie on the size grid the instrument table gives", async () => {
    const data = await openBinanceRaw([FILE], {});
    expect(data.sizeGrid).toBe(0.000001);
    expect(data.meta.lotSize).toBe(0.00001);
    const { rows, notes } = await drain(data);
    expect(rows).toBeGreaterThan(100_000);
    expect(notes.some((n) => n.includes("snap"))).toBe(false);
    // with an explicit --lot of 0.00001 the table's size grid does not apply: the old orders' sizes are off it
    const e = await errorOf(() => openBinanceRaw([FILE], { lotSize: 0.00001 }));
    expect(e.message).toContain("size 25.426189 is not on the lot grid of 0.00001");
  });
});

describe("the grid gate on hand-made inputs of each source", () => {
  const T0_MS = 1_723_161_255_000;
  const local = (ms: number): string => String(BigInt(T0_MS + ms) * 1_000_000n - 1_000_000_000n);
  const snapshot = (bid: string): string => `${local(0)} {"lastUpdateId":3,"bids":[["${bid}","3"]],"asks":[["61840.00","4"]]}`;
  const diff = (bid: string): string =>
    `${local(100)} {"stream":"btcusdt@depth@100ms","data":{"e":"depthUpdate","E":${T0_MS + 100},"s":"BTCUSDT","U":4,"u":5,"b":[["${bid}","1.5"]],"a":[]}}`;
  const capture = (name: string, lines: string[]): string => {
    const path = join(dir, name);
    writeFileSync(path, gzipSync(lines.join("\n") + "\n"));
    return path;
  };

  it("binance: 61837.645 on a 0.01 grid, any price on a --tick 0.03 grid, and a bid of 0.001 are errors (they were rounded silently)", async () => {
    const half = capture("half.gz", [snapshot("61830.00"), diff("61837.645")]);
    const e = await errorOf(() => openBinanceRaw([half], {}));
    expect([e.file, e.row, e.field]).toEqual([half, 2, "b[0][0] (price)"]);
    expect(e.message).toContain("price 61837.645 is not on the tick grid of 0.01 (6183764.5 ticks)");
    const ok = capture("ok.gz", [snapshot("61830.00"), diff("61837.64")]);
    expect((await errorOf(() => openBinanceRaw([ok], { tickSize: 0.03 }))).message).toContain("price 61840 is not on the tick grid of 0.03"); // 61830 is 2,061,000 ticks of 0.03
    const tiny = capture("tiny.gz", [snapshot("0.001"), diff("61837.64")]);
    const t = await errorOf(() => openBinanceRaw([tiny], {}));
    expect([t.row, t.field]).toEqual([1, "bids[0][0] (price)"]);
    expect(t.message).toContain("price 0.001 is not on the tick grid of 0.01 (0.1 ticks)");
    // snapping cannot make it a price: it would be 0
    expect((await errorOf(() => openBinanceRaw([tiny], { snapToGrid: true }))).message).toContain("price 0.001 rounds to 0 on the tick grid of 0.01");
    const snapped = await drain(await openBinanceRaw([half], { snapToGrid: true }));
    expect(snapped.prices).toContain(61837.65);
    expect(snapped.notes.join("\n")).toContain("--snap-to-grid: rounded 1 prices to the tick grid of 0.01 (largest move 0.5 tick)");
  });

  it("lobster: a price off the cent grid, and a size off --lot", async () => {
    const messages = join(dir, "AMZN_2012-06-21_34200000_57600000_message_5.csv");
    writeFileSync(messages, "34200.1,1,11,100,2238100,1\n34200.2,1,12,100,2238150,-1\n");
    const e = await errorOf(() => lobsterImporter.open([messages], {}));
    expect([e.file, e.row, e.field]).toEqual([messages, 2, "price"]);
    expect(e.message).toContain("price 223.815 is not on the tick grid of 0.01");
    writeFileSync(messages, "34200.1,1,11,150,2238100,1\n");
    const q = await errorOf(() => lobsterImporter.open([messages], { lotSize: 100 }));
    expect([q.row, q.field]).toEqual([1, "qty"]);
    expect(q.message).toContain("size 150 is not on the lot grid of 100");
  });

  it("tardis: an amount off the instrument's lot (deribit: 10 contracts)", async () => {
    const file = join(dir, "trades.csv");
    writeFileSync(file, "exchange,symbol,timestamp,local_timestamp,id,side,price,amount\nderibit,BTC-PERPETUAL,1,2,a,buy,100,20\nderibit,BTC-PERPETUAL,3,4,b,buy,100,25\n");
    const e = await errorOf(() => tardisCsvImporter.open([file], {}));
    expect([e.file, e.row, e.field]).toEqual([file, 3, "amount"]);
    expect(e.message).toContain("size 25 is not on the lot grid of 10");
  });

  /** Two trades; the second's price is off the 0.01 grid. */
  function offGridEvents(): EventColumns {
    const c = allocEventColumns(2);
    for (let i = 0; i < 2; i++) {
      c.exchTs[i] = c.localTs[i] = 1_700_000_000_000_000_000n + BigInt(i);
      c.kind[i] = EventKind.TRADE;
      c.side[i] = 1;
      c.qty[i] = 1;
    }
    c.price[0] = 100.01;
    c.price[1] = 100.015;
    c.length = 2;
    return c;
  }

  for (const [name, write, importer] of [
    ["hftbacktest .npz", (p: string) => writeHftbacktestNpz(p, [offGridEvents()]), hftbacktestImporter],
    ["parquet", (p: string) => writeParquetEvents(p, { symbol: "X", venue: "v", tickSize: 0.01, lotSize: 1, source: "t", schemaVersion: "1" }, [offGridEvents()]), parquetImporter],
  ] as [string, (p: string) => Promise<unknown>, Importer][]) {
    it(`${name}: a price off the grid names the file, its row and the value`, async () => {
      const path = join(dir, name === "parquet" ? "off.parquet" : "off.npz");
      await write(path);
      const options: ImportOptions = { symbol: "X", tickSize: 0.01, lotSize: 1 };
      const e = await errorOf(() => importer.open([path], options));
      expect([e.file, e.row, e.field]).toEqual([path, 1, "price"]);
      expect(e.message).toContain("price 100.015 is not on the tick grid of 0.01");
      const snapped = await drain(await importer.open([path], { ...options, snapToGrid: true }));
      expect(snapped.prices).toEqual([100.01, 100.02]);
    });
  }
});
