import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { Zip, ZipPassThrough } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import { DataError, MmlabError } from "../../../src/core/errors.ts";
import { zipLines } from "../../../src/data/importers/bybit/zipLines.ts";
import { LineSplitter, MAX_LINE_BYTES, maxLineBytes } from "../../../src/data/importers/lineSplitter.ts";
import { readLines, type Line } from "../../../src/data/importers/lines.ts";

/** All lines of `chunks` through one splitter. */
function split(chunks: (string | Uint8Array)[], maxBytes = 1000): string[] {
  const s = new LineSplitter("f.txt", maxBytes);
  const out: string[] = [];
  for (const c of chunks) out.push(...s.push(typeof c === "string" ? Buffer.from(c) : c));
  return [...out, ...s.end()];
}

/** The DataError `fn` throws. */
function dataError(fn: () => unknown): DataError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DataError) return e;
    throw e;
  }
  throw new Error("no error thrown");
}

async function collect(lines: AsyncIterable<Line>): Promise<Line[]> {
  const out: Line[] = [];
  for await (const l of lines) out.push(l);
  return out;
}

describe("LineSplitter", () => {
  it("cuts at \\n across chunks, drops the \\r of \\r\\n, keeps empty lines and a last line without \\n", () => {
    expect(split(["a,b\nc", "d\r\n\n", "last"])).toEqual(["a,b", "cd", "", "last"]);
    expect(split(["x\n"])).toEqual(["x"]);
    expect(split([""])).toEqual([]);
    expect(split(["a\rb\n"])).toEqual(["a\rb"]);
  });

  it("a UTF-8 character split across two chunks is decoded whole", () => {
    const bytes = Buffer.from("prix €12\nß\n");
    const at = bytes.indexOf(0xe2) + 1; // inside the euro sign
    expect(split([bytes.subarray(0, at), bytes.subarray(at)])).toEqual(["prix €12", "ß"]);
  });

  it("the cap counts bytes: a line of exactly maxBytes passes (its \\r aside), one byte more is a DataError naming file and line", () => {
    expect(split([`${"a".repeat(10)}\r\n`], 10)).toEqual(["a".repeat(10)]);
    expect(split(["a".repeat(10)], 10)).toEqual(["a".repeat(10)]);
    const e = dataError(() => split(["ok\n", `${"a".repeat(11)}\n`], 10));
    expect(e.message).toBe("f.txt: line 2: longer than 10 bytes, the longest line mmlab reads (a lost line break, or not a text file?); MMLAB_MAX_LINE_BYTES raises the limit");
    // € is 3 bytes: 4 of them are 12 bytes, over a 10-byte cap though only 4 characters
    expect(dataError(() => split(["€€€€\n"], 10)).message).toMatch(/^f\.txt: line 1: longer than 10 bytes/);
    expect(split(["€€€\n"], 10)).toEqual(["€€€"]);
  });

  it("the lines before a long one in the same chunk come first, then the error, then nothing more", () => {
    const s = new LineSplitter("f.txt", 10);
    expect(s.push(Buffer.from(`one\ntwo\n${"x".repeat(20)}\nfour\n`))).toEqual(["one", "two"]);
    expect(() => s.push(Buffer.from("five\n"))).toThrow(/^f\.txt: line 3: longer than 10 bytes/);
    expect(() => s.end()).toThrow(/line 3/);
    const t = new LineSplitter("g.txt", 10);
    expect(t.push(Buffer.from(`one\n${"x".repeat(20)}`))).toEqual(["one"]);
    expect(() => t.end()).toThrow(/^g\.txt: line 2: longer than 10 bytes/);
  });

  it("refuses a long line while it grows, before its end arrives: memory stays bounded by the cap", () => {
    const s = new LineSplitter("big.txt", 1024);
    s.push(Buffer.from("header\n"));
    let pushed = 0;
    const e = dataError(() => {
      for (;;) {
        s.push(Buffer.alloc(256, 0x61));
        pushed += 256;
      }
    });
    expect(pushed).toBeLessThanOrEqual(1024 + 256);
    expect(e.message).toMatch(/^big\.txt: line 2: longer than 1 KiB/);
  });

  it("the default cap is 64 MiB; MMLAB_MAX_LINE_BYTES changes it, and a bad value is refused", () => {
    expect(MAX_LINE_BYTES).toBe(64 * 1024 * 1024);
    expect(maxLineBytes({})).toBe(MAX_LINE_BYTES);
    expect(maxLineBytes({ MMLAB_MAX_LINE_BYTES: "4096" })).toBe(4096);
    for (const bad of ["0", "-1", "1.5", "lots"]) expect(() => maxLineBytes({ MMLAB_MAX_LINE_BYTES: bad })).toThrow(MmlabError);
  });
});

describe("readers with the line cap", () => {
  let dir: string;
  const longLine = "9".repeat(5000);
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "mmlab-lines-"));
    const text = `a\r\nb\n${longLine}\nc\n`;
    writeFileSync(join(dir, "plain.csv"), text);
    writeFileSync(join(dir, "packed.csv.gz"), gzipSync(text));
    const parts: Uint8Array[] = [];
    const zip = new Zip((err, data) => {
      if (err) throw err;
      parts.push(data);
    });
    const entry = new ZipPassThrough("rows.csv");
    zip.add(entry);
    entry.push(Buffer.from(text), true);
    zip.end();
    writeFileSync(join(dir, "archive.zip"), Buffer.concat(parts));
  });

  it("readLines: the same lines and numbers as before the cap when under it", async () => {
    for (const file of ["plain.csv", "packed.csv.gz"]) {
      const lines = await collect(readLines(join(dir, file)));
      expect(lines).toEqual([
        { text: "a", number: 1 },
        { text: "b", number: 2 },
        { text: longLine, number: 3 },
        { text: "c", number: 4 },
      ]);
    }
  });

  it("readLines (plain and gzip) and zipLines: a line over the cap is a DataError naming the file and line 3", async () => {
    await expect(collect(readLines(join(dir, "plain.csv"), undefined, 4096))).rejects.toThrow(/plain\.csv: line 3: longer than 4 KiB/);
    await expect(collect(readLines(join(dir, "packed.csv.gz"), undefined, 4096))).rejects.toThrow(/packed\.csv\.gz: line 3: longer than 4 KiB/);
    const zipped = async () => {
      for await (const _ of zipLines(join(dir, "archive.zip"), undefined, 4096));
    };
    await expect(zipped()).rejects.toThrow(/archive\.zip:rows\.csv: line 3: longer than 4 KiB/);
  });

  it("a reader stopped early can be stopped again and reads nothing more", async () => {
    const it = readLines(join(dir, "plain.csv"));
    expect((await it.next()).value).toEqual({ text: "a", number: 1 });
    expect(await it.return(undefined)).toEqual({ value: undefined, done: true });
    expect((await it.next()).done).toBe(true);
  });
});
