import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DataError, MmlabError } from "../../../../src/core/errors.ts";
import { binanceRawImporter, openBinanceRaw } from "../../../../src/data/importers/binance/binanceRaw.ts";
import type { ImportedData, ImportOptions, ImportReport } from "../../../../src/data/importers/importer.ts";
import { EventKind, type DatasetMeta } from "../../../../src/data/schema.ts";
import { describeWithSharedData, sample } from "../../../support/sharedData.ts";

/** One imported row, as plain values. */
interface Row {
  exchTs: bigint;
  localTs: bigint;
  kind: number;
  side: number;
  price: number;
  qty: number;
}

/** Consumes every batch; returns the rows, the batch sizes, the meta and the report. */
async function collect(data: ImportedData): Promise<{ rows: Row[]; batchSizes: number[]; meta: DatasetMeta; report: ImportReport }> {
  const rows: Row[] = [];
  const batchSizes: number[] = [];
  for await (const b of data.batches) {
    batchSizes.push(b.length);
    for (let i = 0; i < b.length; i++) {
      rows.push({ exchTs: b.exchTs[i], localTs: b.localTs[i], kind: b.kind[i], side: b.side[i], price: b.price[i], qty: b.qty[i] });
    }
  }
  return { rows, batchSizes, meta: data.meta, report: data.report };
}

describeWithSharedData("binance raw importer on the real spot BTCUSDT capture", () => {
  const files = [sample("binance-spot-btcusdt/btcusdt_20240808.gz"), sample("binance-spot-btcusdt/btcusdt_20240809.gz")];
  const BATCH_ROWS = 4096;
  // summaries only: keeping 320k row objects would be wasteful
  let report: ImportReport;
  let meta: DatasetMeta;
  let rowCount = 0;
  let largestBatch = 0;
  let exchDecreases = 0;
  let localAtOrAfterExch = 0;
  let firstTrade: Row | undefined;
  let snapshotBestBid = -Infinity;
  let snapshotBestAsk = Infinity;

  beforeAll(async () => {
    const data = await binanceRawImporter.open(files, { batchRows: BATCH_ROWS });
    meta = data.meta;
    let previousExch = -1n;
    for await (const b of data.batches) {
      rowCount += b.length;
      largestBatch = Math.max(largestBatch, b.length);
      for (let i = 0; i < b.length; i++) {
        if (b.exchTs[i] < previousExch) exchDecreases++;
        previousExch = b.exchTs[i];
        if (b.localTs[i] >= b.exchTs[i]) localAtOrAfterExch++;
        if (b.kind[i] === EventKind.TRADE && firstTrade === undefined) {
          firstTrade = { exchTs: b.exchTs[i], localTs: b.localTs[i], kind: b.kind[i], side: b.side[i], price: b.price[i], qty: b.qty[i] };
        }
        if (b.kind[i] === EventKind.SNAPSHOT) {
          if (b.side[i] === 1) snapshotBestBid = Math.max(snapshotBestBid, b.price[i]);
          else snapshotBestAsk = Math.min(snapshotBestAsk, b.price[i]);
        }
      }
    }
    report = data.report;
    console.log(
      `binance raw sample: ${rowCount} events ${JSON.stringify(report.eventsByKind)}, ` +
        `bbo ${report.bboMatched}/${report.bboChecked}, gaps ${report.gaps.length}, crossed ${report.crossedBooks}\n  ` +
        report.notes.join("\n  "),
    );
  }, 120_000);

  it("reconstructs the book: zero gaps, zero crossed books, bookTicker agrees at every shared id", () => {
    expect(report.gaps).toEqual([]);
    expect(report.crossedBooks).toBe(0);
    expect(report.bboChecked).toBeGreaterThanOrEqual(900);
    expect(report.bboMatched).toBe(report.bboChecked);
    expect(report.events).toBe(rowCount);
  });

  it("has the metadata of spot BTCUSDT", () => {
    expect(meta).toEqual({ symbol: "BTCUSDT", venue: "binance-spot", tickSize: 0.01, lotSize: 0.00001, source: "binance-raw", schemaVersion: "1" });
  });

  it("keeps the first trade and the snapshot's best prices as in the file", () => {
    const text = gunzipSync(readFileSync(files[0])).toString("utf8");
    let trade: { p: string; q: string; m: boolean } | undefined;
    let snapshot: { bids: [string, string][]; asks: [string, string][] } | undefined;
    for (const line of text.split("\n")) {
      if (line === "") continue;
      const json = JSON.parse(line.slice(line.indexOf(" ") + 1));
      if (snapshot === undefined && json.lastUpdateId !== undefined) snapshot = json;
      if (trade === undefined && json.data?.e === "trade") trade = json.data;
      if (trade !== undefined && snapshot !== undefined) break;
    }
    expect(firstTrade).toBeDefined();
    expect(firstTrade?.price).toBe(Number(trade?.p));
    expect(firstTrade?.qty).toBe(Number(trade?.q));
    expect(firstTrade?.side).toBe(trade?.m ? -1 : 1);
    expect(snapshotBestBid).toBe(Math.max(...(snapshot?.bids ?? []).map((l) => Number(l[0]))));
    expect(snapshotBestAsk).toBe(Math.min(...(snapshot?.asks ?? []).map((l) => Number(l[0]))));
    expect(report.eventsByKind.snapshot).toBe((snapshot?.bids.length ?? 0) + (snapshot?.asks.length ?? 0));
    expect(report.eventsByKind.depthClear).toBe(2);
  });

  it("removes the clock offset and says so; local_ts >= exch_ts on at least 99 % of rows", () => {
    expect(report.notes.some((n) => /^local clock 1\.2\d s behind the exchange: added 1,2\d\d,\d\d\d,\d\d\d ns to local_ts/.test(n))).toBe(true);
    expect(localAtOrAfterExch / rowCount).toBeGreaterThanOrEqual(0.99);
  });

  it("emits non-decreasing exch_ts", () => {
    expect(exchDecreases).toBe(0);
    expect(BigInt(report.firstExchTs ?? "0")).toBeLessThanOrEqual(BigInt(report.lastExchTs ?? "0"));
  });

  it("keeps memory bounded: no batch exceeds batchRows", () => {
    expect(largestBatch).toBeLessThanOrEqual(BATCH_ROWS);
    expect(rowCount).toBeGreaterThan(BATCH_ROWS);
  });
});

