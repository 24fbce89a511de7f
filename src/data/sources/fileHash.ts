import fs from "node:fs";
import { type DigestCache, type FileStamp, fileStamp, sameStamp } from "../../core/digestCache.ts";
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
 * never read a second time to be hashed. The bytes are read on this thread (chunks()), or through
 * the descriptor open() gives by another thread, which then hands their digest to finish().
 */
export class HashedFileRead {
  private sha256: string | undefined;
  private handle: fs.promises.FileHandle | undefined;
  private stamp: FileStamp | undefined;
  private cached: string | undefined;
  private clockNs: bigint | undefined;
  private stampAfterClock: FileStamp | undefined;

  constructor(
    readonly path: string,
    private readonly cache: DigestCache | undefined,
  ) {}

  /** The file's SHA-256 once its bytes have been read to the end; undefined before. */
  digest(): string | undefined {
    return this.sha256;
  }

  /**
   * Opens the file and looks its digest up: the descriptor to read it through, and whether its
   * bytes are to be hashed as they are read (no digest is recorded for the file as it is now).
   */
  async open(): Promise<{ fd: number; hash: boolean }> {
    const handle = await fs.promises.open(this.path, "r");
    this.handle = handle;
    const cache = this.cache;
    this.stamp = fileStamp(await handle.stat({ bigint: true }));
    this.cached = await cache?.lookup(this.stamp);
    this.clockNs = this.cached === undefined ? await cache?.clockNs() : undefined;
    this.stampAfterClock = this.clockNs === undefined ? undefined : fileStamp(await handle.stat({ bigint: true }));
    return { fd: handle.fd, hash: this.cached === undefined };
  }

  /**
   * Every byte was read through open()'s descriptor: `sha256` is their digest when open() asked
   * for one (else undefined). Records it under the cache's rules; digest() gives the file's now.
   */
  async finish(sha256: string | undefined): Promise<void> {
    if (this.cached !== undefined) {
      this.sha256 = this.cached;
      return;
    }
    this.sha256 = sha256;
    const { stamp, stampAfterClock, clockNs, handle } = this;
    if (sha256 === undefined || stamp === undefined || stampAfterClock === undefined || clockNs === undefined || handle === undefined) return;
    if (sameStamp(stamp, stampAfterClock) && sameStamp(stamp, fileStamp(await handle.stat({ bigint: true })))) {
      await this.cache!.record(stamp, sha256, clockNs);
    }
  }

  /** Closes the file (after the bytes were read, or when the reader stops early). */
  async close(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    await handle?.close();
  }

  /**
   * The file's bytes in chunks, each valid until the next is asked for: one buffer is filled again
   * for each (a fresh megabyte-sized array costs more than reading into it: page faults, zeroing).
   */
  async *chunks(): AsyncGenerator<Uint8Array> {
    try {
      const { hash } = await this.open();
      const handle = this.handle!;
      const hasher = hash ? newHasher() : undefined;
      const buf = new Uint8Array(READ_CHUNK);
      for (let position = 0; ; ) {
        const { bytesRead } = await handle.read(buf, 0, READ_CHUNK, position);
        if (bytesRead === 0) break;
        position += bytesRead;
        const chunk = buf.subarray(0, bytesRead);
        hasher?.update(chunk);
        yield chunk;
      }
      await this.finish(hasher?.digest("hex"));
    } finally {
      await this.close();
    }
  }
}
