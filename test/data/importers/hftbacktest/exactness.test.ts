/**
 * The hftbacktest readers (the importer for convert, and the direct read a backtest makes through
 * openMarketData) against a straightforward reference decoding written here: node:zlib's
 * one-shot inflate, a DataView per field, a BigInt per timestamp (1.x: `BigInt(Math.round(ns))`,
 * `BigInt(⌊µs⌋)·1000 + round(frac·1000)`), hftbacktest's row rules (EXCH/LOCAL flags, exchange-only
 * rows taking their local-only twin's time), stored as an int64 column stores (BigInt.asIntN).
 * Every event must be the same to the bit, on the real samples (../shared/data, converted to
 * `.npz` by the exporter and to 1.x arrays here) and on edge cases: timestamps around 2^32, 2^53
 * and the ends of the int64 range, negative ones, 1.x values that overflow int64.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { inflateRawSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { npy, storedZip, v2Npy, type V2Row } from "../../../support/npzFixtures.ts";
import { toEventBatch } from "../../../../src/data/batch.ts";
import { writeEvents } from "../../../../src/data/exporters/index.ts";
import { hftbacktestImporter, openHftbacktestFile } from "../../../../src/data/importers/hftbacktest/hftbacktest.ts";
import { entryBytes, entryDataStart, listZipEntries } from "../../../../src/data/importers/hftbacktest/npz.ts";
import { importerFor } from "../../../../src/data/importers/index.ts";
import { importMetadata } from "../../../../src/data/importers/importOutput.ts";
import type { ImportOptions } from "../../../../src/data/importers/importer.ts";
import { openMarketData } from "../../../../src/data/sources/fileData.ts";
import { allocEventColumns, concatEventColumns, EVENT_KIND_NAMES, type EventBatch, type EventColumns } from "../../../../src/data/schema.ts";
import { describeWithSharedData, sample } from "../../../support/sharedData.ts";

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "mmlab-hbt-exact-"));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

// ---- the reference decoding ----

const EXCH = 0x8000_0000;
const LOCAL = 0x4000_0000;
const BUY = 0x2000_0000;
const SELL = 0x1000_0000;
/** hftbacktest kind (ev & 0xff) → mmlab kind (types.rs; BBO as depth). */
const V2_KINDS: Record<number, number> = { 1: 1, 2: 2, 3: 3, 4: 4, 5: 1, 10: 5, 11: 6, 12: 7, 13: 8 };

interface RefEvent {
  exch: bigint;
  local: bigint;
  kind: number;
  side: number;
  price: number;
  qty: number;
  orderId: bigint;
}

/** The `.npy` bytes of an archive's `data` array (or of a bare `.npy`). */
function arrayBytes(file: string): Buffer {
  const bytes = fs.readFileSync(file);
  if (bytes.readUInt32LE(0) !== 0x04034b50) return bytes;
  const eocd = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let at = bytes.readUInt32LE(eocd + 16);
  for (;;) {
    const nameLength = bytes.readUInt16LE(at + 28);
    const name = bytes.toString("utf8", at + 46, at + 46 + nameLength);
    if (name === "data.npy") {
      const local = bytes.readUInt32LE(at + 42);
      const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
      const data = bytes.subarray(start, start + bytes.readUInt32LE(at + 20));
      return bytes.readUInt16LE(at + 10) === 8 ? inflateRawSync(data) : data;
    }
    at += 46 + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
  }
}

