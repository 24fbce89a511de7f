import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MmlabError } from "../../../src/core/errors.ts";
import { writeHftbacktestNpz } from "../../../src/data/exporters/hftbacktestNpz.ts";
import { writeZip, type ZipOptions, type ZipSource } from "../../../src/data/exporters/zipWriter.ts";
import { listZipEntries, zipEntryChunks } from "../../../src/data/importers/hftbacktest/npz.ts";
import { allocEventColumns, EventKind, type EventColumns } from "../../../src/data/schema.ts";

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "mmlab-zip-"));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Bytes that compress: a repeating ramp with some noise. */
function payload(n: number, seed: number): Uint8Array {
  const b = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    b[i] = (i % 251) ^ (x >>> 29);
  }
  return b;
}

/** The payload in uneven chunks, as a sync or an async iterable. */
function chunked(bytes: Uint8Array, size: number, async = false): Iterable<Uint8Array> | AsyncIterable<Uint8Array> {
  const parts: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += size) parts.push(bytes.subarray(at, at + size));
  if (!async) return parts;
  return (async function* () {
    for (const p of parts) yield p;
  })();
}

async function zipFile(name: string, sources: ZipSource[], options?: ZipOptions): Promise<string> {
  const file = path.join(dir, name);
  const fd = fs.openSync(file, "w+");
  try {
    await writeZip(fd, sources, options);
  } finally {
    fs.closeSync(fd);
  }
  return file;
}

async function readEntry(file: string, name: string): Promise<Uint8Array> {
  const entry = (await listZipEntries(file)).find((e) => e.name === name)!;
  const parts: Uint8Array[] = [];
  for await (const c of zipEntryChunks(file, entry)) parts.push(c);
  return Buffer.concat(parts);
}

const A = payload(300_000, 1);
const B = payload(1_000, 2);

