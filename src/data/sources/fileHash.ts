import fs from "node:fs";
import { type DigestCache, fileStamp, sameStamp } from "../../core/digestCache.ts";
import { newHasher } from "../../core/hash.ts";

/** SHA-256 of a file: the cached digest when its stat data are unchanged, else hashed (and recorded). */
export async function hashFileCached(path: string, cache: DigestCache | undefined): Promise<string> {
  if (cache === undefined) return hashFile(path);
  const stamp = fileStamp(await fs.promises.stat(path, { bigint: true }));
  const cached = await cache.lookup(stamp);
  if (cached !== undefined) return cached;
  const clockNs = await cache.clockNs();
  const before = fileStamp(await fs.promises.stat(path, { bigint: true }));
  const digest = await hashFile(path);
  const after = fileStamp(await fs.promises.stat(path, { bigint: true }));
  if (clockNs !== undefined && sameStamp(before, after)) await cache.record(before, digest, clockNs);
  return digest;
}

/** SHA-256 of a file's bytes. */
export function hashFile(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hasher = newHasher();
    fs.createReadStream(path)
      .on("data", (chunk) => hasher.update(chunk))
      .on("error", reject)
      .on("end", () => resolve(hasher.digest("hex")));
  });
}

/** Bytes read at a time by HashedFileRead. */
const READ_CHUNK = 1 << 20;

/**
 * A file read once, first byte to last, for a reader that takes every byte (an `.npz` or `.npy`
 * read for a backtest): its SHA-256 comes from the digest cache when the file's stat data are
 * those recorded with a digest, else from the bytes as they are read, recorded then under the
 * cache's rules (core/digestCache.ts; as fileData.ts does for event files). Either way the file is
 * never read a second time to be hashed.
 */
export class HashedFileRead {
  private sha256: string | undefined;

  constructor(
    readonly path: string,
    private readonly cache: DigestCache | undefined,
  ) {}

  /** The file's SHA-256 once chunks() has been read to the end; undefined before. */
  digest(): string | undefined {
    return this.sha256;
  }

  /**
   * The file's bytes in chunks, each valid until the next is asked for: one buffer is filled again
   * for each (a fresh megabyte-sized array costs more than reading into it: page faults, zeroing).
   */
  async *chunks(): AsyncGenerator<Uint8Array> {
    const handle = await fs.promises.open(this.path, "r");
    try {
      const cache = this.cache;
      const stamp = fileStamp(await handle.stat({ bigint: true }));
      const cached = await cache?.lookup(stamp);
      const clockNs = cached === undefined ? await cache?.clockNs() : undefined;
      const stampAfterClock = clockNs === undefined ? undefined : fileStamp(await handle.stat({ bigint: true }));
      const hasher = cached === undefined ? newHasher() : undefined;
      const buf = new Uint8Array(READ_CHUNK);
      for (let position = 0; ; ) {
        const { bytesRead } = await handle.read(buf, 0, READ_CHUNK, position);
        if (bytesRead === 0) break;
        position += bytesRead;
        const chunk = buf.subarray(0, bytesRead);
        hasher?.update(chunk);
        yield chunk;
      }
      if (hasher === undefined) {
        this.sha256 = cached;
        return;
      }
      const digest = hasher.digest("hex");
      this.sha256 = digest;
      if (stampAfterClock !== undefined && sameStamp(stamp, stampAfterClock) && sameStamp(stamp, fileStamp(await handle.stat({ bigint: true })))) {
        await cache!.record(stamp, digest, clockNs!);
      }
    } finally {
      await handle.close();
    }
  }
}
