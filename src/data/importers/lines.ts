import { createReadStream, statSync } from "node:fs";
import { createGunzip } from "node:zlib";
import { MmlabError } from "../../core/errors.ts";
import { isEnvironmentError, namingFile, withPath } from "../../core/systemError.ts";
import { checkInputFile } from "./inputFile.ts";
import { LineSplitter, maxLineBytes } from "./lineSplitter.ts";

/** One line of a text input, with its 1-based number. */
export interface Line {
  text: string;
  number: number;
}

/**
 * Streams the lines of a text file, gunzipping `.gz` files (or any file starting with the gzip
 * magic). Memory stays bounded whatever the file size: a line longer than `maxBytes` (default:
 * MAX_LINE_BYTES, or MMLAB_MAX_LINE_BYTES) is a DataError naming the file and the line. A failure
 * of the system (a forbidden file, an I/O error) is thrown as it is, naming the file; a gzip
 * stream that breaks off names the line it broke off at. `onBytes` reports compressed bytes read.
 */
export function readLines(path: string, onBytes?: (read: number, total: number) => void, maxBytes: number = maxLineBytes()): AsyncGenerator<Line> {
  return new FlatLines(lineBatches(path, onBytes, maxBytes));
}

/** readLines' lines, a batch per chunk read. */
async function* lineBatches(path: string, onBytes: ((read: number, total: number) => void) | undefined, maxBytes: number): AsyncGenerator<Line[]> {
  checkInputFile(path);
  const total = statSync(path).size;
  // before the stream opens: a stream failing to open while nothing listens would crash the process
  const gz = path.endsWith(".gz") || (await namingFile(path, () => startsWithGzipMagic(path)));
  const raw = createReadStream(path);
  const input = gz ? raw.pipe(createGunzip()) : raw;
  // pipe() does not pass a read error on: without this the gunzip stream would wait forever
  if (gz) raw.on("error", (e) => input.destroy(e));
  const splitter = new LineSplitter(path, maxBytes);
  let chunks = 0;
  try {
    for await (const chunk of input) {
      yield numbered(splitter.push(chunk as Buffer), splitter.nextLineNumber);
      // bytesRead, not a 'data' listener: a listener would put the stream in flowing mode and
      // race the iteration.
      if (onBytes !== undefined && (++chunks & 15) === 0) onBytes(raw.bytesRead, total);
    }
    yield numbered(splitter.end(), splitter.nextLineNumber);
    onBytes?.(raw.bytesRead, total);
  } catch (e) {
    if (e instanceof MmlabError) throw e;
    if (isEnvironmentError(e)) throw withPath(e, path);
    throw new MmlabError(`${path}: line ${splitter.nextLineNumber}: cannot read (${(e as Error).message}; truncated or corrupt?)`);
  } finally {
    // A caller that stops early must not leave the streams reading (and failing) in the background.
    input.destroy();
    raw.destroy();
  }
}

/** Lines numbered so that the last one is `next - 1`. */
function numbered(texts: string[], next: number): Line[] {
  const first = next - texts.length;
  return texts.map((text, i) => ({ text, number: first + i }));
}

/**
 * The lines of the batches one by one. An async generator yielding each line costs a few promise
 * turns per line, which made reading text files twice as slow as Node's readline; here a line
 * of a batch already read is a promise settled at once.
 */
class FlatLines implements AsyncGenerator<Line> {
  private batch: Line[] = [];
  private at = 0;

  constructor(private readonly batches: AsyncGenerator<Line[]>) {}

  next(): Promise<IteratorResult<Line>> {
    if (this.at < this.batch.length) return Promise.resolve({ value: this.batch[this.at++], done: false });
    return this.pull();
  }

  async return(): Promise<IteratorResult<Line>> {
    this.batch = [];
    await this.batches.return([]);
    return { value: undefined, done: true };
  }

  async throw(e: unknown): Promise<IteratorResult<Line>> {
    this.batch = [];
    await this.batches.return([]);
    throw e;
  }

  [Symbol.asyncIterator](): AsyncGenerator<Line> {
    return this;
  }

  private async pull(): Promise<IteratorResult<Line>> {
    for (;;) {
      const r = await this.batches.next();
      if (r.done === true) return { value: undefined, done: true };
      this.batch = r.value;
      this.at = 0;
      if (this.batch.length > 0) return { value: this.batch[this.at++], done: false };
    }
  }
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
