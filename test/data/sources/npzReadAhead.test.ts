/**
 * A backtest's read of a large `.npz` whose array a worker thread reads, hashes and inflates ahead
 * (data/sources/npzReadAhead.ts, InflateWorker.inflateFile) against the read of the same file on
 * this thread (hftbacktestData with `readAhead` false): the same engine batches, bit for bit (every
 * column, lengths, plainLocalTimes, the origin), the same digest (cached or not), the same run, and
 * the same errors (class, file, row, field, rule) — on synthetic files, hand-made bad ones and the
 * real samples (../shared/data).
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { crc32, inflateRawSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { npzZip, storedZip, v2Npy, type V2Row } from "../../support/npzFixtures.ts";
import { parseConfig } from "../../../src/config/load.ts";
import { DigestCache } from "../../../src/core/digestCache.ts";
import { DataError, MmlabError } from "../../../src/core/errors.ts";
import { rootRng } from "../../../src/core/rng.ts";
import { NS_PER_S } from "../../../src/core/time.ts";
import { EventBatchPool } from "../../../src/data/batch.ts";
import { writeEvents } from "../../../src/data/exporters/index.ts";
import { writeHftbacktestNpz } from "../../../src/data/exporters/hftbacktestNpz.ts";
import { openHftbacktestFile } from "../../../src/data/importers/hftbacktest/hftbacktest.ts";
import { InflateWorker } from "../../../src/data/importers/hftbacktest/inflateWorker.ts";
import { dataEntry, entryBytesReadAhead, entryDataStart, listZipEntries } from "../../../src/data/importers/hftbacktest/npz.ts";
import { importerFor } from "../../../src/data/importers/index.ts";
import { importMetadata } from "../../../src/data/importers/importOutput.ts";
import { concatEventColumns, type EventBatch, type EventColumns } from "../../../src/data/schema.ts";
import { hftbacktestData } from "../../../src/data/sources/fileData.ts";
import { HashedFileRead } from "../../../src/data/sources/fileHash.ts";
import { readArrayAhead } from "../../../src/data/sources/npzReadAhead.ts";
import { syntheticMarket } from "../../../src/data/synthetic/generator.ts";
import { runBacktest } from "../../../src/runner/backtest.ts";
import { describeWithSharedData, sample } from "../../support/sharedData.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mmlab-hbt-worker-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const config = parseConfig({});
const symbol = config.symbol;
type Symbol = typeof symbol;

/** A batch's rows copied out (a batch from a pool is filled again once given back). */
function copyBatch(b: EventBatch): EventBatch {
  const rows = <T extends { slice(start: number, end: number): T }>(column: T): T => column.slice(0, b.length);
  return { length: b.length, plainLocalTimes: b.plainLocalTimes, exchTsNs: rows(b.exchTsNs), localTsNs: rows(b.localTsNs), kind: rows(b.kind), side: rows(b.side), priceTicks: rows(b.priceTicks), qty: rows(b.qty), orderId: rows(b.orderId) };
}

/** Every batch of an hftbacktest file read for a backtest (through a pool given each batch back, when `pool`), its origin and digest. */
async function readAll(file: string, sym: Symbol, readAhead: boolean, pool = false): Promise<{ batches: EventBatch[]; originNs: bigint; sha256: string }> {
  const data = await hftbacktestData(file, sym, readAhead);
  const batches: EventBatch[] = [];
  const spare = pool ? new EventBatchPool() : undefined;
  for await (const batch of data.batches(spare)) {
    batches.push(copyBatch(batch));
    spare?.give(batch);
  }
  return { batches, originNs: data.originNs, sha256: await data.hash() };
}

/** Whether readArrayAhead takes the file (else hftbacktestData reads it on this thread). */
async function readsAhead(file: string): Promise<boolean> {
  const ahead = await readArrayAhead(file, new HashedFileRead(file, undefined), new InflateWorker());
  await ahead?.close();
  return ahead !== undefined;
}

/** The bytes of rows [0, length) of a column. */
function bytesOf(column: ArrayBufferView & { BYTES_PER_ELEMENT: number }, rows: number): Buffer {
  return Buffer.from(column.buffer, column.byteOffset, rows * column.BYTES_PER_ELEMENT);
}

