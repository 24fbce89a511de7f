import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DataError, MmlabError } from "../../../src/core/errors.ts";
import { readArrowTable, writeArrowTable } from "../../../src/data/arrow/index.ts";

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "mmlab-table-"));
}

describe("writeArrowTable / readArrowTable", () => {
  it("round-trips every supported column type and the metadata", async () => {
    const dir = tempDir();
    const file = path.join(dir, "fills.arrow");
    const columns = {
      ts: new BigInt64Array([1_700_000_000_000_000_001n, 1_700_000_000_000_000_002n, -5n]),
      price: new Float64Array([100.25, 100.5, 0.1]),
      ratio: new Float32Array([0.5, -1.25, 3]),
      ticks: new Int32Array([-2_000_000_000, 0, 7]),
      side: new Int8Array([-1, 1, 0]),
      flag: new Uint8Array([0, 255, 1]),
    };
    await writeArrowTable(file, columns, { run_id: "abc", kind: "fills" });
    expect(fs.readdirSync(dir)).toEqual(["fills.arrow"]);

    const table = await readArrowTable(file);
    expect(table.numRows).toBe(3);
    expect(table.metadata).toEqual({ run_id: "abc", kind: "fills" });
    expect(Object.keys(table.columns)).toEqual(Object.keys(columns));
    for (const [name, col] of Object.entries(columns)) {
      expect(table.columns[name]).toBeInstanceOf(col.constructor);
      expect(Array.from(table.columns[name] as ArrayLike<number | bigint>)).toEqual(Array.from(col as ArrayLike<number | bigint>));
    }
  });

  it("round-trips a table spanning several record batches and an empty table", async () => {
    const dir = tempDir();
    const big = path.join(dir, "timeseries.arrow");
    const n = (1 << 20) + 123;
    const values = new Float64Array(n).map((_, i) => i * 0.5);
    await writeArrowTable(big, { v: values });
    const table = await readArrowTable(big);
    expect(table.numRows).toBe(n);
    expect(table.metadata).toEqual({});
    expect(Buffer.from(table.columns.v.buffer, table.columns.v.byteOffset, table.columns.v.byteLength).equals(Buffer.from(values.buffer))).toBe(true);

    const empty = path.join(dir, "empty.arrow");
    await writeArrowTable(empty, { a: new Int32Array(0), b: new Float64Array(0) });
    const e = await readArrowTable(empty);
    expect(e.numRows).toBe(0);
    expect(e.columns.a).toBeInstanceOf(Int32Array);
    expect(e.columns.b.length).toBe(0);
  });

  it("rejects columns of different lengths and writes nothing", async () => {
    const dir = tempDir();
    const file = path.join(dir, "bad.arrow");
    const write = writeArrowTable(file, { a: new Float64Array(5), b: new Int32Array(3) });
    await expect(write).rejects.toThrow(MmlabError);
    await expect(write).rejects.toThrow(`${file}: column b has 3 rows, column a has 5`);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it("rejects a table with no columns", async () => {
    const file = path.join(tempDir(), "none.arrow");
    await expect(writeArrowTable(file, {})).rejects.toThrow(`${file}: a table needs at least one column`);
  });

  it("reports a truncated table file as a DataError", async () => {
    const file = path.join(tempDir(), "cut.arrow");
    await writeArrowTable(file, { a: new Float64Array(1000).fill(1) });
    fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2));
    const err = await readArrowTable(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    expect((err as Error).message).toContain(`${file}: truncated or corrupt Arrow IPC file`);
  });
});
