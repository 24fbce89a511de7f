import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { readAllEvents } from "../../src/data/arrow/reader.ts";
import { EventKind } from "../../src/data/schema.ts";
import { mmlab } from "../support/cli.ts";
import { describeWithSharedData, sample } from "../support/sharedData.ts";

describe("mmlab convert: a book file and a trades file merged by exchange time", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "mmlab-convert-merge-"));
    const row = (...f: (string | number)[]) => ["deribit", "BTC-PERPETUAL", ...f].join(",");
    writeFileSync(
      join(dir, "book.csv"),
      ["exchange,symbol,timestamp,local_timestamp,is_snapshot,side,price,amount", row(1000, 1010, "true", "bid", "100.0", 100), row(1000, 1010, "true", "ask", "101.0", 200), row(2000, 2010, "false", "bid", "100.5", 50)].join("\n") + "\n",
    );
    writeFileSync(join(dir, "trades.csv"), ["exchange,symbol,timestamp,local_timestamp,id,side,price,amount", row(1500, 1520, "t1", "buy", "101.0", 10), row(2000, 2020, "t2", "sell", "100.5", 20)].join("\n") + "\n");
  });

  it("writes one event file in exch_ts order, ties in the order the files were named; verify reads it back", async () => {
    const r = await mmlab(["convert", "--from", "tardis", "trades.csv", "book.csv", "--out", "m.arrow", "--json"], dir);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect([s.events, s.eventsByKind]).toEqual([7, { trade: 2, depthClear: 2, snapshot: 2, depth: 1 }]);
    expect(s.notes[0]).toContain("merged 2 streams by exch_ts (1. trades (trades.csv); 2. incremental_book_L2 (book.csv))");
    const rows = await readAllEvents(join(dir, "m.arrow"));
    expect([...rows.kind]).toEqual([EventKind.DEPTH_CLEAR, EventKind.DEPTH_CLEAR, EventKind.SNAPSHOT, EventKind.SNAPSHOT, EventKind.TRADE, EventKind.TRADE, EventKind.DEPTH]);
    const [file, source] = await Promise.all([mmlab(["verify", "m.arrow", "--json"], dir), mmlab(["verify", "--from", "tardis", "book.csv", "trades.csv", "--json"], dir)]);
    const v = JSON.parse(file.stdout);
    expect([v.events, v.crossedBooks]).toEqual([7, 0]);
    expect(JSON.parse(source.stdout).events).toBe(7);
  }, 60_000);
});

describeWithSharedData("mmlab convert / verify --from coinbase on the capture sample", () => {
  const CAPTURE = sample("coinbase/COINBASE.ws.28.0.head3000");
  const PRODUCTS = sample("coinbase/COINBASE.0");
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "mmlab-convert-coinbase-"));
  });

  // The other products are checked at the importer's level (test/data/importers/coinbase).
  for (const [product, events, tickers] of [["SKL-USD", 2893, 7]] as const) {
    it(`${product}: convert, verify the file, verify the raw capture (every ticker but the subscribe one matches)`, async () => {
      const out = `${product}.arrow`;
      const [c, raw] = await Promise.all([
        mmlab(["convert", "--from", "coinbase", CAPTURE, "--products", PRODUCTS, "--symbol", product, "--out", out, "--json"], dir),
        mmlab(["verify", "--from", "coinbase", CAPTURE, "--instruments", PRODUCTS, "--symbol", product], dir),
      ]);
      expect(c.code, c.stderr).toBe(0);
      const s = JSON.parse(c.stdout);
      expect([s.events, s.gaps, s.crossedBooks, s.bboChecked, s.bboMatched]).toEqual([events, 0, 0, tickers, tickers]);
      const v = JSON.parse((await mmlab(["verify", out, "--json"], dir)).stdout);
      expect([v.events, v.crossedBooks]).toEqual([events, 0]);
      expect(raw.stdout).toContain(`BBO agreement ${tickers} / ${tickers} (100.00 %)`);
    }, 60_000);
  }

  it("several products and no --symbol: exit 1 and one line listing them", async () => {
    const r = await mmlab(["convert", "--from", "coinbase", CAPTURE, "--products", PRODUCTS, "--out", "x.arrow"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^mmlab: coinbase: .*COINBASE\.ws\.28\.0\.head3000 holds 10 products \(BAND-GBP, .*SKL-USD\): choose one with --symbol\n$/);
  }, 60_000);
});