describe("binance raw importer on synthetic captures", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "mmlab-binance-raw-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Writes lines as a gzip capture and returns its path. */
  function capture(name: string, lines: string[]): string {
    const path = join(dir, name);
    writeFileSync(path, gzipSync(lines.join("\n") + "\n"));
    return path;
  }

  // event times are ms after T0_MS; the local clock is 2 s behind the exchange, latency 4 ms
  const T0_MS = 1_723_161_255_000;
  const ns = (eventMs: number): bigint => BigInt(T0_MS + eventMs) * 1_000_000n;
  const local = (eventMs: number): string => String(ns(eventMs) - 2_000_000_000n + 4_000_000n);
  const diff = (eventMs: number, U: number, u: number, bid: string, ask: string): string =>
    `${local(eventMs)} {"stream":"btcusdt@depth@100ms","data":{"e":"depthUpdate","E":${T0_MS + eventMs},"s":"BTCUSDT","U":${U},"u":${u},"b":[["${bid}","1.5"]],"a":[["${ask}","2.5"]]}}`;
  const snapshot = (eventMs: number, id: number): string =>
    `${local(eventMs)} {"lastUpdateId":${id},"bids":[["100.00","3"],["99.00","1"]],"asks":[["101.00","4"],["102.00","1"]]}`;
  const trade = (eventMs: number, price: string, buyerIsMaker: boolean): string =>
    `${local(eventMs)} {"stream":"btcusdt@trade","data":{"e":"trade","E":${T0_MS + eventMs},"s":"BTCUSDT","t":1,"p":"${price}","q":"0.5","T":${T0_MS + eventMs},"m":${buyerIsMaker}}}`;
  const ticker = (eventMs: number, u: number, bid: string, ask: string): string =>
    `${local(eventMs)} {"stream":"btcusdt@bookTicker","data":{"u":${u},"s":"BTCUSDT","b":"${bid}","B":"1","a":"${ask}","A":"1"}}`;

  /** Snapshot 3 inside the first diff; diffs 6-8 then 10-12: U=9 is missing at line 4. */
  const gapLines = [
    diff(1000, 1, 5, "100.00", "101.00"),
    snapshot(1050, 3),
    diff(1100, 6, 8, "100.50", "101.50"),
    diff(1200, 10, 12, "99.50", "100.90"),
    trade(1210, "100.50", true),
    diff(1300, 13, 14, "100.20", "101.20"),
    snapshot(1350, 13),
    diff(1400, 15, 16, "100.30", "101.30"),
  ];

  it("onGap fail: throws a DataError naming the file, line, field and rule", async () => {
    const path = capture("gap.gz", gapLines);
    const data = await openBinanceRaw([path], {});
    const error = await collect(data).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DataError);
    const e = error as DataError;
    expect(e.file).toBe(path);
    expect(e.row).toBe(4);
    expect(e.field).toBe("U");
    expect(e.message).toContain("expected U=9, got U=10");
    expect(e.message).toContain("spot rule");
  });

  it("onGap resync: records the gap and continues after the next snapshot", async () => {
    const path = capture("gap-resync.gz", gapLines);
    const { rows, report } = await collect(await openBinanceRaw([path], { onGap: "resync" }));
    expect(report.gaps).toEqual([{ file: path, line: 4, exchTs: String(ns(1200)), detail: "expected U=9, got U=10" }]);
    // two clears per snapshot, and two at the gap: no one trades on the stale book until the next snapshot
    expect(report.eventsByKind.depthClear).toBe(6);
    expect(report.eventsByKind.snapshot).toBe(8);
    expect(report.eventsByKind.trade).toBe(1);
    const kindsInOrder = rows.map((r) => r.kind);
    const gapClear = kindsInOrder.indexOf(EventKind.DEPTH_CLEAR, kindsInOrder.indexOf(EventKind.DEPTH)); // first clear after line 3's levels
    expect(rows[gapClear + 1].kind).toBe(EventKind.DEPTH_CLEAR);
    expect(rows[gapClear - 1].price).toBe(101.5); // right after line 3, the last diff before the gap
    const depthPrices = rows.filter((r) => r.kind === EventKind.DEPTH).map((r) => r.price);
    // line 1 (replayed after the first snapshot), line 3; line 4 lost in the gap; line 6 replayed after the second snapshot, line 8
    expect(depthPrices).toEqual([100.0, 101.0, 100.5, 101.5, 100.2, 101.2, 100.3, 101.3]);
    const kinds = rows.map((r) => r.kind);
    const secondClear = kinds.lastIndexOf(EventKind.DEPTH_CLEAR);
    expect(kinds[secondClear - 1]).toBe(EventKind.DEPTH_CLEAR);
    expect(kinds[secondClear + 1]).toBe(EventKind.SNAPSHOT);
  });

  it("converts trades, corrects the clock, checks bookTicker and repairs exch_ts order", async () => {
    const path = capture("ok.gz", [
      diff(1000, 1, 5, "100.00", "101.00"),
      ticker(1001, 7, "100.50", "101.00"), // arrives before its diff
      snapshot(1050, 3),
      diff(1100, 6, 7, "100.50", "101.50"),
      trade(1090, "101.00", false), // trade time before the previous diff's E: clamped
      ticker(1101, 6, "1.00", "2.00"), // inside an aggregated diff: not comparable
      ticker(1102, 5, "100.00", "101.00"),
    ]);
    const { rows, report } = await collect(await openBinanceRaw([path], {}));
    expect(report.bboChecked).toBe(2);
    expect(report.bboMatched).toBe(2);
    expect(report.notes[0]).toBe(
      "local clock 2.00 s behind the exchange: added 1,996,000,000 ns to local_ts (−min of local − exchange time over the first 2 depth diffs and the trades among them)",
    );
    const t = rows.find((r) => r.kind === EventKind.TRADE);
    expect(t).toMatchObject({ side: 1, price: 101, qty: 0.5, exchTs: ns(1100), localTs: ns(1090) });
    // the replayed first diff (E before the snapshot's corrected local time) and the trade are clamped
    expect(report.notes.some((n) => n.startsWith("exch_ts made non-decreasing: 3 rows (2 messages)"))).toBe(true);
    for (let i = 1; i < rows.length; i++) expect(rows[i].exchTs).toBeGreaterThanOrEqual(rows[i - 1].exchTs);
  });

  it("detects the USD-M rule from pu", async () => {
    const usdm = (eventMs: number, U: number, u: number, pu: number): string =>
      `${local(eventMs)} {"stream":"btcusdt@depth@100ms","data":{"e":"depthUpdate","E":${T0_MS + eventMs},"T":${T0_MS + eventMs},"s":"BTCUSDT","U":${U},"u":${u},"pu":${pu},"b":[["100.00","1"]],"a":[["101.00","1"]]}}`;
    const path = capture("usdm.gz", [usdm(1000, 10, 20, 9), snapshot(1050, 20), usdm(1100, 30, 40, 20), usdm(1200, 45, 50, 40)]);
    // USD-M BTCUSDT is in the table of known instruments: no --tick/--lot needed
    const { meta, report } = await collect(await openBinanceRaw([path], {}));
    expect(meta.venue).toBe("binance-usdm");
    expect([meta.tickSize, meta.lotSize]).toEqual([0.1, 0.001]);
    expect(report.gaps).toEqual([]);
    expect(report.eventsByKind.depth).toBe(6);
  });

  it("takes a known symbol's tick and lot from the table, asks for --tick and --lot (or --instruments) for an unknown one", async () => {
    const eth = capture("eth.gz", [diff(1000, 1, 5, "100.00", "101.00").replace(/BTCUSDT/g, "ETHUSDT").replace("btcusdt@", "ethusdt@")]);
    const known = await openBinanceRaw([eth], {});
    expect([known.meta.symbol, known.meta.tickSize, known.meta.lotSize]).toEqual(["ETHUSDT", 0.01, 0.0001]);
    const path = capture("xyz.gz", [diff(1000, 1, 5, "100.00", "101.00").replace(/BTCUSDT/g, "XYZUSDT").replace("btcusdt@", "xyzusdt@")]);
    await expect(openBinanceRaw([path], {})).rejects.toThrow(MmlabError);
    await expect(openBinanceRaw([path], {})).rejects.toThrow(/--tick and --lot \(or --instruments/);
    const ok = await openBinanceRaw([path], { tickSize: 0.01, lotSize: 0.0001 });
    expect(ok.meta.symbol).toBe("XYZUSDT");
    const listed = await openBinanceRaw([path], { instruments: { path: "info.json", find: (s: string) => (s === "XYZUSDT" ? { tickSize: 0.01, lotSize: 0.001 } : undefined) } as unknown as ImportOptions["instruments"] });
    expect([listed.meta.tickSize, listed.meta.lotSize]).toEqual([0.01, 0.001]);
  });

  it("a malformed line is a DataError with its line number", async () => {
    const notStamped = capture("bad1.gz", [trade(900, "100.00", true), snapshot(1000, 3), "not a capture line"]);
    await expect(collect(await openBinanceRaw([notStamped], {}))).rejects.toThrow(/bad1\.gz: row 3: local_ts: expected/);
    const badJson = capture("bad2.gz", [snapshot(1000, 3), diff(1100, 4, 5, "100.00", "101.00"), "1723161254087891268 {\"stream\":"]);
    await expect(collect(await openBinanceRaw([badJson], {}))).rejects.toThrow(/bad2\.gz: row 3: json: invalid JSON/);
    const badPrice = capture("bad3.gz", [snapshot(1000, 3), diff(1100, 4, 5, "abc", "101.00")]);
    await expect(collect(await openBinanceRaw([badPrice], {}))).rejects.toThrow(/bad3\.gz: row 2: b\[0\]\[0\] \(price\): expected a positive decimal/);
  });

  it("a truncated gzip is a DataError with the line number", async () => {
    const lines = Array.from({ length: 3000 }, (_, i) => trade(1000 + i, "100.00", i % 2 === 0));
    const gz = gzipSync(lines.join("\n") + "\n");
    const path = join(dir, "truncated.gz");
    writeFileSync(path, gz.subarray(0, Math.floor(gz.length / 2)));
    const error = await collect(await openBinanceRaw([path], {})).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).file).toBe(path);
    expect((error as DataError).row).toBeGreaterThan(1);
    expect((error as DataError).row).toBeLessThan(3000);
  });
});