/** The reference events of a file, or the reference error message (hftbacktest's rules, BigInt per value). */
function reference(file: string): { events: RefEvent[]; error?: string } {
  const npy = arrayBytes(file);
  const headerLength = npy.readUInt16LE(8);
  const header = npy.toString("latin1", 10, 10 + headerLength);
  const view = new DataView(npy.buffer, npy.byteOffset + 10 + headerLength);
  const rows = Number(/'shape': \((\d+),/.exec(header)![1]);
  const v1 = header.includes("'descr': '<f8'");
  const events: RefEvent[] = [];
  const queue: { e: RefEvent; waiting: boolean; row: number }[] = [];
  const twins = new Map<string, { e: RefEvent; waiting: boolean }[]>();
  let last: bigint | undefined;
  let lastRow = -1;
  let unit: "ns" | "us" | undefined;
  const key = (e: RefEvent) => `${e.kind}|${e.side}|${e.price}|${e.qty}|${e.orderId}`;
  const ns = (v: number): bigint => {
    unit ??= v >= 1e17 ? "ns" : "us";
    return unit === "ns" ? BigInt(Math.round(v)) : BigInt(Math.floor(v)) * 1000n + BigInt(Math.round((v - Math.floor(v)) * 1000));
  };
  const exchangeRow = (row: number, e: RefEvent, waiting: boolean): string | undefined => {
    if (last !== undefined && e.exch < last) return `${file}: row ${row}: exch_ts: exchange timestamps out of order: ${e.exch} < ${last} (${file} row ${lastRow})`;
    last = e.exch;
    lastRow = row;
    if (!waiting && queue.length === 0) events.push(e);
    else {
      const entry = { e, waiting, row };
      queue.push(entry);
      if (waiting) twins.set(key(e), [...(twins.get(key(e)) ?? []), entry]);
    }
    return undefined;
  };
  for (let r = 0; r < rows; r++) {
    let e: RefEvent;
    let exchValid: boolean;
    let localValid: boolean;
    let bothFlagged = false;
    if (v1) {
      const f = (k: number) => view.getFloat64((r * 6 + k) * 8, true);
      e = { exch: 0n, local: 0n, kind: f(0), side: f(3), price: clearValue(f(0), f(4)), qty: clearValue(f(0), f(5)), orderId: 0n };
      exchValid = f(1) > 0;
      localValid = f(2) > 0;
      if (exchValid) e.exch = ns(f(1));
      if (localValid) e.local = ns(f(2));
    } else {
      const o = r * 64;
      const ev = view.getUint32(o, true);
      const kind = V2_KINDS[ev & 0xff];
      const px = view.getFloat64(o + 24, true);
      const qty = view.getFloat64(o + 32, true);
      e = {
        exch: view.getBigInt64(o + 8, true),
        local: view.getBigInt64(o + 16, true),
        kind,
        side: ev & BUY ? 1 : ev & SELL ? -1 : 0,
        price: clearValue(kind, px),
        qty: clearValue(kind, qty),
        orderId: view.getBigUint64(o + 40, true),
      };
      exchValid = (ev & EXCH) !== 0;
      localValid = (ev & LOCAL) !== 0;
      bothFlagged = exchValid && e.local > 0n;
    }
    if (exchValid) {
      const error = exchangeRow(r, e, !(localValid || bothFlagged));
      if (error !== undefined) return { events, error };
    } else if (localValid) {
      const waiting = twins.get(key(e))?.shift();
      if (waiting !== undefined) {
        waiting.e.local = e.local;
        waiting.waiting = false;
        while (queue.length > 0 && !queue[0].waiting) events.push(queue.shift()!.e);
      }
    }
  }
  const orphan = queue.find((q) => q.waiting);
  if (orphan !== undefined) return { events, error: `${file}: row ${orphan.row}: local_ts: exchange-only row` };
  return { events };
}

/** A clear's price and size are informational: 0 unless a finite number ≥ 0. */
function clearValue(kind: number, value: number): number {
  return kind === 3 && !(value >= 0 && value < Infinity) ? 0 : value;
}

/** The reference events as file-schema columns (an int64 column wraps what it is given). */
function referenceColumns(events: RefEvent[]): EventColumns {
  const c = allocEventColumns(events.length);
  events.forEach((e, i) => {
    c.exchTs[i] = BigInt.asIntN(64, e.exch);
    c.localTs[i] = BigInt.asIntN(64, e.local);
    c.kind[i] = e.kind;
    c.side[i] = e.side;
    c.price[i] = e.price;
    c.qty[i] = e.qty;
    c.orderId[i] = e.orderId;
  });
  c.length = events.length;
  return c;
}

// ---- the code under test ----

async function viaImporter(file: string, options: ImportOptions) {
  const imported = await hftbacktestImporter.open([file], options);
  const parts: EventColumns[] = [];
  for await (const b of imported.batches) parts.push(b);
  return { columns: concatEventColumns(parts), report: imported.report };
}

async function* wholeFile(file: string): AsyncGenerator<Uint8Array> {
  const bytes = fs.readFileSync(file);
  for (let at = 0; at < bytes.length; at += 4093) yield new Uint8Array(bytes.subarray(at, at + 4093)); // odd-sized chunks
}

/** The direct read a backtest makes: the engine's batches. */
async function viaDirectRead(file: string, options: ImportOptions): Promise<EventBatch[]> {
  const opened = await openHftbacktestFile(file, options);
  const batches: EventBatch[] = [];
  for await (const b of opened.events(wholeFile(file)).batches) batches.push(b);
  return batches;
}

/** The engine's batches toEventBatch makes of `columns` cut into batches of `rows`, relative to the first event. */
/** EventBatch.plainLocalTimes of market rows, written plainly: local times never go back nor before exch_ts. */
function plainLocalTimes(b: EventBatch): boolean {
  for (let i = 0; i < b.length; i++) {
    if (b.localTsNs[i] < b.exchTsNs[i] || (i > 0 && b.localTsNs[i] < b.localTsNs[i - 1])) return false;
  }
  return true;
}

function referenceBatches(columns: EventColumns, rows: number, tickSize: number): EventBatch[] {
  const out: EventBatch[] = [];
  for (let at = 0; at < columns.length; at += rows) {
    const n = Math.min(rows, columns.length - at);
    const part: EventColumns = {
      length: n,
      exchTs: columns.exchTs.subarray(at, at + n),
      localTs: columns.localTs.subarray(at, at + n),
      kind: columns.kind.subarray(at, at + n),
      side: columns.side.subarray(at, at + n),
      price: columns.price.subarray(at, at + n),
      qty: columns.qty.subarray(at, at + n),
      orderId: columns.orderId.subarray(at, at + n),
    };
    const batch = toEventBatch(part, columns.exchTs[0], tickSize);
    // marked as toCheckedEventBatch marks an event file's batch (every hftbacktest row is market data)
    batch.plainLocalTimes = plainLocalTimes(batch);
    out.push(batch);
  }
  return out;
}

async function viaMarketData(file: string, options: ImportOptions): Promise<{ batches: EventBatch[]; originNs: bigint }> {
  const data = await openMarketData(file, { name: options.symbol!, tick_size: options.tickSize!, lot_size: options.lotSize! });
  const batches: EventBatch[] = [];
  for await (const b of data.batches()) batches.push(b);
  return { batches, originNs: data.originNs };
}

/** The rows of `view` (a typed array holding at least `rows` values), as bytes. */
function rowBytes(view: ArrayBufferView & { BYTES_PER_ELEMENT: number }, rows: number): Buffer {
  return Buffer.from(view.buffer, view.byteOffset, rows * view.BYTES_PER_ELEMENT);
}

/** The first row (-1: none) where two columns of `rows` rows differ, to the bit. */
function firstDifference(a: ArrayBufferView & { BYTES_PER_ELEMENT: number }, b: ArrayBufferView & { BYTES_PER_ELEMENT: number }, rows: number): number {
  const x = rowBytes(a, rows);
  const y = rowBytes(b, rows);
  if (x.equals(y)) return -1;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return Math.floor(i / a.BYTES_PER_ELEMENT);
  return -1;
}

function expectSameColumns(actual: EventColumns, expected: EventColumns): void {
  expect(actual.length).toBe(expected.length);
  for (const name of ["exchTs", "localTs", "kind", "side", "price", "qty", "orderId"] as const) {
    expect(firstDifference(actual[name], expected[name], expected.length), `${name}: first row that differs`).toBe(-1);
  }
}

function expectSameBatches(actual: EventBatch[], expected: EventBatch[]): void {
  expect(actual.map((b) => [b.length, b.plainLocalTimes])).toEqual(expected.map((b) => [b.length, b.plainLocalTimes]));
  actual.forEach((b, i) => {
    for (const name of ["exchTsNs", "localTsNs", "kind", "side", "priceTicks", "qty", "orderId"] as const) {
      expect(firstDifference(b[name], expected[i][name], b.length), `batch ${i} ${name}: first row that differs`).toBe(-1);
    }
  });
}

/** Every reader gives the reference's events, to the bit; the engine's batches are those of the reference's. */
async function expectExact(file: string, options: ImportOptions): Promise<RefEvent[]> {
  const ref = reference(file);
  expect(ref.error, ref.error).toBeUndefined();
  const expected = referenceColumns(ref.events);
  const imported = await viaImporter(file, options);
  expectSameColumns(imported.columns, expected);
  expect(imported.report.events).toBe(ref.events.length);
  expect(imported.report.firstExchTs).toBe(ref.events[0].exch.toString());
  expect(imported.report.lastExchTs).toBe(ref.events[ref.events.length - 1].exch.toString());
  const byKind: Record<string, number> = {};
  for (const e of ref.events) byKind[EVENT_KIND_NAMES[e.kind]] = (byKind[EVENT_KIND_NAMES[e.kind]] ?? 0) + 1;
  expect(imported.report.eventsByKind).toEqual(byKind);
  // a backtest's read: the engine's batches of the importer's batches (65,536 rows), and of smaller
  // ones, which end inside blocks and inside the direct lane's runs
  expectSameBatches(await viaDirectRead(file, options), referenceBatches(expected, 65_536, options.tickSize!));
  const rows = expected.length > 10_000 ? 4_099 : 3;
  expectSameBatches(await viaDirectRead(file, { ...options, batchRows: rows }), referenceBatches(expected, rows, options.tickSize!));
  const data = await viaMarketData(file, options);
  expect(data.originNs).toBe(expected.exchTs[0]);
  expectSameBatches(data.batches, referenceBatches(expected, 65_536, options.tickSize!));
  return ref.events;
}

/** The reference's error, and the same message from every reader. */
async function expectSameError(file: string, options: ImportOptions, pattern: RegExp): Promise<void> {
  const ref = reference(file);
  expect(ref.error).toMatch(pattern);
  const message = (p: Promise<unknown>) => p.then(() => "no error", (e: Error) => e.message);
  const imported = await message(viaImporter(file, options));
  expect(imported.startsWith(ref.error!)).toBe(true);
  expect(await message(viaDirectRead(file, options))).toBe(imported);
  expect(await message(viaMarketData(file, options))).toBe(imported);
}

// ---- writers of hand-made files ----

function v2File(name: string, rows: V2Row[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, storedZip(v2Npy(rows)));
  return file;
}

function v1File(name: string, rows: number[][]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, npy("'<f8'", `(${rows.length}, 6)`, new Uint8Array(new Float64Array(rows.flat()).buffer)));
  return file;
}

