import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeEventFile } from "../../src/data/arrow/writer.ts";
import type { DatasetMeta } from "../../src/data/schema.ts";
import { mmlab } from "../support/cli.ts";
import { describeWithSharedData, sample } from "../support/sharedData.ts";

/*
 * convert, verify and backtest at the gate: wrong inputs each get their own message naming the
 * file (they got "no symbol … give --symbol"), no events is an error (it was an empty file, or an
 * all-n/a run with exit 0), one count of crossed books, the import's notes kept in the event file.
 */
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "mmlab-gate-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const T0_MS = 1_723_161_255_000;
const local = (ms: number): string => String(BigInt(T0_MS + ms) * 1_000_000n - 1_000_000_000n);
const snapshot = (bids: string, asks: string, id = 3): string => `${local(0)} {"lastUpdateId":${id},"bids":[${bids}],"asks":[${asks}]}`;
const diff = (ms: number, U: number, u: number, b: string, a: string): string =>
  `${local(ms)} {"stream":"btcusdt@depth@100ms","data":{"e":"depthUpdate","E":${T0_MS + ms},"s":"BTCUSDT","U":${U},"u":${u},"b":[${b}],"a":[${a}]}}`;
const ticker = (ms: number): string => `${local(ms)} {"stream":"btcusdt@bookTicker","data":{"u":9,"s":"BTCUSDT","b":"100.00","B":"1","a":"101.00","A":"1"}}`;
function capture(name: string, lines: string[]): string {
  writeFileSync(join(dir, name), gzipSync(lines.join("\n") + "\n"));
  return name;
}

describe("wrong inputs: their own message, naming the file; nothing written", () => {
  it("an empty file, a directory, a file named .gz that is not gzip", async () => {
    writeFileSync(join(dir, "empty.gz"), "");
    mkdirSync(join(dir, "captures.gz"));
    writeFileSync(join(dir, "plain.gz"), `${local(0)} {"lastUpdateId":1,"bids":[],"asks":[]}\n`);
    for (const [input, message] of [
      ["empty.gz", "mmlab: empty.gz: empty file (0 bytes)\n"],
      ["captures.gz", "mmlab: captures.gz: is a directory, not a data file\n"],
      ["plain.gz", "mmlab: plain.gz: not gzip data: the name ends in .gz but the file does not start with the gzip bytes 1f 8b (rename it, or compress it)\n"],
    ]) {
      const r = await mmlab(["convert", "--from", "binance", input, "--out", "o.arrow"], dir);
      expect([r.code, r.stderr]).toEqual([1, message]);
    }
    const v = await mmlab(["verify", "--from", "binance", "empty.gz"], dir);
    expect([v.code, v.stderr]).toEqual([1, "mmlab: empty.gz: empty file (0 bytes)\n"]);
    const b = await mmlab(["backtest", "--data", "captures.gz", "--out", "run-dir"], dir);
    expect(b.code).toBe(1);
    expect(b.stderr).toContain("captures.gz: is a directory, not a data file");
    expect(existsSync(join(dir, "o.arrow")) || existsSync(join(dir, "run-dir"))).toBe(false);
  }, 60_000);

  it("an import without events is an error, not an empty file; a backtest of a file without rows is an error, not an all-n/a run", async () => {
    const onlyTickers = capture("tickers.gz", [ticker(0), ticker(100)]);
    const r = await mmlab(["convert", "--from", "binance", onlyTickers, "--out", "none.arrow"], dir);
    expect([r.code, r.stderr]).toEqual([1, "mmlab: no events in tickers.gz: the import found no rows to write (nothing was written)\n"]);
    expect(readdirSync(dir).filter((f) => f.startsWith("none.arrow"))).toEqual([]);
    const meta: DatasetMeta = { symbol: "BTCUSDT", venue: "v", tickSize: 0.01, lotSize: 0.00001, source: "test", schemaVersion: "1" };
    await writeEventFile(join(dir, "zero.arrow"), meta, []);
    const b = await mmlab(["backtest", "--data", "zero.arrow", "--out", "run-zero", "--json"], dir);
    expect([b.code, b.stdout, b.stderr]).toEqual([1, "", "mmlab: zero.arrow: no events: the file holds no rows, so there is nothing to backtest\n"]);
    expect(existsSync(join(dir, "run-zero"))).toBe(false);
  }, 60_000);
});