/** The same batches, to the bit. */
function expectSameBatches(actual: EventBatch[], expected: EventBatch[]): void {
  expect(actual.map((b) => [b.length, b.plainLocalTimes])).toEqual(expected.map((b) => [b.length, b.plainLocalTimes]));
  actual.forEach((b, i) => {
    for (const name of ["exchTsNs", "localTsNs", "kind", "side", "priceTicks", "qty", "orderId"] as const) {
      expect(bytesOf(b[name], b.length).equals(bytesOf(expected[i][name], b.length)), `batch ${i} ${name}`).toBe(true);
    }
  });
}

/** The read ahead gives this thread's batches, origin and digest (also through a pool, its batches filled again). */
async function expectSameRead(file: string, sym: Symbol): Promise<EventBatch[]> {
  const main = await readAll(file, sym, false);
  expect(main.batches.length).toBeGreaterThan(0);
  for (const pool of [false, true]) {
    const ahead = await readAll(file, sym, true, pool);
    expectSameBatches(ahead.batches, main.batches);
    expect(ahead.originNs).toBe(main.originNs);
    expect(ahead.sha256).toBe(main.sha256);
  }
  expect(main.sha256).toBe(createHash("sha256").update(fs.readFileSync(file)).digest("hex"));
  return main.batches;
}

/** The error of a read, as thrown: its class and fields. */
async function readError(file: string, sym: Symbol, readAhead: boolean): Promise<Record<string, unknown>> {
  try {
    await readAll(file, sym, readAhead);
    return { error: "none" };
  } catch (e) {
    const err = e as Error & Partial<DataError>;
    return { data: e instanceof DataError, user: e instanceof MmlabError, message: err.message, file: err.file, row: err.row, field: err.field, rule: err.rule };
  }
}

/** The same error from the read ahead as from the read on this thread; returns its message. */
async function expectSameError(file: string, sym: Symbol, pattern: RegExp): Promise<string> {
  const main = await readError(file, sym, false);
  expect(main.message).toMatch(pattern);
  expect(main.user).toBe(true);
  expect(await readError(file, sym, true)).toEqual(main);
  return main.message as string;
}

/** A synthetic market of `seconds` as an hftbacktest `.npz` (deflated, as the exporter writes it). */
async function syntheticNpz(name: string, seconds: number): Promise<string> {
  const file = path.join(dir, name);
  await writeHftbacktestNpz(file, syntheticMarket({ durationS: seconds }, rootRng(3)).batches);
  return file;
}

// ---- hand-made 2.x records in a deflated one-entry zip ----

const EXCH = 0x8000_0000;
const LOCAL = 0x4000_0000;
const BUY = 0x2000_0000;
const SELL = 0x1000_0000;
const T0 = 1_700_000_000_000_000_000n;
/** tick 0.1, lot 0.001: the symbol of the hand-made files. */
const HAND: Symbol = { ...symbol, name: "X", tick_size: 0.1, lot_size: 0.001 };

/** `count` valid rows (both sides, in order, on the grid), then `bad` (a function of the row index) replacing some. */
function rows(count: number, bad: (i: number) => Partial<V2Row> | undefined = () => undefined): V2Row[] {
  return Array.from({ length: count }, (_, i) => ({
    ev: ((i % 2) + 1) | (i % 3 === 0 ? SELL : BUY) | EXCH | LOCAL,
    exch: T0 + BigInt(i) * 1000n,
    local: T0 + BigInt(i) * 1000n + 500n,
    px: 100 + (i % 40) * 0.1,
    qty: 0.001 * ((i % 9) + 1),
    ...bad(i),
  }));
}


/**
 * A one-entry deflated zip (`data.npy`) as np.savez_compressed writes it; `crc` overrides the
 * recorded CRC-32, `cut` keeps only so many bytes of the deflate data (the sizes recorded whole).
 */
function deflatedZip(data: Buffer, crc?: number, cut?: number): { zip: Buffer; dataStart: number; dataEnd: number } {
  const { zip, ranges } = npzZip({ "data.npy": data }, { deflate: true, crc, cut });
  return { zip, dataStart: ranges[0][0], dataEnd: ranges[0][1] };
}

function handFile(name: string, records: V2Row[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, deflatedZip(v2Npy(records)).zip);
  return file;
}

// ---- the tests ----

