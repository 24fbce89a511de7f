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
