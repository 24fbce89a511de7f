import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  Field,
  Float64,
  Int32,
  Int64,
  makeData,
  RecordBatch,
  Schema,
  Struct,
  Table,
  tableToIPC,
  TimestampNanosecond,
  Uint64,
  Uint8,
  type Data,
} from "apache-arrow";
import { Table as WasmTable, writeParquet } from "parquet-wasm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DataError, MmlabError } from "../../../../src/core/errors.ts";
import { writeParquetEvents } from "../../../../src/data/exporters/parquet.ts";
import type { ImportOptions } from "../../../../src/data/importers/importer.ts";
import { parquetImporter } from "../../../../src/data/importers/parquet/parquet.ts";
import { allocEventColumns, concatEventColumns, type DatasetMeta, type EventColumns } from "../../../../src/data/schema.ts";

const META: DatasetMeta = {
  symbol: "ETH-USDT",
  venue: "testex",
  tickSize: 0.01,
  lotSize: 0.0001,
  source: "unit test",
  schemaVersion: "1",
};
const T0 = 1_700_000_000_123_456_789n;

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "mmlab-parquet-"));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Deterministic events for rows [start, start + n): every kind, int64 times near 1.7e18, order ids > 2^32. */
function makeEvents(start: number, n: number): EventColumns {
  const c = allocEventColumns(n);
  for (let i = 0; i < n; i++) {
    const row = start + i;
    c.exchTs[i] = T0 + BigInt(row) * 997n;
    c.localTs[i] = T0 + BigInt(row) * 997n + 250_001n;
    c.kind[i] = (row % 8) + 1;
    c.side[i] = row % 3 === 0 ? -1 : row % 3 === 1 ? 1 : 0;
    c.price[i] = (199_999 + (row % 1000)) / 100; // on the 0.01 grid, and mostly not exact in float32
    c.qty[i] = (row % 17) * 0.1234;
    c.orderId[i] = row % 2 === 0 ? 0n : row % 5 === 0 ? 2n ** 64n - 1n - BigInt(row) : 5_000_000_000n + BigInt(row);
  }
  c.length = n;
  return c;
}

/** makeEvents on a coarser grid (prices on 0.5, sizes on 2), for the tests that give the file another tick and lot. */
function coarseEvents(start: number, n: number): EventColumns {
  const c = makeEvents(start, n);
  for (let i = 0; i < n; i++) {
    c.price[i] = 2_000 + ((start + i) % 1000) * 0.5;
    c.qty[i] = ((start + i) % 17) * 2;
  }
  return c;
}

async function importAll(files: string[], options: ImportOptions = {}) {
  const data = await parquetImporter.open(files, options);
  const parts: EventColumns[] = [];
  for await (const b of data.batches) parts.push(b);
  return { cols: concatEventColumns(parts), meta: data.meta, report: data.report, batches: parts.length };
}

function bytes(view: ArrayBufferView): Buffer {
  return Buffer.from(view.buffer, view.byteOffset, view.byteLength);
}

/** Bit-exact equality of two event sets. */
function expectIdentical(a: EventColumns, b: EventColumns): void {
  expect(a.length).toBe(b.length);
  const n = a.length;
  for (const key of ["exchTs", "localTs", "kind", "side", "price", "qty", "orderId"] as const) {
    expect(bytes(a[key].subarray(0, n)).equals(bytes(b[key].subarray(0, n))), key).toBe(true);
  }
}

/** A Parquet file written straight from Arrow columns (no mmlab metadata), as another tool would. */
function writeForeignParquet(file: string, columns: Record<string, Data>, metadata = new Map<string, string>()): void {
  const fields = Object.entries(columns).map(([name, d]) => new Field(name, d.type, true));
  const schema = new Schema(fields, metadata);
  const n = Object.values(columns)[0].length;
  const batch = new RecordBatch(schema, makeData({ type: new Struct(fields), length: n, nullCount: 0, children: Object.values(columns) }));
  fs.writeFileSync(file, writeParquet(WasmTable.fromIPCStream(tableToIPC(new Table([batch]), "stream"))));
}

function foreignColumns(n: number, overrides: Record<string, Data> = {}, ev = makeEvents(0, n)): Record<string, Data> {
  return {
    exch_ts: makeData({ type: new TimestampNanosecond(), length: n, nullCount: 0, data: ev.exchTs }),
    local_ts: makeData({ type: new Int64(), length: n, nullCount: 0, data: ev.localTs }),
    kind: makeData({ type: new Int32(), length: n, nullCount: 0, data: Int32Array.from(ev.kind) }),
    side: makeData({ type: new Int32(), length: n, nullCount: 0, data: Int32Array.from(ev.side) }),
    price: makeData({ type: new Float64(), length: n, nullCount: 0, data: ev.price }),
    qty: makeData({ type: new Float64(), length: n, nullCount: 0, data: ev.qty }),
    order_id: makeData({ type: new Uint64(), length: n, nullCount: 0, data: ev.orderId }),
    note: makeData({ type: new Uint8(), length: n, nullCount: 0, data: new Uint8Array(n) }), // extra column: ignored
    ...overrides,
  };
}