describe("an .npz read ahead by a worker thread: this thread's batches, digest and run", () => {
  it("a synthetic market: every batch to the bit, the origin, the digest; also through a pool", async () => {
    const file = await syntheticNpz("synthetic.npz", 4 * 3600);
    expect(await readsAhead(file)).toBe(true);
    const batches = await expectSameRead(file, symbol);
    expect(batches.length).toBeGreaterThan(6); // more than the worker runs ahead
  }, 120_000);

  it("small batches, given back late (as the simulator gives them back): this thread's read, batch for batch", async () => {
    const file = await syntheticNpz("small-batches.npz", 1800);
    const options = { symbol: symbol.name, tickSize: symbol.tick_size, lotSize: symbol.lot_size, batchRows: 997 };
    const here: EventBatch[] = [];
    const hereEvents = (await openHftbacktestFile(file, options)).events(new HashedFileRead(file, undefined).chunks());
    for await (const b of hereEvents.batches) here.push(copyBatch(b));
    const opened = await openHftbacktestFile(file, options);
    const entry = dataEntry(file, await listZipEntries(file));
    const fd = fs.openSync(file, "r");
    try {
      const events = opened.arrayEvents(entryBytesReadAhead(file, entry, await entryDataStart(file, entry), new InflateWorker(), fd, false));
      const pool = new EventBatchPool();
      events.usePool(pool);
      const ahead: EventBatch[] = [];
      let held: EventBatch[] = [];
      for await (const b of events.batches) {
        ahead.push(copyBatch(b));
        held.push(b);
        if (held.length === 3) {
          for (const done of held) pool.give(done);
          held = [];
        }
      }
      expect(here.length).toBeGreaterThan(50);
      expectSameBatches(ahead, here);
      expect(events.originNs()).toBe(hereEvents.originNs());
    } finally {
      fs.closeSync(fd);
    }
  }, 120_000);

  it("a backtest on the read ahead is the run on this thread's read (the same results hash and data hash)", async () => {
    const file = await syntheticNpz("backtest.npz", 3 * 3600);
    const run = async (readAhead: boolean) => {
      const result = await runBacktest({ config, data: await hftbacktestData(file, symbol, readAhead), rng: rootRng(1) });
      return [result.events, result.resultsHash, result.dataHash];
    };
    expect(await run(true)).toEqual(await run(false));
  }, 120_000);

  it("a read stopped early stops the worker and closes the file; the digest is then worked out on request", async () => {
    const file = await syntheticNpz("early.npz", 3 * 3600);
    const sha256 = createHash("sha256").update(fs.readFileSync(file)).digest("hex");
    const data = await hftbacktestData(file, symbol, true);
    for await (const batch of data.batches()) {
      expect(batch.length).toBeGreaterThan(0);
      break;
    }
    expect(await data.hash()).toBe(sha256);
    const run = await runBacktest({ config, data: await hftbacktestData(file, symbol, true), rng: rootRng(1), durationNs: 600 * NS_PER_S });
    expect(run.dataHash).toBe(sha256);
  }, 120_000);

  it("the digest: worked out by the worker and recorded when the cache has none, then taken from the cache; none kept with the cache off", async () => {
    const file = await syntheticNpz("digest.npz", 1800);
    const sha256 = createHash("sha256").update(fs.readFileSync(file)).digest("hex");
    const cacheDir = path.join(dir, "cache");
    const { ctimeNs } = fs.statSync(file, { bigint: true });
    while (((await new DigestCache(cacheDir).clockNs()) ?? 0n) <= ctimeNs) await new Promise((r) => setTimeout(r, 2)); // recordable
    const readTwice = async () => {
      const data = await hftbacktestData(file, symbol, true);
      for await (const batch of data.batches()) expect(batch.length).toBeGreaterThan(0);
      return data.hash();
    };
    process.env.MMLAB_CACHE_DIR = cacheDir;
    try {
      expect(await readTwice()).toBe(sha256);
      const cacheFile = path.join(cacheDir, "file-digests.json");
      const json = JSON.parse(fs.readFileSync(cacheFile, "utf8"));
      expect(json.entries.map((e: { sha256: string }) => e.sha256)).toContain(sha256);
      for (const e of json.entries) e.sha256 = "c".repeat(64);
      fs.writeFileSync(cacheFile, JSON.stringify(json));
      expect(await readTwice()).toBe("c".repeat(64)); // from the cache: the worker hashed nothing
      process.env.MMLAB_CACHE_DIR = "off";
      expect(await readTwice()).toBe(sha256);
    } finally {
      delete process.env.MMLAB_CACHE_DIR;
    }
  }, 120_000);

  it("an array the worker cannot read (stored, or a bare .npy) is read on this thread, the same", async () => {
    const npy = v2Npy(rows(20_000));
    const stored = path.join(dir, "stored.npz");
    fs.writeFileSync(stored, storedZip(npy));
    expect(await readsAhead(stored)).toBe(false);
    await expectSameRead(stored, HAND);
    const bare = path.join(dir, "bare.npy");
    fs.writeFileSync(bare, npy);
    expect(await readsAhead(bare)).toBe(false);
    await expectSameRead(bare, HAND);
  }, 120_000);

  it("a file that ends before the data the worker is to read, and a failed read: the entry's and the system's errors", async () => {
    const full = handFile("full.npz", rows(20_000));
    const entry = dataEntry(full, await listZipEntries(full));
    const start = await entryDataStart(full, entry);
    const failure = async (file: string, fd: number) => {
      try {
        for await (const chunk of entryBytesReadAhead(file, entry, start, new InflateWorker(), fd, false)) expect(chunk.length).toBeGreaterThan(0);
        return "no error";
      } catch (e) {
        return e as Error & { code?: string; path?: string };
      }
    };
    // as if the file had been cut since it was probed: its data ends halfway
    const cut = path.join(dir, "cut-since.npz");
    fs.writeFileSync(cut, fs.readFileSync(full).subarray(0, start + entry.compressedSize / 2));
    const cutFd = fs.openSync(cut, "r");
    try {
      const missing = entry.compressedSize - Math.floor(entry.compressedSize / 2);
      const error = await failure(cut, cutFd);
      expect(error).toBeInstanceOf(DataError);
      expect((error as Error).message).toBe(`${cut}:data.npy: truncated or corrupt .npz (file ends ${missing} bytes before the entry's end)`);
    } finally {
      fs.closeSync(cutFd);
    }
    // a read that fails (a folder's descriptor): the system error, naming the file
    const folderFd = fs.openSync(dir, "r");
    try {
      expect(await failure(full, folderFd)).toMatchObject({ code: "EISDIR", syscall: "read", path: full });
    } finally {
      fs.closeSync(folderFd);
    }
  }, 120_000);
});

