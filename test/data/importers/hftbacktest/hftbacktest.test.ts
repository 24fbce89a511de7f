import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DataError, MmlabError } from "../../../../src/core/errors.ts";
import { writeHftbacktestNpz } from "../../../../src/data/exporters/hftbacktestNpz.ts";
import { hftbacktestImporter } from "../../../../src/data/importers/hftbacktest/hftbacktest.ts";
import { bigInt64View, float64View, openNpyStream, uint32View } from "../../../../src/data/importers/hftbacktest/npy.ts";
import { listZipEntries, zipEntryChunks } from "../../../../src/data/importers/hftbacktest/npz.ts";
import type { ImportOptions, ImportReport } from "../../../../src/data/importers/importer.ts";
import { allocEventColumns, concatEventColumns, EventKind, type EventColumns } from "../../../../src/data/schema.ts";
import { npy, storedZip, v2Npy, type V2Row } from "../../../support/npzFixtures.ts";

const OPTS: ImportOptions = { symbol: "BTCUSDT", tickSize: 0.1, lotSize: 0.001 };
const T0 = 1_700_000_000_000_000_000n;

// hftbacktest flags (hftbacktest/src/types.rs)
const EXCH = 0x8000_0000;
const LOCAL = 0x4000_0000;
const BUY = 0x2000_0000;
const SELL = 0x1000_0000;

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "mmlab-hbt-"));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Events of every kind; local_ts jitters so that some events' local order differs from their exchange order. */
function makeEvents(n: number): EventColumns {
  const c = allocEventColumns(n);
  for (let i = 0; i < n; i++) {
    const exch = T0 + BigInt(i) * 1_000n;
    c.exchTs[i] = exch;
    c.localTs[i] = exch + 500n + BigInt((i * 7919) % 5) * 1_500n; // latency 0.5–6.5 µs: reorders neighbours
    c.kind[i] = (i % 8) + 1;
    c.side[i] = i % 3 === 0 ? 1 : i % 3 === 1 ? -1 : 0;
    c.price[i] = c.kind[i] === EventKind.DEPTH_CLEAR ? 0 : 30_000 + (i % 50) * 0.1; // clears: price 0, as mmlab importers write
    c.qty[i] = (i % 7) * 0.5;
    c.orderId[i] = c.kind[i] >= EventKind.L3_ADD ? 5_000_000_000n + BigInt(i) : 0n;
  }
  c.length = n;
  return c;
}

async function importAll(inputs: string[], options: ImportOptions = OPTS): Promise<{ cols: EventColumns; report: ImportReport; batches: number }> {
  const data = await hftbacktestImporter.open(inputs, options);
  const parts: EventColumns[] = [];
  for await (const b of data.batches) parts.push(b);
  return { cols: concatEventColumns(parts), report: data.report, batches: parts.length };
}

function expectSameEvents(a: EventColumns, b: EventColumns): void {
  expect(a.length).toBe(b.length);
  const n = a.length;
  expect(Array.from(a.exchTs.subarray(0, n))).toEqual(Array.from(b.exchTs.subarray(0, n)));
  expect(Array.from(a.localTs.subarray(0, n))).toEqual(Array.from(b.localTs.subarray(0, n)));
  expect(Array.from(a.kind.subarray(0, n))).toEqual(Array.from(b.kind.subarray(0, n)));
  expect(Array.from(a.side.subarray(0, n))).toEqual(Array.from(b.side.subarray(0, n)));
  expect(Array.from(a.price.subarray(0, n))).toEqual(Array.from(b.price.subarray(0, n)));
  expect(Array.from(a.qty.subarray(0, n))).toEqual(Array.from(b.qty.subarray(0, n)));
  expect(Array.from(a.orderId.subarray(0, n))).toEqual(Array.from(b.orderId.subarray(0, n)));
}

// ---- hand-made records (the .npy and .zip writers: test/support/npzFixtures.ts) ----