describe("Parquet exporter → importer", () => {
  for (const compression of ["zstd", "snappy"] as const) {
    it(`round-trips events bit for bit (${compression}, several row groups and batches)`, async () => {
      const file = path.join(dir, `roundtrip-${compression}.parquet`);
      const batches = [makeEvents(0, 1_500), makeEvents(1_500, 700), makeEvents(2_200, 1_800)];
      const rows = await writeParquetEvents(file, META, batches, { compression, rowGroupRows: 1_000 });
      expect(rows).toBe(4_000);
      expect(fs.readdirSync(dir).filter((f) => f.includes(".tmp-"))).toEqual([]);

      const { cols, meta, report, batches: n } = await importAll([file], { batchRows: 512 });
      expectIdentical(cols, makeEvents(0, 4_000));
      expect(meta).toEqual(META);
      expect(n).toBe(Math.ceil(4_000 / 512));
      expect(report.events).toBe(4_000);
      expect(report.firstExchTs).toBe(T0.toString());
      expect(report.lastExchTs).toBe((T0 + 3_999n * 997n).toString());
      expect(report.notes.join("\n")).toContain("4000 rows in 4 row groups");
      expect(cols.orderId[5]).toBe(2n ** 64n - 1n - 5n); // above 2^63 too
    });
  }

  it("writes identical bytes for identical input", async () => {
    const a = path.join(dir, "det-a.parquet");
    const b = path.join(dir, "det-b.parquet");
    await writeParquetEvents(a, META, [makeEvents(0, 300)]);
    await writeParquetEvents(b, META, [makeEvents(0, 300)]);
    expect(fs.readFileSync(a).equals(fs.readFileSync(b))).toBe(true);
  });

  it("lets --symbol --tick --lot override the file's metadata", async () => {
    const file = path.join(dir, "override.parquet");
    await writeParquetEvents(file, META, [coarseEvents(0, 10)]);
    const { meta } = await importAll([file], { symbol: "ETHUSDT", tickSize: 0.05, lotSize: 1 });
    expect(meta).toEqual({ ...META, symbol: "ETHUSDT", tickSize: 0.05, lotSize: 1 });
  });

  it("writes and reads an empty dataset", async () => {
    const file = path.join(dir, "empty.parquet");
    expect(await writeParquetEvents(file, META, [])).toBe(0);
    const { cols, meta } = await importAll([file]);
    expect(cols.length).toBe(0);
    expect(meta).toEqual(META);
  });

  it("leaves nothing behind and reports the input's own error when the input fails", async () => {
    const file = path.join(dir, "failed.parquet");
    async function* failing(): AsyncGenerator<EventColumns> {
      yield makeEvents(0, 10);
      throw new Error("source broke");
    }
    await expect(writeParquetEvents(file, META, failing())).rejects.toThrow("source broke");
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.readdirSync(dir).filter((f) => f.includes(".tmp-"))).toEqual([]);
  });
});

