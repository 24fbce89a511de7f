import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { tableFromArrays, tableToIPC } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { DataError, MmlabError } from "../../../src/core/errors.ts";
import { encodeMeta, openEventReader, readAllEvents, readMeta, writeEventFile } from "../../../src/data/arrow/index.ts";
import { allocEventColumns, type DatasetMeta, type EventColumns } from "../../../src/data/schema.ts";

const META: DatasetMeta = {
  symbol: "ETH-USD",
  venue: "testex",
  tickSize: 0.01,
  lotSize: 0.001,
  source: "unit test",
  schemaVersion: "1",
};

const T0 = 1_700_000_000_000_000_000n;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mmlab-arrow-bad-"));
let fileCount = 0;

/** Valid events for global rows [start, start + n). */
function makeEvents(start: number, n: number): EventColumns {
  const c = allocEventColumns(n);
  for (let i = 0; i < n; i++) {
    c.exchTs[i] = T0 + BigInt(start + i) * 10n;
    c.localTs[i] = c.exchTs[i] + 5n;
    c.kind[i] = 1;
    c.side[i] = 1;
    c.price[i] = 100 + i;
    c.qty[i] = 2;
  }
  c.length = n;
  return c;
}

/** Writes two 4-row batches (rows 0..7) after letting `spoil` edit the second batch; returns the path. */
async function writeSpoiled(spoil: (second: EventColumns) => void): Promise<string> {
  const file = path.join(dir, `bad-${fileCount++}.arrow`);
  const second = makeEvents(4, 4);
  spoil(second);
  await writeEventFile(file, META, [makeEvents(0, 4), second]);
  return file;
}

/** Awaits a rejection and returns the DataError it carries. */
async function dataError(promise: Promise<unknown>): Promise<DataError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DataError);
  return err as DataError;
}

/** Writes an Arrow file with the given columns and schema metadata using apache-arrow directly. */
function writeRaw(columns: Record<string, unknown>, metadata: Map<string, string>): string {
  const file = path.join(dir, `raw-${fileCount++}.arrow`);
  const table = tableFromArrays(columns as Parameters<typeof tableFromArrays>[0]);
  for (const [k, v] of metadata) table.schema.metadata.set(k, v);
  fs.writeFileSync(file, tableToIPC(table, "file"));
  return file;
}

function rawColumns(): Record<string, unknown> {
  const c = makeEvents(0, 3);
  return {
    exch_ts: c.exchTs,
    local_ts: c.localTs,
    kind: c.kind,
    side: c.side,
    price: c.price,
    qty: c.qty,
    order_id: c.orderId,
  };
}

