import { ByteWindow } from "./byteWindow.ts";
import { HEADER_BYTES, KNOWN_RTYPES, LENGTH_UNIT_BYTES, PRELUDE_BYTES } from "./constants.ts";
import { decodeMetadata, decodePrelude, type DbnMetadata } from "./metadata.ts";
import { DbnRecordError, metadataError } from "./recordError.ts";
import { dbnBytes, type ByteProgress } from "./source.ts";

/**
 * A run of complete records in a ByteWindow: records start at `window.start` and end at `end`;
 * the one at `start` is record number `firstRecord` (1-based). Walk them with
 * `for (let at = start; at < end; at += bytes[at] * 4)`: every length was checked (≥ the header).
 */
export interface RecordRun {
  window: ByteWindow;
  end: number;
  firstRecord: number;
}

/**
 * Reads one DBN file: the metadata header at `open`, then the records in runs (`runs()`), each a
 * contiguous slice of the decompressed stream holding whole records only. A file that ends inside
 * a record, or a record whose length is shorter than the record header, is an error naming the
 * record and its byte offset.
 */
export class DbnReader {
  private records = 0;
  private constructor(
    readonly file: string,
    readonly metadata: DbnMetadata,
    private readonly chunks: AsyncGenerator<Uint8Array>,
    private readonly window: ByteWindow,
  ) {}

  /** Opens `file` and decodes its metadata header. */
  static async open(file: string, onProgress?: ByteProgress): Promise<DbnReader> {
    const chunks = dbnBytes(file, onProgress);
    const window = new ByteWindow();
    try {
      await fill(chunks, window, PRELUDE_BYTES, () => metadataError(file, undefined, `the file ends inside the ${PRELUDE_BYTES}-byte prelude`));
      const { version, length } = decodePrelude(file, window.bytes, window.view, window.start);
      await fill(chunks, window, PRELUDE_BYTES + length, () => metadataError(file, undefined, `the file ends inside the ${length}-byte metadata header`));
      const metadata = decodeMetadata(file, version, window.bytes, window.view, window.start + PRELUDE_BYTES, length);
      window.start += PRELUDE_BYTES + length;
      return new DbnReader(file, metadata, chunks, window);
    } catch (e) {
      await chunks.return(undefined);
      throw e;
    }
  }

  /** The records, in runs; the caller consumes a run entirely before asking for the next. */
  async *runs(): AsyncGenerator<RecordRun> {
    const w = this.window;
    const run: RecordRun = { window: w, end: w.start, firstRecord: 1 };
    let more = true;
    while (more) {
      run.firstRecord = this.records + 1;
      run.end = this.completeRecordsEnd();
      if (run.end > w.start) {
        yield run;
        w.start = run.end;
      }
      const next = await this.chunks.next();
      if (next.done) more = false;
      else w.append(next.value);
    }
    if (w.available > 0) this.truncated();
  }

  /** Closes the file (after an early stop). */
  async close(): Promise<void> {
    await this.chunks.return(undefined);
  }

  /** Where the last whole record after `window.start` ends (checking each length); counts them. */
  private completeRecordsEnd(): number {
    const { bytes, end } = this.window;
    let at = this.window.start;
    while (at < end) {
      const length = bytes[at] * LENGTH_UNIT_BYTES;
      if (length < HEADER_BYTES) this.fail(at, "length", `record length ${length} bytes is shorter than the ${HEADER_BYTES}-byte record header (a corrupt or misaligned stream)`);
      if (at + length > end) break;
      if (!KNOWN_RTYPES.has(bytes[at + 1])) this.fail(at, "rtype", `unknown record type 0x${bytes[at + 1].toString(16).padStart(2, "0")} (a corrupt or misaligned stream)`);
      at += length;
      this.records++;
    }
    return at;
  }

  private truncated(): never {
    const w = this.window;
    const left = w.available;
    const length = w.bytes[w.start] * LENGTH_UNIT_BYTES;
    return this.fail(w.start, "length", `truncated record: the file ends ${left} bytes into a ${length}-byte record`);
  }

  private fail(at: number, field: string, rule: string): never {
    throw new DbnRecordError(this.file, this.records + 1, this.window.offsetOf(at), field, rule);
  }
}

/** Appends chunks until the window holds `bytes` unread bytes; `eof()` is thrown if the file ends first. */
async function fill(chunks: AsyncGenerator<Uint8Array>, window: ByteWindow, bytes: number, eof: () => Error): Promise<void> {
  while (window.available < bytes) {
    const next = await chunks.next();
    if (next.done) throw eof();
    window.append(next.value);
  }
}