function v2Npz(name: string, rows: V2Row[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, storedZip(v2Npy(rows)));
  return file;
}

function v1Npz(name: string, rows: number[][], columns = 6): string {
  const f = new Float64Array(rows.flat());
  const file = path.join(dir, name);
  const data = npy("'<f8'", `(${rows.length}, ${columns})`, new Uint8Array(f.buffer));
  fs.writeFileSync(file, storedZip(data));
  return file;
}

/** The raw `ev` words and timestamps of an exported archive, read through the npz/npy readers. */
async function rawRecords(file: string): Promise<{ ev: number[]; exch: bigint[]; local: bigint[]; px: number[] }> {
  const [entry] = await listZipEntries(file);
  const stream = await openNpyStream(zipEntryChunks(file, entry), file);
  const out = { ev: [] as number[], exch: [] as bigint[], local: [] as bigint[], px: [] as number[] };
  for await (const block of stream.blocks()) {
    const w = uint32View(block.bytes);
    const t = bigInt64View(block.bytes);
    const f = float64View(block.bytes);
    for (let r = 0; r < block.rows; r++) {
      out.px.push(f[r * 8 + 3]);
      out.ev.push(w[r * 16]);
      out.exch.push(t[r * 8 + 1]);
      out.local.push(t[r * 8 + 2]);
    }
  }
  return out;
}

describe("hftbacktest exporter → importer", () => {
  it("round-trips every event exactly, across batches, with split local order", async () => {
    const events = makeEvents(5_000);
    const file = path.join(dir, "roundtrip.npz");
    const halves = [
      { ...events, length: 2_000 },
      {
        length: 3_000,
        exchTs: events.exchTs.subarray(2_000),
        localTs: events.localTs.subarray(2_000),
        kind: events.kind.subarray(2_000),
        side: events.side.subarray(2_000),
        price: events.price.subarray(2_000),
        qty: events.qty.subarray(2_000),
        orderId: events.orderId.subarray(2_000),
      },
    ];
    const summary = await writeHftbacktestNpz(file, halves);
    expect(summary.events).toBe(5_000);
    expect(summary.split).toBeGreaterThan(0); // the jitter does reorder some events
    expect(summary.records).toBe(5_000 + summary.split);
    expect(fs.readdirSync(dir).filter((f) => f.includes(".tmp-"))).toEqual([]);

    const { cols, report, batches } = await importAll([file], { ...OPTS, batchRows: 1_024 });
    expectSameEvents(cols, events);
    expect(batches).toBe(5);
    expect(report.events).toBe(5_000);
    expect(report.firstExchTs).toBe(T0.toString());
    expect(report.lastExchTs).toBe((T0 + 4_999_000n).toString());
    expect(report.notes.join("\n")).toContain(`${summary.split} local-only rows dropped`);
  });

  it("writes a valid hftbacktest order: exchange rows in exch_ts order, local rows in local_ts order", async () => {
    const events = makeEvents(2_000);
    const file = path.join(dir, "order.npz");
    await writeHftbacktestNpz(file, [events], { level: 1 });
    const { ev, exch, local } = await rawRecords(file);
    const exchTimes = exch.filter((_, i) => (ev[i] & EXCH) !== 0);
    const localTimes = local.filter((_, i) => (ev[i] & LOCAL) !== 0);
    expect(exchTimes.length).toBe(2_000);
    expect(localTimes.length).toBe(2_000);
    for (let i = 1; i < exchTimes.length; i++) expect(exchTimes[i] >= exchTimes[i - 1]).toBe(true);
    for (let i = 1; i < localTimes.length; i++) expect(localTimes[i] >= localTimes[i - 1]).toBe(true);
    expect(ev.every((e) => (e & (EXCH | LOCAL)) !== 0)).toBe(true);
  });

  it("maps kinds, sides and flags as hftbacktest defines them (hand-checked rows)", async () => {
    const c = allocEventColumns(6);
    const rows: [number, number, number, bigint][] = [
      [EventKind.DEPTH, 1, 30_000.1, 0n],
      [EventKind.TRADE, -1, 30_000.0, 0n],
      [EventKind.DEPTH_CLEAR, 0, 0, 0n],
      [EventKind.SNAPSHOT, -1, 30_000.2, 0n],
      [EventKind.L3_ADD, 1, 29_999.9, 6_000_000_001n],
      [EventKind.L3_FILL, -1, 30_000.3, 6_000_000_002n],
    ];
    rows.forEach(([kind, side, price, oid], i) => {
      c.exchTs[i] = T0 + BigInt(i) * 1_000_000n;
      c.localTs[i] = c.exchTs[i] + 1_000n;
      c.kind[i] = kind;
      c.side[i] = side;
      c.price[i] = price;
      c.qty[i] = 1;
      c.orderId[i] = oid;
    });
    c.length = 6;
    const file = path.join(dir, "flags.npz");
    await writeHftbacktestNpz(file, [c]);
    const { ev, px } = await rawRecords(file);
    expect(px).toEqual([30_000.1, 30_000.0, Number.NaN, 30_000.2, 29_999.9, 30_000.3]); // NaN: clear the whole side
    expect(ev.map((e) => e >>> 0)).toEqual([
      (1 | EXCH | LOCAL | BUY) >>> 0, // EXCH_BID_DEPTH_EVENT | LOCAL_EVENT
      (2 | EXCH | LOCAL | SELL) >>> 0, // seller-initiated trade
      (3 | EXCH | LOCAL) >>> 0, // clear, no side
      (4 | EXCH | LOCAL | SELL) >>> 0, // ask snapshot level
      (10 | EXCH | LOCAL | BUY) >>> 0, // ADD_ORDER_EVENT
      (13 | EXCH | LOCAL | SELL) >>> 0, // FILL_EVENT
    ]);
  });

  it("leaves no file and no temporary file behind when the events are invalid", async () => {
    const c = makeEvents(10);
    c.kind[5] = 99;
    const file = path.join(dir, "bad-kind.npz");
    await expect(writeHftbacktestNpz(file, [c])).rejects.toThrow(/event 5: kind 99/);
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.readdirSync(dir).filter((f) => f.includes(".tmp-"))).toEqual([]);
  });
});