describe("an .npz read ahead by a worker thread: this thread's errors (class, file, row, field, rule)", () => {
  // enough valid rows before the bad one that batches come (and are taken) before the error
  const COUNT = 150_000;
  const BAD = 140_001;

  it("an unknown event kind, exchange times out of order, a price off the grid", async () => {
    await expectSameError(handFile("kind.npz", rows(COUNT, (i) => (i === BAD ? { ev: 7 | EXCH | LOCAL } : undefined))), HAND, new RegExp(`row ${BAD}: ev: unknown event kind 7`));
    await expectSameError(handFile("order.npz", rows(COUNT, (i) => (i === BAD ? { exch: T0 } : undefined))), HAND, new RegExp(`row ${BAD}: exch_ts: exchange timestamps out of order`));
    await expectSameError(handFile("grid.npz", rows(COUNT, (i) => (i === BAD ? { px: 100.05 } : undefined))), HAND, new RegExp(`row ${BAD}: price: price 100.05 is not on the tick grid`));
    await expectSameError(handFile("both-sides.npz", rows(COUNT, (i) => (i === BAD ? { ev: 1 | BUY | SELL | EXCH | LOCAL } : undefined))), HAND, /both BUY_EVENT and SELL_EVENT are set/);
  }, 120_000);

  it("a price beyond the engine's tick range: the batch's error, as it is handed on", async () => {
    const message = await expectSameError(handFile("ticks.npz", rows(COUNT, (i) => (i === BAD ? { px: 3e8 } : undefined))), HAND, /price of 3000000000 ticks is outside the supported range/);
    expect(message).toMatch(/^event \d+: /);
  }, 120_000);

  it("an exchange-only row whose local copy never comes", async () => {
    await expectSameError(handFile("orphan.npz", rows(COUNT, (i) => (i === BAD ? { ev: 1 | BUY | EXCH, local: -1000n } : undefined))), HAND, new RegExp(`row ${BAD}: local_ts: exchange-only row`));
  }, 120_000);

  it("corrupt zlib data, a CRC-32 mismatch, a truncated archive or array, a file with no events", async () => {
    // zlib's error: (in a file inflated by one call of zlib, so that no row of what it inflated before it is decoded first, whichever thread)
    const small = v2Npy(rows(12_000));
    const { zip, dataStart, dataEnd } = deflatedZip(small);
    const flipped = Buffer.from(zip);
    const zlibFails = (): boolean => {
      try {
        inflateRawSync(flipped.subarray(dataStart, dataEnd));
        return false;
      } catch {
        return true;
      }
    };
    for (let at = dataStart + 20_000; ; at += 7) {
      flipped[at] ^= 0x55;
      if (zlibFails()) break;
      flipped[at] ^= 0x55;
    }
    const flippedFile = path.join(dir, "flipped.npz");
    fs.writeFileSync(flippedFile, flipped);
    await expectSameError(flippedFile, HAND, /flipped\.npz:data\.npy: truncated or corrupt \.npz \(bad deflate data: .+\)$/);
    // the CRC-32 and the size, checked after every row was decoded
    const npy = v2Npy(rows(COUNT));
    const crcFile = path.join(dir, "crc.npz");
    fs.writeFileSync(crcFile, deflatedZip(npy, crc32(npy) ^ 1).zip);
    await expectSameError(crcFile, HAND, /crc\.npz:data\.npy: truncated or corrupt \.npz \(CRC-32 mismatch\)$/);
    // the directory whole, the data cut
    const cutFile = path.join(dir, "cut.npz");
    fs.writeFileSync(cutFile, deflatedZip(npy, crc32(npy), 50_000).zip);
    await expectSameError(cutFile, HAND, /cut\.npz:data\.npy: truncated or corrupt \.npz \(file ends \d+ bytes before the entry's end\)$/);
    // a bare array cut inside a row
    const cutArray = path.join(dir, "cut.npy");
    fs.writeFileSync(cutArray, npy.subarray(0, npy.length - 100));
    await expectSameError(cutArray, HAND, new RegExp(`cut\\.npy: row ${COUNT - 2}: truncated: the data ends inside row ${COUNT - 2}`));
    const empty = handFile("no-events.npz", rows(5, () => ({ ev: 1 | BUY })));
    await expectSameError(empty, HAND, /no-events\.npz: no events/);
  }, 120_000);
});

describeWithSharedData("an .npz read ahead by a worker thread: the real samples", () => {
  /** A sample's events as an hftbacktest .npz (the exporter) and as a 1.x µs array; with the symbol each is read with. */
  async function samples(name: string, format: string, inputs: string[]) {
    const imported = await importerFor(format).open(inputs, {});
    const parts: EventColumns[] = [];
    for await (const b of imported.batches) parts.push(b);
    const events = concatEventColumns(parts);
    const npz = path.join(dir, `${name}.npz`);
    await writeEvents(npz, imported.meta, [events], importMetadata(imported));
    const v1 = path.join(dir, `${name}-v1us.npy`);
    const rows: number[] = [];
    for (let i = 0; i < events.length; i++) {
      if (events.kind[i] > 4) continue; // 1.x has depth, trades, clears and snapshots only
      rows.push(events.kind[i], Number(events.exchTs[i]) / 1000, Number(events.localTs[i]) / 1000, events.side[i], events.price[i], events.qty[i]);
    }
    let dict = `{'descr': '<f8', 'fortran_order': False, 'shape': (${rows.length / 6}, 6), }`;
    while ((10 + dict.length + 1) % 64 !== 0) dict += " ";
    const head = Buffer.alloc(10);
    head[0] = 0x93;
    head.write("NUMPY", 1, "latin1");
    head[6] = 1;
    head.writeUInt16LE(dict.length + 1, 8);
    fs.writeFileSync(v1, Buffer.concat([head, Buffer.from(`${dict}\n`, "latin1"), Buffer.from(new Float64Array(rows).buffer)]));
    const meta = imported.meta;
    const sym = { ...symbol, name: meta.symbol, tick_size: meta.tickSize };
    return { npz, v1, npzSymbol: { ...sym, lot_size: meta.lotSize }, v1Symbol: { ...sym, lot_size: imported.sizeGrid ?? meta.lotSize } };
  }

  it("the Binance spot capture: as a 2.x .npz and as a 1.x array", async () => {
    const s = await samples("binance", "binance", [sample("binance-spot-btcusdt/btcusdt_20240808.gz"), sample("binance-spot-btcusdt/btcusdt_20240809.gz")]);
    const batches = await expectSameRead(s.npz, s.npzSymbol);
    expect(batches.reduce((n, b) => n + b.length, 0)).toBe(320_000);
    await expectSameRead(s.v1, s.v1Symbol);
  }, 180_000);

  it("the Databento MBO sample (L3 events, order ids)", async () => {
    const s = await samples("mbo", "databento", [sample("databento/orderbooks_mbo_2024-05-08T00-00-00_2024-05-08T00-00-02.dbn.zst"), sample("databento/orderbooks_definition.dbn.zst")]);
    const batches = await expectSameRead(s.npz, s.npzSymbol);
    expect(batches.some((b) => b.orderId.subarray(0, b.length).some((id) => id > 0))).toBe(true);
  }, 180_000);
});