describe("Parquet importer on files from other tools", () => {
  it("accepts timestamp[ns], int32 kind/side and extra columns; needs the instrument from options", async () => {
    const file = path.join(dir, "foreign.parquet");
    writeForeignParquet(file, foreignColumns(50));
    await expect(parquetImporter.open([file], {})).rejects.toThrow(MmlabError);
    await expect(parquetImporter.open([file], {})).rejects.toThrow(/no symbol, tick_size, lot_size in the file's metadata: give --symbol, --tick, --lot/);
    const { cols, meta } = await importAll([file], { symbol: "ETH-USDT", tickSize: 0.01, lotSize: 0.0001 });
    expectIdentical(cols, makeEvents(0, 50));
    expect(meta).toEqual({ symbol: "ETH-USDT", venue: "unknown", tickSize: 0.01, lotSize: 0.0001, source: "parquet", schemaVersion: "1" });
  });

  it("reads the metadata keys of a foreign file", async () => {
    const file = path.join(dir, "foreign-meta.parquet");
    const md = new Map([
      ["symbol", "X"],
      ["tick_size", "0.5"],
      ["lot_size", "2"],
      ["venue", "v"],
    ]);
    writeForeignParquet(file, foreignColumns(5, {}, coarseEvents(0, 5)), md);
    const { meta } = await importAll([file]);
    expect(meta).toEqual({ symbol: "X", venue: "v", tickSize: 0.5, lotSize: 2, source: "parquet", schemaVersion: "1" });
  });

  it("rejects a corrupt or truncated file with a DataError naming it", async () => {
    const junk = path.join(dir, "junk.parquet");
    fs.writeFileSync(junk, "this is not parquet at all");
    const err = await parquetImporter.open([junk], META).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    expect((err as DataError).file).toBe(junk);

    const good = path.join(dir, "good.parquet");
    await writeParquetEvents(good, META, [makeEvents(0, 2_000)]);
    const cut = path.join(dir, "cut.parquet");
    const all = fs.readFileSync(good);
    fs.writeFileSync(cut, all.subarray(0, all.length - 100));
    await expect(parquetImporter.open([cut], {})).rejects.toThrow(DataError);
    await expect(parquetImporter.open([cut], {})).rejects.toThrow(/cut\.parquet: not a Parquet file, or truncated or corrupt/);
  });

  it("validates rows like the Arrow reader: kind, side, order, nulls, missing columns", async () => {
    const opts = { symbol: "X", tickSize: 0.01, lotSize: 1 };
    // Rows on the lot-1 grid of `opts`, so that each file fails on its own fault only.
    const foreignColumns10 = (o: Record<string, Data>) => foreignColumns(10, o, coarseEvents(0, 10));
    const foreignColumns3 = (o: Record<string, Data>) => foreignColumns(3, o, coarseEvents(0, 3));
    const badKind = path.join(dir, "bad-kind.parquet");
    const kinds = Int32Array.from({ length: 10 }, (_, i) => (i === 7 ? 19 : 1));
    writeForeignParquet(badKind, foreignColumns10({ kind: makeData({ type: new Int32(), length: 10, nullCount: 0, data: kinds }) }));
    const err = await importAll([badKind], opts).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    expect([(err as DataError).row, (err as DataError).field]).toEqual([7, "kind"]);

    const badSide = path.join(dir, "bad-side.parquet");
    const sides = Int32Array.from({ length: 10 }, (_, i) => (i === 3 ? 2 : 1));
    writeForeignParquet(badSide, foreignColumns10({ side: makeData({ type: new Int32(), length: 10, nullCount: 0, data: sides }) }));
    await expect(importAll([badSide], opts)).rejects.toThrow(/row 3: side: invalid side 2/);

    const unordered = path.join(dir, "unordered.parquet");
    const times = makeEvents(0, 10).exchTs;
    times[6] = T0 - 1n;
    writeForeignParquet(unordered, foreignColumns10({ exch_ts: makeData({ type: new Int64(), length: 10, nullCount: 0, data: times }) }));
    await expect(importAll([unordered], opts)).rejects.toThrow(/row 6: exch_ts: timestamps out of order/);

    const withNull = path.join(dir, "null.parquet");
    const valid = new Uint8Array([0b1111_1011, 0b11]); // row 2 is null
    const price = makeData({ type: new Float64(), length: 10, nullCount: 1, data: new Float64Array(10).fill(5), nullBitmap: valid });
    writeForeignParquet(withNull, foreignColumns10({ price }));
    await expect(importAll([withNull], opts)).rejects.toThrow(/row 2: price: null value/);

    const missing = path.join(dir, "missing.parquet");
    const cols = foreignColumns(3, {}, coarseEvents(0, 3));
    delete (cols as Partial<Record<string, Data>>).qty;
    writeForeignParquet(missing, cols);
    await expect(parquetImporter.open([missing], opts)).rejects.toThrow(/qty: missing column/);

    const badType = path.join(dir, "bad-type.parquet");
    writeForeignParquet(badType, foreignColumns3({ price: makeData({ type: new Int32(), length: 3, nullCount: 0, data: new Int32Array(3) }) }));
    await expect(parquetImporter.open([badType], opts)).rejects.toThrow(/price: expected float64, found Int32/);
  });

  it("reads several files as one dataset, in order", async () => {
    const a = path.join(dir, "part-a.parquet");
    const b = path.join(dir, "part-b.parquet");
    await writeParquetEvents(a, META, [makeEvents(0, 100)]);
    await writeParquetEvents(b, META, [makeEvents(100, 100)]);
    const { cols } = await importAll([a, b]);
    expectIdentical(cols, makeEvents(0, 200));
    await expect(importAll([b, a])).rejects.toThrow(/part-a\.parquet: row 0: exch_ts: timestamps out of order/);
    const other = path.join(dir, "other.parquet");
    await writeParquetEvents(other, { ...META, symbol: "BTC-USDT" }, [makeEvents(200, 10)]);
    await expect(parquetImporter.open([a, other], {})).rejects.toThrow(/symbol: BTC-USDT differs from ETH-USDT/);
  });
});
