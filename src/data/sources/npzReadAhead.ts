/**
 * A large deflated `.npz`'s array read ahead for a backtest (fileData.ts): a worker thread reads,
 * hashes and inflates it (InflateWorker.inflateFile) from the moment its entry is located, while
 * this thread loads the importer and probes the file; this thread then only decodes.
 *
 *   worker started ─ zip directory read, the array's entry located ─ file opened, digest looked up (HashedFileRead.open)
 *   ─ the worker reads (and hashes) the file, inflates the entry ─▶ blocks ─▶ decoded by the caller
 *   ─ the last block: the digest recorded (HashedFileRead.finish) ─ the worker stopped, the file closed (so too on an early stop)
 */
import type { InflateWorker } from "../importers/hftbacktest/inflateWorker.ts";
import { dataEntry, entryBytesReadAhead, entryDataStart, listZipEntries, type ZipEntry } from "../importers/hftbacktest/npz.ts";
import type { HashedFileRead } from "./fileHash.ts";

/** An array being read ahead. */
export interface ArrayReadAhead {
  /** The archive's entry holding the array. */
  entry: ZipEntry;
  /** Its uncompressed bytes, checked as entryBytes checks them; once they have all come, `read` knows the file's digest. */
  bytes: AsyncGenerator<Uint8Array>;
  /** Stops the worker and closes the file, when the bytes are not read after all. */
  close(): Promise<void>;
}

/**
 * Starts reading the array of the `.npz` at `path` through `read` (which opens the file and looks
 * its digest up) in `inflater`'s thread (started before, so that its start overlaps this);
 * undefined, and the worker stopped, when it cannot be read so: not a zip archive, no array to
 * read, a stored array, a file that cannot be opened — whatever is wrong, the probe that follows
 * says it, in its own words and order, or reads the file on this thread.
 */
export async function readArrayAhead(path: string, read: HashedFileRead, inflater: InflateWorker): Promise<ArrayReadAhead | undefined> {
  const stop = async (): Promise<void> => {
    await inflater.close();
    await read.close();
  };
  try {
    const entry = dataEntry(path, await listZipEntries(path));
    if (entry.method !== 8) {
      await stop();
      return undefined;
    }
    const dataStart = await entryDataStart(path, entry);
    const { fd, hash } = await read.open();
    const bytes = entryBytesReadAhead(path, entry, dataStart, inflater, fd, hash); // the worker reads from now on
    return { entry, bytes: thenRecorded(bytes, inflater, read), close: stop };
  } catch {
    await stop(); // (the probe meets the same failure and reports it)
    return undefined;
  }
}

/** `bytes`, then the file's digest recorded; the file closed at the end, early or not (after the worker stopped: `bytes` stop it). */
async function* thenRecorded(bytes: AsyncGenerator<Uint8Array>, inflater: InflateWorker, read: HashedFileRead): AsyncGenerator<Uint8Array> {
  try {
    yield* bytes;
    await read.finish(inflater.sha256());
  } finally {
    await read.close();
  }
}