describe("hftbacktest importer, 2.x records", () => {
  it("maps hand-written rows: kinds, BBO, L3 order ids, sides, flags", async () => {
    const t = (us: number) => T0 + BigInt(us) * 1_000n;
    const file = v2Npz("v2.npz", [
      { ev: 4 | EXCH | LOCAL | BUY, exch: t(0), local: t(5), px: 100.1, qty: 2 }, // bid snapshot level
      { ev: 5 | EXCH | LOCAL | SELL, exch: t(1), local: t(6), px: 100.3, qty: 1.5 }, // BBO ask → depth
      { ev: 2 | EXCH | LOCAL | SELL, exch: t(2), local: t(7), px: 100.1, qty: 0.5 }, // sell aggressor
      { ev: 10 | EXCH | LOCAL | BUY, exch: t(3), local: t(8), px: 100.0, qty: 3, oid: 2n ** 40n + 3n },
      { ev: 11 | EXCH | LOCAL, exch: t(4), local: t(9), px: 100.0, qty: 0, oid: 2n ** 40n + 3n },
      { ev: 3 | EXCH | LOCAL | SELL, exch: t(5), local: t(10), px: Number.NaN, qty: 0 }, // clear asks, px NaN
      { ev: 1 | BUY, exch: t(6), local: t(11), px: 1, qty: 1 }, // no EXCH/LOCAL flag: skipped
    ]);
    const { cols, report } = await importAll([file]);
    expect(cols.length).toBe(6);
    expect(Array.from(cols.kind)).toEqual([
      EventKind.SNAPSHOT,
      EventKind.DEPTH,
      EventKind.TRADE,
      EventKind.L3_ADD,
      EventKind.L3_CANCEL,
      EventKind.DEPTH_CLEAR,
    ]);
    expect(Array.from(cols.side)).toEqual([1, -1, -1, 1, 0, -1]);
    expect(Array.from(cols.price)).toEqual([100.1, 100.3, 100.1, 100.0, 100.0, 0]);
    expect(Array.from(cols.qty)).toEqual([2, 1.5, 0.5, 3, 0, 0]);
    expect(Array.from(cols.orderId)).toEqual([0n, 0n, 0n, 2n ** 40n + 3n, 2n ** 40n + 3n, 0n]);
    expect(cols.exchTs[1]).toBe(t(1));
    expect(cols.localTs[1]).toBe(t(6));
    expect(report.eventsByKind).toMatchObject({ snapshot: 1, depth: 1, trade: 1, l3Add: 1, l3Cancel: 1, depthClear: 1 });
    const notes = report.notes.join("\n");
    expect(notes).toContain("1 rows with neither EXCH_EVENT nor LOCAL_EVENT skipped");
    expect(notes).toContain("1 DEPTH_BBO events imported as depth updates");
  });

  it("gives the same market for a correct_event_order file as for the uncorrected one", async () => {
    const t = (us: number) => T0 + BigInt(us) * 1_000n;
    // A (exch 0, local 50) and B (exch 10, local 20): local order B, A differs from exchange order A, B.
    const a = { px: 100, qty: 1, ev: 1 | BUY };
    const b = { px: 101, qty: 2, ev: 1 | SELL };
    const uncorrected = v2Npz("uncorrected.npz", [
      { ...a, ev: a.ev | EXCH | LOCAL, exch: t(0), local: t(50) },
      { ...b, ev: b.ev | EXCH | LOCAL, exch: t(10), local: t(20) },
    ]);
    // what correct_event_order writes: A exch-only, B both, A local-only
    const corrected = v2Npz("corrected.npz", [
      { ...a, ev: a.ev | EXCH, exch: t(0), local: t(50) },
      { ...b, ev: b.ev | EXCH | LOCAL, exch: t(10), local: t(20) },
      { ...a, ev: a.ev | LOCAL, exch: t(0), local: t(50) },
    ]);
    const u = await importAll([uncorrected]);
    const c = await importAll([corrected]);
    expectSameEvents(c.cols, u.cols);
    expect(c.cols.length).toBe(2);
    expect(c.report.notes.join("\n")).toContain("1 local-only rows dropped");
  });

  it("rejects an unknown event kind, naming file, row and field", async () => {
    const file = v2Npz("unknown-kind.npz", [
      { ev: 1 | EXCH | LOCAL | BUY, exch: T0, local: T0 + 5n, px: 1, qty: 1 },
      { ev: 7 | EXCH | LOCAL, exch: T0 + 1n, local: T0 + 6n, px: 1, qty: 1 },
    ]);
    const err = await importAll([file]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    expect((err as DataError).file).toBe(file);
    expect((err as DataError).row).toBe(1);
    expect((err as DataError).field).toBe("ev");
    expect((err as DataError).message).toMatch(/unknown event kind 7/);
  });

  it("rejects exchange rows out of exch_ts order", async () => {
    const file = v2Npz("unordered.npz", [
      { ev: 1 | EXCH | LOCAL | BUY, exch: T0 + 10n, local: T0 + 15n, px: 1, qty: 1 },
      { ev: 1 | EXCH | LOCAL | BUY, exch: T0, local: T0 + 16n, px: 1, qty: 1 },
    ]);
    await expect(importAll([file])).rejects.toThrow(/row 1: exch_ts: exchange timestamps out of order/);
  });

  it("rejects a dtype that is not hftbacktest's", async () => {
    const file = path.join(dir, "bad-dtype.npz");
    const data = npy("[('ev', '<u8'), ('exch_ts', '<i8')]", "(1,)", new Uint8Array(16));
    fs.writeFileSync(file, storedZip(data));
    await expect(importAll([file])).rejects.toThrow(/descr: not hftbacktest's event dtype/);
  });

  it("rejects a truncated .npz and a corrupt entry", async () => {
    const full = path.join(dir, "full.npz");
    await writeHftbacktestNpz(full, [makeEvents(3_000)]);
    const bytes = fs.readFileSync(full);
    const cut = path.join(dir, "cut.npz");
    fs.writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const err = await importAll([cut]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    expect((err as Error).message).toMatch(/cut\.npz: truncated or corrupt \.npz/);

    const flipped = Buffer.from(bytes);
    flipped[Math.floor(bytes.length / 2)] ^= 0xff; // inside the deflate stream
    const bad = path.join(dir, "flipped.npz");
    fs.writeFileSync(bad, flipped);
    await expect(importAll([bad])).rejects.toThrow(DataError);
  });

  it("rejects a .npy whose data stops inside a row, naming the row", async () => {
    const rows = [0, 1, 2].map((i) => ({ ev: 1 | EXCH | LOCAL | BUY, exch: T0 + BigInt(i), local: T0 + 9n, px: 1, qty: 1 }));
    const file = path.join(dir, "short.npy");
    const full = v2Npy(rows);
    fs.writeFileSync(file, full.subarray(0, full.length - 10));
    const err = await importAll([file]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    expect((err as DataError).row).toBe(2);
    expect((err as Error).message).toMatch(/truncated/);
  });

  it("reads a bare .npy and needs --symbol, --tick and --lot", async () => {
    const file = path.join(dir, "bare.npy");
    fs.writeFileSync(file, v2Npy([{ ev: 2 | EXCH | LOCAL | BUY, exch: T0, local: T0 + 1n, px: 5, qty: 1 }]));
    const { cols } = await importAll([file]);
    expect(Array.from(cols.kind)).toEqual([EventKind.TRADE]);
    await expect(hftbacktestImporter.open([file], { symbol: "X", lotSize: 1 })).rejects.toThrow(MmlabError);
    await expect(hftbacktestImporter.open([file], { symbol: "X", lotSize: 1 })).rejects.toThrow(/--tick required/);
    await expect(hftbacktestImporter.open([file], { tickSize: 1, lotSize: 1 })).rejects.toThrow(/--symbol required/);
    await expect(hftbacktestImporter.open([file], { ...OPTS, tickSize: -1 })).rejects.toThrow(/--tick must be a positive number/);
  });
});

describe(".npy streaming", () => {
  it("re-frames rows across arbitrary, misaligned chunk boundaries", async () => {
    const rows = Array.from({ length: 50 }, (_, i) => ({ ev: 1 | EXCH | LOCAL | BUY, exch: T0 + BigInt(i), local: T0 + 9n, px: i, qty: 1 }));
    const file = v2Npy(rows);
    const sizes = [1, 7, 63, 64, 65, 130, 3];
    async function* chunks(): AsyncGenerator<Uint8Array> {
      for (let at = 0, k = 0; at < file.length; k++) {
        const n = Math.min(sizes[k % sizes.length], file.length - at);
        const holder = new Uint8Array(n + 1); // the chunk starts at an odd offset
        holder.set(file.subarray(at, at + n), 1);
        yield holder.subarray(1);
        at += n;
      }
    }
    const stream = await openNpyStream(chunks(), "chunked.npy");
    expect(stream.header.shape).toEqual([50]);
    const seen: bigint[] = [];
    const prices: number[] = [];
    for await (const block of stream.blocks()) {
      expect(block.bytes.byteOffset % 8).toBe(0);
      const t = bigInt64View(block.bytes);
      const f = float64View(block.bytes);
      for (let r = 0; r < block.rows; r++) {
        expect(block.firstRow + r).toBe(seen.length);
        seen.push(t[r * 8 + 1]);
        prices.push(f[r * 8 + 3]);
      }
    }
    expect(seen).toEqual(rows.map((r) => r.exch));
    expect(prices).toEqual(rows.map((r) => r.px));
  });
});

describe("hftbacktest importer, 1.x float64 arrays", () => {
  const us = 1_700_000_000_000_000; // epoch µs

  it("converts µs timestamps, kinds and sides", async () => {
    const file = v1Npz("v1.npz", [
      [4, us, us + 5, 1, 100.5, 3],
      [1, us + 1, us + 6, -1, 100.7, 0],
      [2, us + 2, us + 7, 1, 100.7, 0.25],
      [3, us + 3, us + 8, 0, 0, 0],
    ]);
    const { cols, report } = await importAll([file]);
    expect(Array.from(cols.kind)).toEqual([EventKind.SNAPSHOT, EventKind.DEPTH, EventKind.TRADE, EventKind.DEPTH_CLEAR]);
    expect(Array.from(cols.side)).toEqual([1, -1, 1, 0]);
    expect(cols.exchTs[0]).toBe(1_700_000_000_000_000_000n);
    expect(cols.localTs[2]).toBe(1_700_000_000_000_007_000n);
    expect(Array.from(cols.price)).toEqual([100.5, 100.7, 100.7, 0]);
    expect(report.notes.join("\n")).toContain("epoch microseconds");
  });

  it("rejoins 1.x corrected rows: exchange-only (local -1) takes the local time of its later local-only copy", async () => {
    // original rows: X (exch 10, local 30), Y (exch 5, local 40): exch order broken at Y.
    // 1.x correct_exch_timestamp writes: Y exch-only (local -1), X, Y local-only (exch -1).
    const corrected = v1Npz("v1-corrected.npz", [
      [1, us + 5, -1, 1, 100, 1],
      [1, us + 10, us + 30, -1, 101, 2],
      [1, -1, us + 40, 1, 100, 1],
    ]);
    const { cols, report } = await importAll([corrected]);
    expect(cols.length).toBe(2);
    expect(Array.from(cols.exchTs)).toEqual([1_700_000_000_000_005_000n, 1_700_000_000_000_010_000n]);
    expect(Array.from(cols.localTs)).toEqual([1_700_000_000_000_040_000n, 1_700_000_000_000_030_000n]);
    expect(Array.from(cols.price)).toEqual([100, 101]);
    expect(report.notes.join("\n")).toContain("1 exchange-only rows took their local timestamp");
  });

  it("fails on an exchange-only row whose local copy never comes", async () => {
    const file = v1Npz("v1-orphan.npz", [
      [1, us + 5, us + 9, 1, 100, 1],
      [1, us + 6, -1, 1, 100, 1],
    ]);
    await expect(importAll([file])).rejects.toThrow(/row 1: local_ts: exchange-only row/);
  });

  it("rejects a wrong column count, an unknown event and an unknown time unit", async () => {
    const five = v1Npz("v1-five.npz", [[1, us, us, 1, 100]], 5);
    await expect(importAll([five])).rejects.toThrow(/shape: expected 6 columns/);
    const unknown = v1Npz("v1-unknown.npz", [
      [1, us, us + 1, 1, 100, 1],
      [9, us + 1, us + 2, 1, 100, 1],
    ]);
    await expect(importAll([unknown])).rejects.toThrow(/row 1: event: unknown event kind 9/);
    const ms = v1Npz("v1-ms.npz", [[1, 1_700_000_000_000, 1_700_000_000_001, 1, 100, 1]]);
    await expect(importAll([ms])).rejects.toThrow(/exch_timestamp: cannot tell the unit/);
  });
});