const EDGE: ImportOptions = { symbol: "X", tickSize: 0.5, lotSize: 1 };

// ---- the tests ----

describe("hftbacktest readers against the reference decoding: edge cases", () => {
  it("2.x: int64 timestamps around 2^31, 2^32, 2^53 and both ends of the range, negative ones, uint64 order ids", async () => {
    const ladder = [
      -(2n ** 63n),
      -(2n ** 53n) - 1n,
      -(2n ** 32n),
      -1n,
      0n,
      1n,
      0x7fff_ffffn,
      0x8000_0000n,
      0xffff_ffffn,
      2n ** 32n,
      0x1_7fff_ffffn,
      0x1_8000_0000n,
      2n ** 53n - 1n,
      2n ** 53n,
      2n ** 53n + 1n,
      1_700_000_000_123_456_789n,
      2n ** 63n - 2n,
      2n ** 63n - 1n,
    ];
    const ids = [0n, 1n, 2n ** 31n, 2n ** 32n - 1n, 2n ** 32n, 2n ** 53n + 1n, 2n ** 64n - 1n];
    const rows: V2Row[] = [];
    ladder.forEach((t, i) => {
      const oid = ids[i % ids.length];
      const kind = [1, 2, 4, 10, 11, 12, 13, 5][i % 8];
      const side = i % 3 === 0 ? BUY : i % 3 === 1 ? SELL : 0;
      // both flags, local times anywhere (a LOCAL flag makes any local_ts valid)
      rows.push({ ev: kind | side | EXCH | LOCAL, exch: t, local: ladder[(i * 7) % ladder.length], px: 100 + i * 0.5, qty: i + 1, oid });
      // exchange-only with a valid (> 0) local_ts: an event as it is
      rows.push({ ev: 1 | BUY | EXCH, exch: t, local: 2n ** 62n + BigInt(i), px: 99.5, qty: 2, oid });
      // a local-only duplicate (dropped) and a row with no flag (skipped)
      rows.push({ ev: 1 | BUY | LOCAL, exch: t, local: t, px: 99.5, qty: 2, oid });
      rows.push({ ev: 2 | SELL, exch: -5n, local: -5n, px: 1, qty: 1 });
      if (i % 4 === 2) {
        // exchange-only without a valid local_ts: waits for its later local-only twin
        rows.push({ ev: 13 | SELL | EXCH, exch: t, local: -1000n, px: 101, qty: 3, oid: 2n ** 64n - 2n });
        rows.push({ ev: 1 | SELL | EXCH | LOCAL, exch: t, local: 5n, px: 102, qty: 4 }); // waits behind it
        rows.push({ ev: 13 | SELL | LOCAL, exch: 0n, local: 2n ** 63n - 1n - BigInt(i), px: 101, qty: 3, oid: 2n ** 64n - 2n });
      }
      rows.push({ ev: 3 | (i % 2 ? BUY : SELL) | EXCH | LOCAL, exch: t, local: t, px: Number.NaN, qty: 0 }); // a clear, px NaN
    });
    const file = v2File("ladder.npz", rows);
    const events = await expectExact(file, EDGE);
    // the reference itself: each rung's three events, and two more where an exchange-only row waits for its twin
    expect(events.length).toBe(ladder.length * 3 + 2 * ladder.filter((_, i) => i % 4 === 2).length);
    expect(events.map((e) => e.orderId)).toContain(2n ** 64n - 1n);
  });

  it("2.x: out of order where only the low word's top bit tells (0x1_8000_0000 then 0x1_7FFF_FFFF): the same error", async () => {
    const file = v2File("unordered-low.npz", [
      { ev: 1 | BUY | EXCH | LOCAL, exch: 0x1_8000_0000n, local: 1n, px: 1, qty: 1 },
      { ev: 1 | BUY | EXCH | LOCAL, exch: 0x1_7fff_ffffn, local: 1n, px: 1, qty: 1 },
    ]);
    await expectSameError(file, EDGE, /out of order: 6442450943 < 6442450944/);
    const negative = v2File("unordered-negative.npz", [
      { ev: 1 | BUY | EXCH | LOCAL, exch: -1n, local: 1n, px: 1, qty: 1 },
      { ev: 1 | BUY | EXCH | LOCAL, exch: -(2n ** 63n), local: 1n, px: 1, qty: 1 },
    ]);
    await expectSameError(negative, EDGE, /out of order: -9223372036854775808 < -1/);
  });

  it("1.x µs: fractions, values around 2^53 µs, and values whose ns overflow int64 (stored wrapped, ordered unwrapped)", async () => {
    const us = [1e14, 1e14 + 0.015625, 1.7e15 + 0.25, 1.7e15 + 0.75, 2 ** 53 - 1, 2 ** 53, 2 ** 53 + 2, 9.2e15, 2 ** 63 / 1000 + 512, 9.3e15, 5e16, 1e17 - 16];
    const rows = us.flatMap((t, i) => [
      [i % 4 === 2 ? 3 : (i % 4) + 1, t, t + (i % 2) * 0.5, i % 4 === 2 ? 0 : i % 2 ? 1 : -1, i % 4 === 2 ? Number.NaN : 100 + i, i],
      [1, -1, t, 1, 50, 1], // a local-only duplicate
      [2, -1, -1, -1, 50, 1], // valid on neither side
    ]);
    // exchange-only (local -1) taking its time from the local-only copy that follows
    rows.push([2, 1e17 - 16, -1, 1, 60, 2], [1, 1e17 - 16, 1e17 - 48, -1, 61, 3], [2, -1, 1e17 - 32, 1, 60, 2]);
    const events = await expectExact(v1File("v1-us.npy", rows), EDGE);
    expect(events.some((e) => e.exch >= 2n ** 63n)).toBe(true); // some wrap when stored
  });

  it("1.x ns: from 1e17 to beyond 2^64 (wrapped as an int64 column wraps), exchange-only rows and twins", async () => {
    const ns = [1e17, 2 ** 57, 2 ** 63 - 1024, 2 ** 63, 1e19, 1.8e19, 2 ** 64, 2 ** 64 + 2 ** 12, 1e21, 1e300];
    const rows = ns.flatMap((t, i) => [
      [(i % 4) + 1, t, t, i % 3 === 0 ? 1 : i % 3 === 1 ? -1 : 0, (i % 4) + 1 === 3 ? 0 : 10 + i, i + 1],
      [1, t, -1, 1, 20, 1], // exchange-only
      [1, -1, t * 2, 1, 20, 1], // its local-only twin
    ]);
    await expectExact(v1File("v1-ns.npy", rows), EDGE);
  });

  it("1.x: out of order before wrapping (1e19 then 9e18 ns): the same error", async () => {
    const file = v1File("v1-unordered.npy", [
      [1, 1e19, 1e19, 1, 10, 1],
      [1, 9e18, 9e18, 1, 10, 1],
    ]);
    await expectSameError(file, EDGE, /out of order: 9000000000000000000 < 10000000000000000000/);
  });

  it("errors the direct lane leaves to the row-by-row path: the same message from every reader", async () => {
    const t = 1_700_000_000_000_000_000n;
    const rows = (bad: V2Row) => [...Array.from({ length: 20 }, (_, i) => ({ ev: 1 | BUY | EXCH | LOCAL, exch: t + BigInt(i), local: t + 9n, px: 10, qty: 1 })), bad];
    const offGrid = v2File("off-grid.npz", rows({ ev: 1 | BUY | EXCH | LOCAL, exch: t + 30n, local: t + 31n, px: 10.25, qty: 1 }));
    await expectOneMessage(offGrid, /row 20: price: price 10.25 is not on the tick grid of 0.5/);
    const badKind = v2File("bad-kind.npz", rows({ ev: 7 | EXCH | LOCAL, exch: t + 30n, local: t + 31n, px: 10, qty: 1 }));
    await expectOneMessage(badKind, /row 20: ev: unknown event kind 7/);
    const v1Unit = v1File("v1-unit.npy", [...Array.from({ length: 20 }, (_, i) => [1, 1.7e15 + i, 1.7e15 + i, 1, 10, 1]), [1, 1.7e15 + 30, 1.7e18, 1, 10, 1]]);
    await expectOneMessage(v1Unit, /row 20: local_timestamp: 1700000000000000000 is not epoch microseconds/);
  });
});

