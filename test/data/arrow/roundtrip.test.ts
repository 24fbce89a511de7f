import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { RecordBatchReader } from "apache-arrow";
import { describe, expect, it } from "vitest";
import {
  openEventReader,
  openEventWriter,
  readAllEvents,
  readMeta,
  writeEventFile,
} from "../../../src/data/arrow/index.ts";
import { allocEventColumns, sliceEventColumns, type DatasetMeta, type EventColumns } from "../../../src/data/schema.ts";

const META: DatasetMeta = {
  symbol: "BTC-USDT",
  venue: "testex",
  tickSize: 0.1,
  lotSize: 0.00001,
  source: "unit test",
  schemaVersion: "1",
};

const T0 = 1_700_000_000_123_456_789n;

/** Deterministic valid events for global rows [start, start + n). */
function makeEvents(start: number, n: number, out = allocEventColumns(n)): EventColumns {
  for (let i = 0; i < n; i++) {
    const row = start + i;
    out.exchTs[i] = T0 + BigInt(row) * 1000n;
    out.localTs[i] = T0 + BigInt(row) * 1000n + 250n;
    out.kind[i] = (row % 8) + 1;
    out.side[i] = row % 3 === 0 ? -1 : row % 3 === 1 ? 1 : 0;
    out.price[i] = 30_000 + (row % 1000) * 0.1;
    out.qty[i] = (row % 17) * 0.25;
    out.orderId[i] = row % 2 === 0 ? 0n : 5_000_000_000n + BigInt(row); // > 2^32
  }
  out.length = n;
  return out;
}

function bytes(view: ArrayBufferView): Buffer {
  return Buffer.from(view.buffer, view.byteOffset, view.byteLength);
}

/** True when two batches hold the same values in their first `length` rows. */
function sameEvents(a: EventColumns, b: EventColumns): boolean {
  if (a.length !== b.length) return false;
  const x = sliceEventColumns(a, a.length);
  const y = sliceEventColumns(b, b.length);
  return (
    bytes(x.exchTs).equals(bytes(y.exchTs)) &&
    bytes(x.localTs).equals(bytes(y.localTs)) &&
    bytes(x.kind).equals(bytes(y.kind)) &&
    bytes(x.side).equals(bytes(y.side)) &&
    bytes(x.price).equals(bytes(y.price)) &&
    bytes(x.qty).equals(bytes(y.qty)) &&
    bytes(x.orderId).equals(bytes(y.orderId))
  );
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "mmlab-arrow-"));
}

