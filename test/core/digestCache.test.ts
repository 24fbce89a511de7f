import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DigestCache, digestCacheDir, fileStamp, sameStamp, type FileStamp } from "../../src/core/digestCache.ts";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "mmlab-digests-"));
let n = 0;
const freshDir = () => path.join(root, `cache-${n++}`);
const SHA_A = "a".repeat(64);
const SHA_B = "b".repeat(64);

function stampOf(file: string): FileStamp {
  return fileStamp(fs.statSync(file, { bigint: true }));
}

/** Waits until the file system's clock (as the cache reads it) is past the file's ctime. */
async function clockAfter(cache: DigestCache, file: string): Promise<bigint> {
  const { ctimeNs } = fs.statSync(file, { bigint: true });
  for (;;) {
    const now = await cache.clockNs();
    if (now === undefined) throw new Error("cache directory not writable");
    if (now > ctimeNs) return now;
    await new Promise((r) => setTimeout(r, 2));
  }
}

describe("DigestCache", () => {
  it("finds a recorded digest by the file's stat data, and nothing for other stat data", async () => {
    const cache = new DigestCache(freshDir());
    const file = path.join(root, `data-${n++}.bin`);
    fs.writeFileSync(file, "some bytes");
    expect(await cache.lookup(stampOf(file))).toBeUndefined();
    await cache.record(stampOf(file), SHA_A, await clockAfter(cache, file));
    expect(await cache.lookup(stampOf(file))).toBe(SHA_A);
    expect(await cache.lookup({ ...stampOf(file), size: 11n })).toBeUndefined();
    expect(await cache.lookup({ ...stampOf(file), ino: stampOf(file).ino + 1n })).toBeUndefined();
  });

  it("a rewrite of the same size with the old modification time put back is a different file (its ctime moved)", async () => {
    const cache = new DigestCache(freshDir());
    const file = path.join(root, `data-${n++}.bin`);
    fs.writeFileSync(file, "0123456789");
    const before = stampOf(file);
    await cache.record(before, SHA_A, await clockAfter(cache, file));
    const { atime, mtime } = fs.statSync(file);
    await new Promise((r) => setTimeout(r, 20));
    fs.writeFileSync(file, "9876543210");
    fs.utimesSync(file, atime, mtime);
    const after = stampOf(file);
    expect(after.size).toBe(before.size);
    expect(sameStamp(before, after)).toBe(false);
    expect(await cache.lookup(after)).toBeUndefined();
  });

  it("does not record a file changed at or after the clock reading taken before it was hashed (racily clean)", async () => {
    const cache = new DigestCache(freshDir());
    const file = path.join(root, `data-${n++}.bin`);
    fs.writeFileSync(file, "x");
    const stamp = stampOf(file);
    await cache.record(stamp, SHA_A, stamp.ctimeNs); // the file changed in the clock's current tick
    expect(await cache.lookup(stamp)).toBeUndefined();
    await cache.record(stamp, SHA_A, stamp.ctimeNs + 1n);
    expect(await cache.lookup(stamp)).toBe(SHA_A);
  });

  it("keeps one entry per stat data (the latest) and only the most recent 64 files", async () => {
    const cache = new DigestCache(freshDir());
    const stamp = (i: number): FileStamp => ({ dev: 1n, ino: BigInt(i), size: 10n, mtimeNs: 5n, ctimeNs: 5n });
    await cache.record(stamp(0), SHA_A, 10n);
    await cache.record(stamp(0), SHA_B, 10n);
    expect(await cache.lookup(stamp(0))).toBe(SHA_B);
    for (let i = 1; i <= 64; i++) await cache.record(stamp(i), SHA_A, 10n);
    expect(await cache.lookup(stamp(0))).toBeUndefined();
    expect(await cache.lookup(stamp(1))).toBe(SHA_A);
    expect(JSON.parse(fs.readFileSync(path.join(cache.dir, "file-digests.json"), "utf8")).entries).toHaveLength(64);
  });

  it("ignores a cache file it cannot read, and replaces it on the next record", async () => {
    const cache = new DigestCache(freshDir());
    fs.mkdirSync(cache.dir, { recursive: true });
    const stamp: FileStamp = { dev: 1n, ino: 2n, size: 3n, mtimeNs: 4n, ctimeNs: 4n };
    for (const junk of ["{not json", JSON.stringify({ version: 2, entries: [] }), JSON.stringify({ version: 1, entries: [{ dev: "1", ino: "2", size: "3", mtimeNs: "4", ctimeNs: "4", sha256: "short" }] })]) {
      fs.writeFileSync(path.join(cache.dir, "file-digests.json"), junk);
      expect(await cache.lookup(stamp)).toBeUndefined();
    }
    await cache.record(stamp, SHA_A, 10n);
    expect(await cache.lookup(stamp)).toBe(SHA_A);
  });

  it("a directory it cannot write gives no clock reading (so nothing is recorded), and no error", async () => {
    const blocker = path.join(root, `file-${n++}`);
    fs.writeFileSync(blocker, "");
    const cache = new DigestCache(path.join(blocker, "sub")); // a path under a regular file
    expect(await cache.clockNs()).toBeUndefined();
    expect(await cache.lookup({ dev: 1n, ino: 2n, size: 3n, mtimeNs: 4n, ctimeNs: 4n })).toBeUndefined();
  });

  it("lives in MMLAB_CACHE_DIR, else XDG_CACHE_HOME/mmlab, else ~/.cache/mmlab; MMLAB_CACHE_DIR=off turns it off", () => {
    expect(digestCacheDir({ MMLAB_CACHE_DIR: "/x/y" })).toBe("/x/y");
    expect(digestCacheDir({ MMLAB_CACHE_DIR: "off" })).toBeUndefined();
    expect(digestCacheDir({ XDG_CACHE_HOME: "/c" })).toBe(path.join("/c", "mmlab"));
    expect(digestCacheDir({})).toBe(path.join(os.homedir(), ".cache", "mmlab"));
  });
});