describe("event file validation", () => {
  it("rejects an unknown event kind, naming file, global row and field", async () => {
    const file = await writeSpoiled((c) => (c.kind[2] = 19)); // one past the last kind (session rows end at 18)
    const err = await dataError(readAllEvents(file));
    expect([err.file, err.row, err.field]).toEqual([file, 6, "kind"]);
    expect(err.message).toBe(`${file}: row 6: kind: unknown event kind 19`);
  });

  it("rejects kind 0", async () => {
    const file = await writeSpoiled((c) => (c.kind[0] = 0));
    expect((await dataError(readAllEvents(file))).message).toBe(`${file}: row 4: kind: unknown event kind 0`);
  });

  it("rejects a side other than -1, 0, 1", async () => {
    const file = await writeSpoiled((c) => (c.side[1] = 2));
    const err = await dataError(readAllEvents(file));
    expect([err.row, err.field]).toEqual([5, "side"]);
    expect(err.message).toContain(`${file}: row 5: side: invalid side 2`);
  });

  it("rejects a NaN price", async () => {
    const file = await writeSpoiled((c) => (c.price[3] = NaN));
    const err = await dataError(readAllEvents(file));
    expect(err.message).toBe(`${file}: row 7: price: must be a finite number, found NaN`);
  });

  it("rejects an infinite qty", async () => {
    const file = await writeSpoiled((c) => (c.qty[0] = Infinity));
    const err = await dataError(readAllEvents(file));
    expect(err.message).toBe(`${file}: row 4: qty: must be a finite number, found Infinity`);
  });

  it("rejects a negative qty", async () => {
    const file = await writeSpoiled((c) => (c.qty[2] = -0.5));
    const err = await dataError(readAllEvents(file));
    expect(err.message).toBe(`${file}: row 6: qty: must be ≥ 0, found -0.5`);
  });

  it("rejects exch_ts going backwards within a batch", async () => {
    const file = await writeSpoiled((c) => (c.exchTs[2] = c.exchTs[1] - 1n));
    const err = await dataError(readAllEvents(file));
    expect(err.message).toBe(
      `${file}: row 6: exch_ts: timestamps out of order: ${T0 + 50n - 1n} < previous ${T0 + 50n}`,
    );
  });

  it("rejects exch_ts going backwards across a batch boundary, after yielding the good batch", async () => {
    const file = await writeSpoiled((c) => (c.exchTs[0] = T0)); // row 4 earlier than row 3
    const reader = await openEventReader(file);
    const lengths: number[] = [];
    const err = await dataError(
      (async () => {
        for await (const b of reader.batches()) lengths.push(b.length);
      })(),
    );
    await reader.close();
    expect(lengths).toEqual([4]);
    expect(err.message).toBe(`${file}: row 4: exch_ts: timestamps out of order: ${T0} < previous ${T0 + 30n}`);
  });

  it("accepts equal consecutive timestamps", async () => {
    const file = await writeSpoiled((c) => (c.exchTs[1] = c.exchTs[0]));
    expect((await readAllEvents(file)).length).toBe(8);
  });

  it("reports a missing file", async () => {
    const file = path.join(dir, "nope.arrow");
    const err = await readAllEvents(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MmlabError);
    expect((err as Error).message).toBe(`${file}: no such file`);
  });

  it("reports a file truncated to half its size", async () => {
    const file = await writeSpoiled(() => {});
    fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2));
    const err = await dataError(readAllEvents(file));
    expect(err.file).toBe(file);
    expect(err.message).toMatch(new RegExp(`^${file}: truncated or corrupt Arrow IPC file \\(.+\\)$`));
  });

  it("reports a file cut just before its last byte", async () => {
    const file = await writeSpoiled(() => {});
    fs.truncateSync(file, fs.statSync(file).size - 1);
    expect((await dataError(readMeta(file))).message).toContain("truncated or corrupt Arrow IPC file");
  });

  it("reports garbage bytes", async () => {
    const file = path.join(dir, "garbage.arrow");
    fs.writeFileSync(file, Buffer.from(Array.from({ length: 1000 }, (_, i) => (i * 37) % 251)));
    expect((await dataError(readAllEvents(file))).message).toBe(
      `${file}: truncated or corrupt Arrow IPC file (no ARROW1 magic at start)`,
    );
  });

  it("reports a corrupt footer between valid magics as a DataError, not a crash", async () => {
    // Flatbuffers carry no checksum: garbage may decode to a nonsense schema, caught by the column checks.
    for (const [from, to] of [[200, 10], [60, 10], [30, 10]]) {
      const file = await writeSpoiled(() => {});
      const bytes = fs.readFileSync(file);
      bytes.fill(0xab, bytes.length - from, bytes.length - to);
      fs.writeFileSync(file, bytes);
      const err = await dataError(readAllEvents(file));
      expect(err.file).toBe(file);
      expect(err.message).toMatch(/truncated or corrupt Arrow IPC file|missing column|expected Int64/);
    }
  });

  it("reports an empty file", async () => {
    const file = path.join(dir, "empty.arrow");
    fs.writeFileSync(file, "");
    expect((await dataError(readAllEvents(file))).message).toBe(
      `${file}: truncated or corrupt Arrow IPC file (only 0 bytes)`,
    );
  });

  it("reports a missing column", async () => {
    const columns = rawColumns();
    delete columns.qty;
    const file = writeRaw(columns, encodeMeta(META));
    expect((await dataError(readAllEvents(file))).message).toBe(`${file}: missing column qty`);
  });

  it("reports a column of the wrong type", async () => {
    const file = writeRaw({ ...rawColumns(), qty: ["a", "b", "c"] }, encodeMeta(META));
    const err = await dataError(openEventReader(file));
    expect(err.message).toMatch(new RegExp(`^${file}: column qty: expected Float64, found .*Utf8`));
  });

  it("reports a missing metadata key", async () => {
    const metadata = encodeMeta(META);
    metadata.delete("tick_size");
    const file = writeRaw(rawColumns(), metadata);
    expect((await dataError(readMeta(file))).message).toBe(`${file}: tick_size: missing schema metadata key`);
  });

  it("reports a non-numeric lot size", async () => {
    const metadata = encodeMeta(META);
    metadata.set("lot_size", "lots");
    const file = writeRaw(rawColumns(), metadata);
    expect((await dataError(readMeta(file))).message).toBe(
      `${file}: lot_size: must be a positive number, found "lots"`,
    );
  });

  it("rejects a null value, naming the row and the column", async () => {
    const file = writeRaw({ ...rawColumns(), qty: [2, null, 2] }, encodeMeta(META));
    const err = await dataError(readAllEvents(file));
    expect(err.message).toBe(`${file}: row 1: qty: null value in a non-nullable column`);
  });

  it("reads a file with an extra column of another layout (strings), ignoring it", async () => {
    const file = writeRaw({ note: ["a", "bb", "ccc"], ...rawColumns() }, encodeMeta(META));
    const all = await readAllEvents(file);
    expect(Array.from(all.exchTs)).toEqual([T0, T0 + 10n, T0 + 20n]);
    expect(Array.from(all.price)).toEqual([100, 101, 102]);
  });

  it("with recycle, yields the same batches to a consumer that reads each before the next", async () => {
    const file = path.join(dir, `recycle-${fileCount++}.arrow`);
    await writeEventFile(file, META, [makeEvents(0, 4), makeEvents(4, 3), makeEvents(7, 5)]);
    const seen = async (recycle: boolean) => {
      const reader = await openEventReader(file);
      const rows: number[][] = [];
      for await (const c of reader.batches({ recycle })) rows.push(Array.from(c.price), Array.from(c.exchTs, Number));
      await reader.close();
      return rows;
    };
    expect(await seen(true)).toEqual(await seen(false));
  });

  it("hashes the file's bytes as it reads them (batches({ hash: true })), only once read to the end", async () => {
    const file = path.join(dir, `hash-${fileCount++}.arrow`);
    await writeEventFile(file, META, [makeEvents(0, 4), makeEvents(4, 3), makeEvents(7, 5)]);
    const reader = await openEventReader(file);
    const iterator = reader.batches({ hash: true })[Symbol.asyncIterator]();
    await iterator.next();
    expect(reader.sha256()).toBeUndefined();
    while (!(await iterator.next()).done);
    expect(reader.sha256()).toBe(createHash("sha256").update(fs.readFileSync(file)).digest("hex"));
    await reader.close();
  });

  it("reads a valid file written by apache-arrow directly", async () => {
    const file = writeRaw(rawColumns(), encodeMeta(META));
    const all = await readAllEvents(file);
    expect(all.length).toBe(3);
    expect(Array.from(all.exchTs)).toEqual([T0, T0 + 10n, T0 + 20n]);
  });
});