describe("event file round trip", () => {
  it("preserves values, metadata and batch boundaries", async () => {
    const file = path.join(tempDir(), "events.arrow");
    const batches = [makeEvents(0, 5), makeEvents(5, 3), makeEvents(8, 4)];
    batches[2].orderId[3] = 18_446_744_073_709_551_615n; // max uint64
    batches[2].price[2] = 0; // row 10, a depth clear: price 0 (market rows must be priced > 0)
    await writeEventFile(file, META, batches);

    const reader = await openEventReader(file);
    expect(reader.meta).toEqual(META);
    expect(reader.numBatches).toBe(3);
    const got: EventColumns[] = [];
    for await (const b of reader.batches()) got.push(b);
    await reader.close();

    expect(got.map((b) => b.length)).toEqual([5, 3, 4]);
    got.forEach((b, i) => expect(sameEvents(b, batches[i])).toBe(true));
    expect(got[0].exchTs[0]).toBe(T0);
    expect(got[2].orderId[3]).toBe(18_446_744_073_709_551_615n);
    expect(got[1].orderId[0]).toBe(5_000_000_005n);
    for (const b of got) {
      expect(b.exchTs).toBeInstanceOf(BigInt64Array);
      expect(b.orderId).toBeInstanceOf(BigUint64Array);
      expect(b.exchTs.length).toBe(b.length);
      expect(b.orderId.length).toBe(b.length);
    }

    const all = await readAllEvents(file);
    expect(all.length).toBe(12);
    expect(sameEvents(all, makeEventsWithOverrides())).toBe(true);
    expect(await readMeta(file)).toEqual(META);

    function makeEventsWithOverrides(): EventColumns {
      const e = makeEvents(0, 12);
      e.orderId[11] = 18_446_744_073_709_551_615n;
      e.price[10] = 0;
      return e;
    }
  });

  it("round-trips ~200k rows written in 65536-row batches from one reused buffer", async () => {
    const file = path.join(tempDir(), "big.arrow");
    const total = 200_000;
    const size = 65_536;
    const buffer = allocEventColumns(size);
    async function* chunks(): AsyncGenerator<EventColumns> {
      for (let start = 0; start < total; start += size) yield makeEvents(start, Math.min(size, total - start), buffer);
    }
    await writeEventFile(file, META, chunks());

    const reader = await openEventReader(file);
    expect(reader.numBatches).toBe(4);
    await reader.close();
    const all = await readAllEvents(file);
    expect(all.length).toBe(total);
    expect(sameEvents(all, makeEvents(0, total))).toBe(true);
  });

  it("copies each batch at write time, so the caller may reuse its arrays", async () => {
    const file = path.join(tempDir(), "reuse.arrow");
    const cols = makeEvents(0, 4);
    const writer = openEventWriter(file, META);
    writer.write(cols);
    cols.price.fill(1);
    cols.exchTs.fill(T0 + 1_000_000n);
    writer.write(cols);
    await writer.close();

    const all = await readAllEvents(file);
    expect(Array.from(all.price.subarray(0, 4))).toEqual(Array.from(makeEvents(0, 4).price));
    expect(Array.from(all.price.subarray(4))).toEqual([1, 1, 1, 1]);
  });

  it("writes a valid file with no batches", async () => {
    const file = path.join(tempDir(), "empty.arrow");
    await writeEventFile(file, META, []);
    const all = await readAllEvents(file);
    expect(all.length).toBe(0);
    expect(await readMeta(file)).toEqual(META);
  });

  it("only shows the file at its path after close, and abort leaves nothing", async () => {
    const dir = tempDir();
    const file = path.join(dir, "atomic.arrow");
    const writer = openEventWriter(file, META);
    writer.write(makeEvents(0, 3));
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.readdirSync(dir)).toEqual([`atomic.arrow.tmp-${process.pid}`]);
    await writer.close();
    expect(fs.readdirSync(dir)).toEqual(["atomic.arrow"]);

    const aborted = openEventWriter(path.join(dir, "aborted.arrow"), META);
    aborted.write(makeEvents(0, 3));
    await aborted.abort();
    expect(fs.readdirSync(dir)).toEqual(["atomic.arrow"]);
    expect(() => aborted.write(makeEvents(0, 1))).toThrow(/writer is closed/);
  });

  it("leaves no file and no temp file when the batch source throws midway", async () => {
    const dir = tempDir();
    const file = path.join(dir, "partial.arrow");
    function* failing(): Generator<EventColumns> {
      yield makeEvents(0, 10);
      yield makeEvents(10, 10);
      throw new Error("source failed");
    }
    await expect(writeEventFile(file, META, failing())).rejects.toThrow("source failed");
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it("rejects a batch whose arrays are shorter than its length", () => {
    const dir = tempDir();
    const writer = openEventWriter(path.join(dir, "short.arrow"), META);
    const cols = { ...makeEvents(0, 4), qty: new Float64Array(2) };
    expect(() => writer.write(cols)).toThrow(/column qty has 2 rows, batch length is 4/);
    return writer.abort();
  });

  it("writes the schema message after the leading magic, so stream readers can read the file", async () => {
    const file = path.join(tempDir(), "stream.arrow");
    await writeEventFile(file, META, [makeEvents(0, 5), makeEvents(5, 2)]);
    const reader = RecordBatchReader.from(fs.readFileSync(file).subarray(8));
    reader.open();
    expect(reader.isStream()).toBe(true);
    expect(reader.schema.metadata.get("symbol")).toBe("BTC-USDT");
    expect([...reader].map((b) => b.numRows)).toEqual([5, 2]);
  });
});
