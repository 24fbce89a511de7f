import { createReadStream, statSync } from "node:fs";
import { Decompress } from "fzstd";
import { DataError } from "../../../core/errors.ts";
import { isEnvironmentError, withPath } from "../../../core/systemError.ts";
import { DBN_MAGIC, ZSTD_MAGIC } from "./constants.ts";

/** Called with the (compressed) bytes of the file read so far and the file's size. */
export type ByteProgress = (bytesRead: number, bytesTotal: number) => void;

const READ_CHUNK_BYTES = 1 << 16;

/**
 * Streams the DBN bytes of a file: zstd-compressed (`.dbn.zst`, any number of frames) or plain
 * (`.dbn`), told apart by their first bytes, not by the name. Memory stays bounded: the file is
 * read in 64 KiB chunks and zstd output comes a block (≤ 128 KiB) at a time. A chunk handed out
 * may be reused by the decompressor once the next one is asked for: copy what you keep.
 */
export async function* dbnBytes(file: string, onProgress?: ByteProgress): AsyncGenerator<Uint8Array> {
  let total: number;
  try {
    total = statSync(file).size;
  } catch (err) {
    if (isEnvironmentError(err) && err.code !== "ENOENT") throw err;
    throw new DataError(file, undefined, undefined, "no such file");
  }
  const stream = createReadStream(file, { highWaterMark: READ_CHUNK_BYTES });
  let decoder: Decompress | undefined;
  let plain = false;
  const out: Uint8Array[] = [];
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const bytes = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      if (decoder === undefined && !plain) {
        if (startsWith(bytes, ZSTD_MAGIC)) decoder = new Decompress((data) => out.push(data));
        else if (startsWith(bytes, DBN_MAGIC)) plain = true;
        else throw new DataError(file, undefined, undefined, `not a DBN file: it starts with neither "DBN" nor a zstd frame (first bytes ${hex(bytes.subarray(0, 4))})`);
      }
      if (decoder !== undefined) {
        inflate(file, decoder, bytes, false);
        for (const data of out) yield data;
        out.length = 0;
      } else yield bytes;
      onProgress?.(stream.bytesRead, total);
    }
    if (decoder === undefined && !plain) throw new DataError(file, undefined, undefined, "empty file: expected a DBN stream");
    if (decoder !== undefined) {
      // The final push checks that the last frame is complete (a cut file ends inside one).
      inflate(file, decoder, new Uint8Array(0), true);
      for (const data of out) yield data;
    }
  } catch (err) {
    throw withPath(err, file); // read(2) errors name no file
  } finally {
    stream.destroy();
  }
}

function inflate(file: string, decoder: Decompress, bytes: Uint8Array, final: boolean): void {
  try {
    decoder.push(bytes, final);
  } catch (e) {
    const what = (e as Error).message === "unexpected EOF" ? "truncated or corrupt zstd data (unexpected end of a frame)" : `corrupt zstd data (${(e as Error).message})`;
    throw new DataError(file, undefined, "zstd", what);
  }
}

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join(" ");
}
