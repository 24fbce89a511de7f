import { statSync } from "node:fs";
import { open } from "node:fs/promises";
import { Unzip, UnzipInflate } from "fflate";
import { MmlabError } from "../../../core/errors.ts";
import { namingFile } from "../../../core/systemError.ts";
import { fileChunks } from "../fileChunks.ts";
import { LineSplitter, maxLineBytes } from "../lineSplitter.ts";
import { readLines } from "../lines.ts";

/** One text line of an input: the file (`archive.zip:entry` inside a zip), its 1-based number and text. */
export interface SourceLine {
  file: string;
  number: number;
  text: string;
}

/** True when the file starts with a zip local-file header (`PK\x03\x04`). */
export function isZip(path: string): Promise<boolean> {
  return namingFile(path, () => startsWithZipHeader(path)); // read(2) errors name no file
}

async function startsWithZipHeader(path: string): Promise<boolean> {
  const handle = await open(path, "r").catch((e: unknown) => {
    throw (e as NodeJS.ErrnoException).code === "ENOENT" ? new MmlabError(`${path}: no such file`) : e;
  });
  try {
    const buf = Buffer.alloc(4);
    await handle.read(buf, 0, 4, 0);
    return buf.readUInt32LE(0) === 0x04034b50;
  } finally {
    await handle.close();
  }
}

/** Streams the lines of a text input: a zip's entries in archive order, else the file itself (gzip-aware). */
export async function* sourceLines(path: string, onBytes?: (read: number, total: number) => void): AsyncGenerator<SourceLine> {
  if (await isZip(path)) {
    yield* zipLines(path, onBytes);
    return;
  }
  for await (const l of readLines(path, onBytes)) yield { file: path, number: l.number, text: l.text };
}

/**
 * Streams the text lines of every file in a zip archive, in archive order, with fflate's streaming
 * Unzip: memory stays bounded by one read chunk's inflated size, and a line by `maxBytes` (a longer
 * one is a DataError naming the entry and the line). CRLF line ends are accepted.
 */
export async function* zipLines(path: string, onBytes?: (read: number, total: number) => void, maxBytes: number = maxLineBytes()): AsyncGenerator<SourceLine> {
  const total = statSync(path).size;
  let ready: SourceLine[] = [];
  let failure: unknown;
  let lineError: unknown;
  const unfinished = new Set<string>();
  const unzip = new Unzip((entry) => {
    if (entry.name.endsWith("/")) return;
    const file = `${path}:${entry.name}`;
    const splitter = new LineSplitter(file, maxBytes);
    const push = (texts: string[]): void => {
      let number = splitter.nextLineNumber - texts.length;
      for (const text of texts) ready.push({ file, number: number++, text });
    };
    unfinished.add(file);
    entry.ondata = (err, data, final) => {
      if (err) {
        failure ??= err;
        return;
      }
      try {
        push(splitter.push(data));
        if (final) {
          push(splitter.end());
          unfinished.delete(file);
        }
      } catch (e) {
        lineError ??= e; // a line over the cap: reported as it is, naming the entry and the line
      }
    };
    try {
      entry.start();
    } catch (e) {
      failure ??= e;
    }
  });
  unzip.register(UnzipInflate);
  let read = 0;
  const take = (): SourceLine[] => {
    if (lineError !== undefined) throw lineError;
    if (failure !== undefined) throw new MmlabError(`${path}: cannot unzip (${failure instanceof Error ? failure.message : String(failure)})`);
    const out = ready;
    ready = [];
    return out;
  };
  for await (const bytes of fileChunks(path, 1 << 16)) {
    try {
      unzip.push(bytes);
    } catch (e) {
      failure ??= e;
    }
    onBytes?.((read += bytes.length), total);
    yield* take();
  }
  try {
    unzip.push(new Uint8Array(0), true);
  } catch (e) {
    failure ??= e;
  }
  yield* take();
  if (unfinished.size > 0) throw new MmlabError(`${path}: zip entry ${[...unfinished][0]} ends early (truncated archive?)`);
}
