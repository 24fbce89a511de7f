import { createReadStream, statSync } from "node:fs";
import { createInterface } from "node:readline";
import { createGunzip } from "node:zlib";
import { MmlabError } from "../../core/errors.ts";
import { checkInputFile } from "./inputFile.ts";

/** One line of a text input, with its 1-based number. */
export interface Line {
  text: string;
  number: number;
}

/**
 * Streams the lines of a text file, gunzipping `.gz` files (or any file starting with the gzip
 * magic). Memory stays bounded whatever the file size. `onBytes` reports compressed bytes read.
 */
export async function* readLines(path: string, onBytes?: (read: number, total: number) => void): AsyncGenerator<Line> {
  checkInputFile(path);
  const total = statSync(path).size;
  const raw = createReadStream(path);
  const gz = path.endsWith(".gz") || (await startsWithGzipMagic(path));
  const input = gz ? raw.pipe(createGunzip()) : raw;
  const errors: Error[] = [];
  input.on("error", (e: Error) => errors.push(e));
  raw.on("error", (e) => errors.push(e));
  const rl = createInterface({ input, crlfDelay: Infinity });
  let number = 0;
  try {
    for await (const text of rl) {
      number++;
      // bytesRead, not a 'data' listener: a listener would put the stream in flowing mode and
      // race the line reader.
      if (onBytes !== undefined && (number & 4095) === 0) onBytes(raw.bytesRead, total);
      yield { text, number };
    }
    onBytes?.(raw.bytesRead, total);
  } catch (e) {
    errors.push(e as Error);
  } finally {
    // A caller that stops early must not leave the streams reading (and failing) in the background.
    rl.close();
    input.destroy();
    raw.destroy();
  }
  if (errors.length > 0) throw new MmlabError(`${path}: line ${number + 1}: cannot read (${errors[0].message}; truncated or corrupt?)`);
}

async function startsWithGzipMagic(path: string): Promise<boolean> {
  const { open } = await import("node:fs/promises");
  const handle = await open(path, "r");
  try {
    const buf = Buffer.alloc(2);
    await handle.read(buf, 0, 2, 0);
    return buf[0] === 0x1f && buf[1] === 0x8b;
  } finally {
    await handle.close();
  }
}