describe("convert: one count of crossed books; snapping, depth diffs and notes kept in the file", () => {
  it("a level far beyond the book's window that crosses it counts in the headline as in verify (it said 0 while a note said 1)", async () => {
    // the bid at 5,000 crosses the asks 4,899.99 away: outside the 2^17-tick window a backtest's book keeps
    const input = capture("far.gz", [snapshot(`["100.00","3"]`, `["101.00","4"]`), diff(100, 4, 5, `["5000.00","1"]`, ""), diff(200, 6, 6, `["5000.00","0"]`, "")]);
    const r = await mmlab(["convert", "--from", "binance", input, "--out", "far.arrow", "--json"], dir);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.crossedBooks).toBe(1);
    expect(s.notes.join("\n")).not.toMatch(/crossed/);
    const v = JSON.parse((await mmlab(["verify", "far.arrow", "--json"], dir)).stdout);
    expect(v.crossedBooks).toBe(1);
    const text = await mmlab(["convert", "--from", "binance", input, "--out", "far2.arrow"], dir);
    expect(text.stdout).toMatch(/; 0 gaps, 1 crossed books\n/);
    expect(text.stdout).toMatch(/\ncrossed books 1\n/);
  }, 60_000);

  it("verify --json counts the depth diffs applied and dropped; --snap-to-grid's note and the import's notes are in the event file, and verify shows them", async () => {
    // the first diff ends before the snapshot's id: dropped; the next one is applied; 100.005 is off the 0.01 grid
    const lines = [diff(50, 1, 2, `["99.00","1"]`, ""), snapshot(`["100.00","3"]`, `["101.00","4"]`), diff(100, 3, 5, `["100.005","1"]`, "")];
    const clean = capture("diffs.gz", lines.map((l) => l.replace("100.005", "100.01")));
    const v = JSON.parse((await mmlab(["verify", "--from", "binance", clean, "--json"], dir)).stdout);
    expect([v.diffsApplied, v.diffsDropped]).toEqual([1, 1]);
    const input = capture("snap.gz", lines);
    const refused = await mmlab(["convert", "--from", "binance", input, "--out", "snap.arrow"], dir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe("mmlab: snap.gz: row 3: b[0][0] (price): price 100.005 is not on the tick grid of 0.01 (10000.5 ticks); pass --tick if the instrument's tick differs, or --snap-to-grid to round such prices\n");
    const r = await mmlab(["convert", "--from", "binance", input, "--out", "snap.arrow", "--snap-to-grid", "--json"], dir);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect([s.diffsApplied, s.diffsDropped]).toEqual([1, 1]);
    const snapNote = `--snap-to-grid: rounded 1 prices to the tick grid of 0.01 (largest move 0.5 tick); the first at snap.gz: row 3: b[0][0] (price) 100.005`;
    expect(s.notes).toContain(snapNote);
    const audit = await mmlab(["verify", "snap.arrow"], dir);
    expect(audit.stdout).toContain(`note: import: ${snapNote}\n`);
    expect(audit.stdout).toContain("note: import: local clock 1.00 s behind the exchange");
    const json = JSON.parse((await mmlab(["verify", "snap.arrow", "--json"], dir)).stdout);
    expect(json.notes).toContain(`import: ${snapNote}`);
    expect([json.diffsApplied, json.diffsDropped]).toEqual([null, null]); // an event file records no diffs
  }, 60_000);
});

describeWithSharedData("the LOBSTER sample's caveats travel with its event file", () => {
  it("verify on the .arrow shows what the import noted (orders from before the file)", async () => {
    const inputs = [
      sample("lobster-amzn-l5/AMZN_2012-06-21_34200000_57600000_message_5_subset.csv"),
      sample("lobster-amzn-l5/AMZN_2012-06-21_34200000_57600000_orderbook_5_subset.csv"),
    ];
    expect((await mmlab(["convert", "--from", "lobster", ...inputs, "--out", "amzn.arrow"], dir)).code).toBe(0);
    const v = await mmlab(["verify", "amzn.arrow"], dir);
    expect(v.stdout).toContain("note: import: 19 messages named orders submitted before the file starts");
    expect(v.stdout).toContain("note: import: 87 hidden executions (type 5) emitted as TRADE only");
  }, 60_000);
});

describeWithSharedData("backtest --on-crossed", () => {
  it("skip records the crossed book in runlog.json", async () => {
    // the Binance capture's first minutes, with the snapshot's best ask moved below its best bid for good
    const text = (await import("node:zlib")).gunzipSync(readFileSync(sample("binance-spot-btcusdt/btcusdt_20240808.gz"))).toString("utf8");
    const lines = text.split("\n").slice(0, 4_000);
    const at = lines.findIndex((l) => l.includes('"lastUpdateId"'));
    const snap = JSON.parse(lines[at].slice(lines[at].indexOf(" ") + 1));
    // 1,000 USDT under the best bid: within the backtest book's window (a level far beyond it would be dropped)
    const bestBid = Math.max(...snap.bids.map((l: [string, string]) => Number(l[0])));
    snap.asks.push([(bestBid - 1000).toFixed(2), "1.00000000"]);
    lines[at] = `${lines[at].slice(0, lines[at].indexOf(" "))} ${JSON.stringify(snap)}`;
    writeFileSync(join(dir, "crossed.gz"), gzipSync(lines.join("\n")));
    expect((await mmlab(["convert", "--from", "binance", "crossed.gz", "--out", "crossed.arrow"], dir)).code).toBe(0);
    const fail = await mmlab(["backtest", "--data", "crossed.arrow", "--out", "run-fail", "--no-report"], dir);
    expect(fail.code).toBe(1);
    expect(fail.stderr).toMatch(/^mmlab: crossed\.arrow: row \d+: price: the book is crossed after the rows of this exchange time \(\d+\.\d{3} s into the data\): best bid 6\d{4}\.\d\d ≥ best ask 6\d{4}\.\d\d;/);
    const skip = await mmlab(["backtest", "--data", "crossed.arrow", "--out", "run-skip", "--no-report", "--on-crossed", "skip"], dir);
    expect(skip.code).toBe(0);
    expect(skip.stdout).toMatch(/crossed book: 1 times, [\d,]+ rows, [\d.]+ s of data without matching/);
    const runlog = JSON.parse(readFileSync(join(dir, "run-skip", "runlog.json"), "utf8"));
    expect(runlog.crossedBook).toMatchObject({ onCrossed: "skip", episodes: 1 });
    expect(runlog.crossedBook.rows).toBeGreaterThan(0);
  }, 120_000);
});