describe("a price beyond the engine's tick range (±2^31 ticks)", () => {
  /** The error of the importer's batches converted one by one, as a backtest read them before (toEventBatch). */
  async function convertedError(file: string, options: ImportOptions): Promise<string> {
    const imported = await hftbacktestImporter.open([file], options);
    let origin: bigint | undefined;
    try {
      for await (const b of imported.batches) {
        origin ??= b.exchTs[0];
        toEventBatch(b, origin, options.tickSize!);
      }
      return "no error";
    } catch (err) {
      return (err as Error).message;
    }
  }
  const message = (p: Promise<unknown>) => p.then(() => "no error", (e: Error) => e.message);
  const t = 1_700_000_000_000_000_000n;
  const row = (i: number, px: number): V2Row => ({ ev: 1 | BUY | EXCH | LOCAL, exch: t + BigInt(i), local: t + BigInt(i) + 5n, px, qty: 1 });

  it("is the batch's error when it is handed on (its first such row), from the row-by-row path and the direct lane", async () => {
    for (const [name, big] of [["first-row", 0], ["lane", 6]] as const) {
      const file = v2File(`ticks-${name}.npz`, Array.from({ length: 10 }, (_, i) => row(i, i === big || i === 8 ? 2e9 : 100)));
      const expected = await convertedError(file, { ...EDGE, batchRows: 4 });
      expect(expected).toBe(`event ${big % 4}: price of 4000000000 ticks is outside the supported range (±2^31 ticks); use a coarser tick size`);
      expect(await message(viaDirectRead(file, { ...EDGE, batchRows: 4 }))).toBe(expected);
      expect(await message(viaMarketData(file, EDGE))).toBe(await convertedError(file, EDGE));
    }
  });

  it("comes after an error of a row decoded before the batch is handed on (a later batch of the same block)", async () => {
    const rows = Array.from({ length: 10 }, (_, i) => row(i, i === 2 ? 2e9 : i === 5 ? 100.25 : 100));
    const file = v2File("ticks-then-grid.npz", rows);
    const expected = await convertedError(file, { ...EDGE, batchRows: 4 });
    expect(expected).toMatch(/row 5: price: price 100.25 is not on the tick grid/);
    expect(await message(viaDirectRead(file, { ...EDGE, batchRows: 4 }))).toBe(expected);
  });
});

