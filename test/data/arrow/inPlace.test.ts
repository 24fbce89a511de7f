import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DataError } from "../../../src/core/errors.ts";
import { openEventReader, readAllEvents } from "../../../src/data/arrow/reader.ts";
import { openEventWriter, writeEventFile, type EventWriter } from "../../../src/data/arrow/writer.ts";
import { allocEventColumns, type DatasetMeta, type EventColumns } from "../../../src/data/schema.ts";
import { fillDiskAfter, restoreDisk } from "../../support/writeFaults.ts";

const META: DatasetMeta = { symbol: "BTCUSDT", venue: "testex", tickSize: 0.01, lotSize: 0.001, source: "unit test", schemaVersion: "1" };
const T0 = 1_700_000_000_000_000_000n;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mmlab-in-place-"));
let count = 0;

afterEach(() => {
  restoreDisk();
});

/** Rows [start, start + n): depth rows 10 ns apart. */
function rows(start: number, n: number): EventColumns {
  const c = allocEventColumns(n);
  for (let i = 0; i < n; i++) {
    c.exchTs[i] = T0 + BigInt(start + i) * 10n;
    c.localTs[i] = c.exchTs[i] + 5n;
    c.kind[i] = 1;
    c.side[i] = 1;
    c.price[i] = 100 + (start + i) * 0.01;
    c.qty[i] = 2;
  }
  c.length = n;
  return c;
}

/** A new path in the test folder. */
function file(): string {
  return path.join(dir, `f-${count++}.arrow`);
}

/** Writes `batches` batches of 50 rows in place (not closed); returns the writer and the file's size after each batch. */
function writeInPlace(at: string, batches: number): { writer: EventWriter; sizes: number[] } {
  const writer = openEventWriter(at, META, new Map(), { inPlace: true });
  const sizes: number[] = [];
  for (let b = 0; b < batches; b++) {
    writer.write(rows(b * 50, 50));
    sizes.push(fs.statSync(at).size);
  }
  return { writer, sizes };
}

describe("an event file written in place", () => {
  it("is readable while it is written, without its footer: every complete batch, marked unfinished", async () => {
    const at = file();
    const { writer } = writeInPlace(at, 5);
    expect(fs.readdirSync(dir).filter((f) => f.includes(".tmp-"))).toEqual([]); // no temp file: the file is the recording
    const reader = await openEventReader(at);
    expect(reader.numBatches).toBe(5);
    expect(reader.unfinished).toEqual({ batches: 5, droppedBytes: 0 });
    await reader.close();
    const all = await readAllEvents(at);
    expect(all.length).toBe(250);
    expect(all.exchTs[249]).toBe(T0 + 2490n);
    await writer.close();
  });

  it("cut inside a batch (a killed writer): the batches before it, and the cut bytes counted", async () => {
    const at = file();
    const { writer, sizes } = writeInPlace(at, 4);
    await writer.abandon();
    const whole = fs.readFileSync(at);
    // every cut inside the last batch's message: its prefix, its metadata, its body
    for (const cut of [sizes[2] + 3, sizes[2] + 40, Math.floor((sizes[2] + sizes[3]) / 2), sizes[3] - 1]) {
      const copy = file();
      fs.writeFileSync(copy, whole.subarray(0, cut));
      const reader = await openEventReader(copy);
      expect(reader.unfinished, `cut at ${cut}`).toEqual({ batches: 3, droppedBytes: cut - sizes[2] });
      await reader.close();
      expect((await readAllEvents(copy)).length).toBe(150);
    }
  });

  it("once closed, has its footer: read as any finished file", async () => {
    const at = file();
    const { writer } = writeInPlace(at, 3);
    await writer.close();
    const reader = await openEventReader(at);
    expect(reader.unfinished).toBeUndefined();
    expect(reader.numBatches).toBe(3);
    await reader.close();
  });

  it("a file not written in place that lost its end is still refused as corrupt", async () => {
    const at = file();
    await writeEventFile(at, META, [rows(0, 50), rows(50, 50)]);
    fs.truncateSync(at, fs.statSync(at).size - 100);
    const err = await openEventReader(at).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DataError);
    expect((err as Error).message).toMatch(/truncated or corrupt Arrow IPC file \(no ARROW1 magic at end: file incomplete\)/);
  });

  it("a full disk in the middle of a batch: the write fails, the file is cut back to its last complete batch and stays readable", async () => {
    // the sizes of the header and of a 50-row batch, from a file written without faults
    const { writer: scratch, sizes } = writeInPlace(file(), 2);
    await scratch.close();
    const batchBytes = sizes[1] - sizes[0];
    const headerBytes = sizes[0] - batchBytes;

    const at2 = file();
    const faults = fillDiskAfter(new RegExp(`${path.basename(at2)}$`), headerBytes + 2.5 * batchBytes);
    const writer = openEventWriter(at2, META, new Map(), { inPlace: true });
    writer.write(rows(0, 50));
    writer.write(rows(50, 50));
    expect(() => writer.write(rows(100, 50))).toThrow(/ENOSPC/);
    expect(faults.failures()).toBe(1);
    expect(fs.statSync(at2).size).toBe(headerBytes + 2 * batchBytes); // the half batch is gone
    expect(() => writer.write(rows(150, 50))).toThrow(/broken by an earlier failed write/);
    await writer.abandon();
    restoreDisk();
    const reader = await openEventReader(at2);
    expect(reader.unfinished).toEqual({ batches: 2, droppedBytes: 0 });
    await reader.close();
    expect((await readAllEvents(at2)).length).toBe(100);
  });

  it("a full disk while writing the footer: close fails, the file keeps its batches", async () => {
    const { writer: scratch, sizes } = writeInPlace(file(), 2);
    await scratch.close();
    const at = file();
    fillDiskAfter(new RegExp(`${path.basename(at)}$`), sizes[1] + 16); // the footer needs more than 16 bytes
    const writer = openEventWriter(at, META, new Map(), { inPlace: true });
    writer.write(rows(0, 50));
    writer.write(rows(50, 50));
    const size = fs.statSync(at).size;
    expect(size).toBe(sizes[1]);
    await expect(writer.close()).rejects.toThrow(/ENOSPC/);
    restoreDisk();
    expect(fs.statSync(at).size).toBe(size);
    const reader = await openEventReader(at);
    expect(reader.unfinished).toEqual({ batches: 2, droppedBytes: 0 });
    await reader.close();
  });
});