describe("writeZip (fflate's Zip)", () => {
  for (const level of [0, 1, 6, 9]) {
    it(`level ${level}: the project's .npz reader and fflate's unzip read every entry back`, async () => {
      const file = await zipFile(`l${level}.zip`, [
        { name: "a.npy", chunks: chunked(A, 65_536, true) },
        { name: "b.npy", chunks: chunked(B, 7) },
        { name: "empty.npy", chunks: [] },
      ], { level });
      const entries = await listZipEntries(file);
      expect(entries.map((e) => [e.name, e.method, e.size])).toEqual([
        ["a.npy", level === 0 ? 0 : 8, A.length],
        ["b.npy", level === 0 ? 0 : 8, B.length],
        ["empty.npy", level === 0 ? 0 : 8, 0],
      ]);
      if (level > 0) expect(entries[0].compressedSize).toBeLessThan(A.length);
      expect(Buffer.from(await readEntry(file, "a.npy")).equals(Buffer.from(A))).toBe(true);
      expect(Buffer.from(await readEntry(file, "b.npy")).equals(Buffer.from(B))).toBe(true);
      const all = unzipSync(new Uint8Array(fs.readFileSync(file)));
      expect(Object.keys(all)).toEqual(["a.npy", "b.npy", "empty.npy"]);
      expect(Buffer.from(all["a.npy"]).equals(Buffer.from(A))).toBe(true);
      expect(all["empty.npy"].length).toBe(0);
    });
  }

  it("gives byte-identical archives for the same input, in any time zone (entry times fixed at 1980-01-01 00:00)", async () => {
    const tz = process.env.TZ;
    const bytes: Buffer[] = [];
    try {
      for (const zone of ["UTC", "Pacific/Kiritimati", "America/St_Johns", "Asia/Kathmandu"]) {
        process.env.TZ = zone;
        const file = await zipFile(`tz-${zone.replace("/", "-")}.zip`, [{ name: "a.npy", chunks: chunked(A, 10_000) }, { name: "b.npy", chunks: [B] }]);
        bytes.push(fs.readFileSync(file));
      }
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
    for (const b of bytes.slice(1)) expect(b.equals(bytes[0])).toBe(true);
    // local header: time 00:00:00 (offset 10), date 1980-01-01 = 0x0021 (offset 12)
    expect(bytes[0].readUInt32LE(0)).toBe(0x04034b50);
    expect(bytes[0].readUInt16LE(10)).toBe(0);
    expect(bytes[0].readUInt16LE(12)).toBe(0x21);
  });

  it("refuses to pass the size a zip without zip64 holds, rather than write sizes that wrap", async () => {
    await expect(zipFile("big.zip", [{ name: "a.npy", chunks: chunked(A, 50_000) }], { level: 0, maxBytes: 100_000 })).rejects.toThrow(MmlabError);
    await expect(zipFile("big2.zip", [{ name: "a.npy", chunks: chunked(A, 50_000) }], { level: 0, maxBytes: 100_000 })).rejects.toThrow(/the archive would pass 4 GiB, which needs zip64/);
    // an entry that deflates small but is too large itself
    await expect(zipFile("big3.zip", [{ name: "zeros.npy", chunks: chunked(new Uint8Array(150_000), 50_000) }], { level: 6, maxBytes: 100_000 })).rejects.toThrow(/zeros\.npy would pass 4 GiB/);
    await expect(zipFile("bad.zip", [], { level: 11 })).rejects.toThrow(/level 11/);
  });
});

/** A small market: one event of each kind per 8 rows, clears at price 0. */
function events(n: number): EventColumns {
  const c = allocEventColumns(n);
  for (let i = 0; i < n; i++) {
    c.exchTs[i] = 1_700_000_000_000_000_000n + BigInt(i) * 1_000n;
    c.localTs[i] = c.exchTs[i] + 700n;
    c.kind[i] = (i % 8) + 1;
    c.side[i] = i % 2 === 0 ? 1 : -1;
    c.price[i] = c.kind[i] === EventKind.DEPTH_CLEAR ? 0 : 30_000 + (i % 40) * 0.1;
    c.qty[i] = (i % 5) * 0.25;
    c.orderId[i] = 0n;
  }
  c.length = n;
  return c;
}

/** A Python with numpy, or undefined (`python3` first, then Debian's). */
function pythonWithNumpy(): string | undefined {
  for (const py of ["python3", "/usr/bin/python3"]) {
    const r = spawnSync(py, ["-c", "import numpy"], { stdio: "ignore" });
    if (r.status === 0) return py;
  }
  return undefined;
}

const python = pythonWithNumpy();
if (!python) console.warn("SKIPPED the numpy check of .npz files: no python3 with numpy (apt-get install python3-numpy)");

describe("hftbacktest .npz through fflate's zip", () => {
  it("is byte-identical across runs", async () => {
    const a = path.join(dir, "a.npz");
    const b = path.join(dir, "b.npz");
    await writeHftbacktestNpz(a, [events(4_000)], { sizeGrid: 1e-8 });
    await writeHftbacktestNpz(b, [events(4_000)], { sizeGrid: 1e-8 });
    expect(fs.readFileSync(a).equals(fs.readFileSync(b))).toBe(true);
  });

  (python ? it : it.skip)("loads in numpy (np.load), deflated and stored, with hftbacktest's record layout", async () => {
    for (const level of [6, 0]) {
      const file = path.join(dir, `np-${level}.npz`);
      await writeHftbacktestNpz(file, [events(1_000)], { level });
      const script = [
        "import sys, json, numpy as np",
        "z = np.load(sys.argv[1])",
        "d = z['data']",
        "print(json.dumps({'files': z.files, 'n': int(d.shape[0]), 'names': list(d.dtype.names), 'itemsize': d.dtype.itemsize,",
        "  'exch0': str(d['exch_ts'][0]), 'local0': str(d['local_ts'][0]), 'px1': float(d['px'][1]), 'qty1': float(d['qty'][1])}))",
      ].join("\n");
      const r = spawnSync(python!, ["-c", script, file], { encoding: "utf8" });
      expect(r.stderr).toBe("");
      expect(JSON.parse(r.stdout)).toEqual({
        files: ["data"],
        n: 1_000,
        names: ["ev", "exch_ts", "local_ts", "px", "qty", "order_id", "ival", "fval"],
        itemsize: 64,
        exch0: "1700000000000000000",
        local0: "1700000000000000700",
        px1: 30_000.1,
        qty1: 0.25,
      });
    }
  });
});
