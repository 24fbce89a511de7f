/**
 * Streams entries into a zip archive with fflate's `Zip` (what `.npz` needs): each entry deflated
 * (`ZipDeflate`) or stored (`ZipPassThrough`) chunk by chunk and written straight to a file
 * descriptor, so memory stays bounded whatever the size. Every entry's time is fixed
 * (1980-01-01 00:00, the first DOS date), so equal input gives byte-identical archives.
 *
 * fflate writes no zip64 records, so an archive (and each entry, before and after compression)
 * must stay under 4 GiB: writeZip throws a MmlabError past that rather than write sizes that wrap.
 */
import fs from "node:fs";
import { Zip, ZipDeflate, ZipPassThrough, type DeflateOptions } from "fflate";
import { MmlabError } from "../../core/errors.ts";
import { turnEventLoop } from "../../core/eventLoop.ts";

/** One file to put in the archive. */
export interface ZipSource {
  name: string;
  chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>;
}

export interface ZipOptions {
  /** Deflate level 1-9, or 0 to store uncompressed (default 6, like zlib and np.savez_compressed). */
  level?: number;
  /** Largest archive or entry size allowed, bytes (default and most: ZIP32_MAX_BYTES; lower only to test the limit). */
  maxBytes?: number;
}

/** Largest size or offset a zip without zip64 records holds (0xFFFFFFFF marks a zip64 value). */
export const ZIP32_MAX_BYTES = 0xffffffff - 1;

/**
 * The entries' time, 1980-01-01 00:00:00 in every time zone: fflate encodes the DOS time from the
 * Date's local-time fields, so the Date is built from local-time fields too, at each call (the
 * process's time zone may change).
 */
function fixedMtime(): Date {
  return new Date(1980, 0, 1, 0, 0, 0);
}

/** Writes the entries, in order, as a zip archive to `fd` from its current position (0 for a new file). */
export async function writeZip(fd: number, sources: readonly ZipSource[], options: ZipOptions = {}): Promise<void> {
  const level = options.level ?? 6;
  if (!Number.isInteger(level) || level < 0 || level > 9) throw new MmlabError(`zip: deflate level ${level}: must be an integer 0-9`);
  const max = Math.min(options.maxBytes ?? ZIP32_MAX_BYTES, ZIP32_MAX_BYTES);
  let written = 0;
  let failure: Error | undefined;
  const zip = new Zip((err, data) => {
    if (err) {
      failure ??= err;
      return;
    }
    if (failure) return;
    if (written + data.length > max) {
      failure = tooLarge("the archive");
      return;
    }
    for (let done = 0; done < data.length; ) done += fs.writeSync(fd, data, done, data.length - done);
    written += data.length;
  });
  try {
    for (const source of sources) {
      const entry =
        level === 0
          ? new ZipPassThrough(source.name)
          : new ZipDeflate(source.name, { level: level as DeflateOptions["level"] });
      entry.mtime = fixedMtime();
      zip.add(entry);
      let size = 0;
      for await (const chunk of source.chunks) {
        size += chunk.length;
        if (size > max) throw tooLarge(source.name);
        entry.push(chunk);
        if (failure) throw failure;
        await turnEventLoop(); // chunks read from disk synchronously would hold off Ctrl-C
      }
      entry.push(new Uint8Array(0), true);
      if (failure) throw failure;
    }
    zip.end();
    if (failure) throw failure;
  } catch (err) {
    zip.terminate();
    throw err instanceof MmlabError ? err : new MmlabError(`zip: ${(err as Error).message}`);
  }
}

function tooLarge(what: string): MmlabError {
  return new MmlabError(`zip: ${what} would pass 4 GiB, which needs zip64 records; fflate writes none (split the data, e.g. by day)`);
}