/** One error message, the same from every reader. */
async function expectOneMessage(file: string, pattern: RegExp): Promise<void> {
  const message = (p: Promise<unknown>) => p.then(() => "no error", (e: Error) => e.message);
  const imported = await message(viaImporter(file, EDGE));
  expect(imported).toMatch(pattern);
  expect(await message(viaDirectRead(file, EDGE))).toBe(imported);
  expect(await message(viaMarketData(file, EDGE))).toBe(imported);
}

describeWithSharedData("hftbacktest readers against the reference decoding: the real samples", () => {
  /** Events of a sample, written by the exporter as an hftbacktest .npz (2.x), and as 1.x arrays (µs, ns). */
  async function samples(name: string, format: string, inputs: string[], options: ImportOptions = {}) {
    const imported = await importerFor(format).open(inputs, options);
    const parts: EventColumns[] = [];
    for await (const b of imported.batches) parts.push(b);
    const events = concatEventColumns(parts);
    const npz = path.join(dir, `${name}.npz`);
    await writeEvents(npz, imported.meta, [events], importMetadata(imported));
    const v1 = (unit: "us" | "ns") => {
      const rows: number[][] = [];
      for (let i = 0; i < events.length; i++) {
        if (events.kind[i] > 4) continue; // 1.x has depth, trades, clears and snapshots only
        const d = unit === "us" ? 1000 : 1;
        rows.push([events.kind[i], Number(events.exchTs[i]) / d, Number(events.localTs[i]) / d, events.side[i], events.price[i], events.qty[i]]);
      }
      return v1File(`${name}-v1${unit}.npy`, rows);
    };
    const meta = imported.meta;
    return { npz, v1us: v1("us"), v1ns: v1("ns"), options: { symbol: meta.symbol, tickSize: meta.tickSize, lotSize: imported.sizeGrid ?? meta.lotSize }, npzOptions: { symbol: meta.symbol, tickSize: meta.tickSize, lotSize: meta.lotSize } };
  }

  it("the Binance spot capture (320,000 events, two record batches' worth of splits and several engine batches)", async () => {
    const s = await samples("binance", "binance", [sample("binance-spot-btcusdt/btcusdt_20240808.gz"), sample("binance-spot-btcusdt/btcusdt_20240809.gz")]);
    expect((await expectExact(s.npz, s.npzOptions)).length).toBe(320_000);
    await expectExact(s.v1us, s.options);
    await expectExact(s.v1ns, s.options);
  }, 180_000);

  it("LOBSTER AMZN and the Databento MBO sample (L3 events, order ids)", async () => {
    const lobster = await samples("lobster", "lobster", [
      sample("lobster-amzn-l5/AMZN_2012-06-21_34200000_57600000_message_5_subset.csv"),
      sample("lobster-amzn-l5/AMZN_2012-06-21_34200000_57600000_orderbook_5_subset.csv"),
    ]);
    await expectExact(lobster.npz, lobster.npzOptions);
    await expectExact(lobster.v1us, lobster.options);
    const mbo = await samples("mbo", "databento", [sample("databento/orderbooks_mbo_2024-05-08T00-00-00_2024-05-08T00-00-02.dbn.zst"), sample("databento/orderbooks_definition.dbn.zst")]);
    const events = await expectExact(mbo.npz, mbo.npzOptions);
    expect(events.some((e) => e.orderId > 0n)).toBe(true);
    await expectExact(mbo.v1ns, mbo.options);
  }, 180_000);

  it("a deflated array: node:zlib's inflate gives the one-shot inflate's bytes; corrupt data is a DataError naming the entry", async () => {
    const s = await samples("binance-inflate", "binance", [sample("binance-spot-btcusdt/btcusdt_20240808.gz"), sample("binance-spot-btcusdt/btcusdt_20240809.gz")]);
    const [entry] = (await listZipEntries(s.npz)).filter((e) => e.name === "data.npy");
    expect(entry.method).toBe(8);
    const start = await entryDataStart(s.npz, entry);
    const compressed = (bytes: Buffer) => (async function* () {
      for (let at = 0; at < entry.compressedSize; at += 65_521) yield new Uint8Array(bytes.subarray(start + at, start + Math.min(at + 65_521, entry.compressedSize)));
    })();
    const digest = async (chunks: AsyncIterable<Uint8Array>) => {
      const h = createHash("sha256");
      let n = 0;
      for await (const chunk of chunks) {
        h.update(chunk);
        n += chunk.length;
      }
      return `${n} ${h.digest("hex")}`;
    };
    const bytes = fs.readFileSync(s.npz);
    const message = (p: Promise<unknown>) => p.then(() => "no error", (e: Error) => e.message);
    const where = `${s.npz}:data.npy: truncated or corrupt .npz`;
    const flipped = Buffer.from(bytes);
    flipped[start + 1000] ^= 0x55;
    // inflated on this thread and in a worker thread (inflateWorker.ts): the same bytes, the same errors
    for (const worker of [false, true]) {
      const read = (e: typeof entry, chunks: AsyncIterable<Uint8Array>) => digest(entryBytes(s.npz, e, chunks, { worker }));
      expect(await read(entry, compressed(bytes))).toBe(`${entry.size} ${createHash("sha256").update(arrayBytes(s.npz)).digest("hex")}`);
      expect(await message(read(entry, compressed(flipped)))).toMatch(new RegExp(`^${escape(where)} \\((bad deflate data: .+|CRC-32 mismatch)\\)$`));
      expect(await message(read({ ...entry, crc: (entry.crc ^ 1) >>> 0 }, compressed(bytes)))).toBe(`${where} (CRC-32 mismatch)`);
      expect(await message(read({ ...entry, size: entry.size + 64 }, compressed(bytes)))).toBe(`${where} (${entry.size} of ${entry.size + 64} bytes)`);
      expect(await message(read(entry, take(compressed(bytes), 40)))).toMatch(new RegExp(`^${escape(where)} \\(bad deflate data: `));
      // a reader that stops after the first chunk: the generator ends (and the inflater with it)
      for await (const chunk of entryBytes(s.npz, entry, compressed(bytes), { worker })) {
        expect(chunk.length).toBeGreaterThan(0);
        break;
      }
    }
  }, 180_000);
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

async function* take<T>(items: AsyncIterable<T>, count: number): AsyncGenerator<T> {
  let n = 0;
  for await (const item of items) {
    if (n++ === count) return;
    yield item;
  }
}
