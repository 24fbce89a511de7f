import { StringDecoder } from "node:string_decoder";
import { DataError, MmlabError } from "../../core/errors.ts";

/**
 * The longest line a text input may hold, in bytes. Real lines are at most a few MB (a full
 * order-book snapshot); a longer one is a lost line break or binary data, and far beyond it Node
 * itself crashes building the string (or runs out of memory) instead of saying which file.
 */
export const MAX_LINE_BYTES = 64 * 1024 * 1024;

/** The line cap in force: MMLAB_MAX_LINE_BYTES when set (for inputs with longer lines), else MAX_LINE_BYTES. */
export function maxLineBytes(env: NodeJS.ProcessEnv = process.env): number {
  const text = env.MMLAB_MAX_LINE_BYTES;
  if (text === undefined || text === "") return MAX_LINE_BYTES;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1) throw new MmlabError(`MMLAB_MAX_LINE_BYTES=${JSON.stringify(text)}: must be a whole number of bytes ≥ 1`);
  return value;
}

/**
 * Cuts a stream of bytes into text lines (UTF-8; "\n" ends a line, a "\r" before it is dropped;
 * a last line without "\n" counts), refusing any line longer than `maxBytes` as soon as it grows
 * past it, so memory stays bounded by the cap whatever the input.
 */
export class LineSplitter {
  // Decoding whole chunks and cutting the text is about three times faster than cutting bytes
  // and decoding each line; a character split across two chunks waits in the decoder.
  private readonly decoder = new StringDecoder("utf8");
  private pending: string[] = [];
  private pendingBytes = 0;
  /** A line over the cap, thrown once the lines before it were handed out. */
  private failure: DataError | undefined;
  /** 1-based number of the line being read. */
  private number: number;

  constructor(
    private readonly file: string,
    private readonly maxBytes: number = MAX_LINE_BYTES,
    firstLine = 1,
  ) {
    this.number = firstLine;
  }

  /** The number the next line returned will have. */
  get nextLineNumber(): number {
    return this.number;
  }

  /** The lines `chunk` completes, in order. */
  push(chunk: Uint8Array): string[] {
    return this.cut(this.decoder.write(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
  }

  /** The last line, when the input did not end with "\n". */
  end(): string[] {
    // the decoder's tail is at most a broken character, never a "\n": it completes no line
    const lines = this.cut(this.decoder.end());
    if (this.failure !== undefined) throw this.failure;
    if (this.pending.length > 0) lines.push(this.take(""));
    return lines;
  }

  private cut(text: string): string[] {
    if (this.failure !== undefined) throw this.failure;
    const lines: string[] = [];
    try {
      let start = 0;
      for (let nl = text.indexOf("\n"); nl !== -1; nl = text.indexOf("\n", start)) {
        lines.push(this.take(text.slice(start, nl)));
        start = nl + 1;
      }
      if (start < text.length) {
        const rest = text.slice(start);
        this.pending.push(rest);
        this.pendingBytes += Buffer.byteLength(rest);
        // one byte over: a "\r" that the "\n" to come would drop
        if (this.pendingBytes > this.maxBytes + 1) this.tooLong();
      }
    } catch (e) {
      // the lines before the long one come first, as they stand in the file
      if (!(e instanceof DataError) || lines.length === 0) throw e;
      this.failure = e;
    }
    return lines;
  }

  /** The pending text plus `last` as one line, without a final "\r". */
  private take(last: string): string {
    let line = this.pending.length === 0 ? last : this.pending.join("") + last;
    if (line.endsWith("\r")) line = line.slice(0, -1);
    // a UTF-8 byte per UTF-16 unit at least, three at most: count the bytes only near the cap
    if (line.length > this.maxBytes || (line.length * 3 > this.maxBytes && Buffer.byteLength(line) > this.maxBytes)) this.tooLong();
    this.pending = [];
    this.pendingBytes = 0;
    this.number++;
    return line;
  }

  private tooLong(): never {
    this.pending = []; // not kept alive by a caller that holds on to the splitter
    throw new DataError(this.file, undefined, `line ${this.number}`, `longer than ${byteText(this.maxBytes)}, the longest line mmlab reads (a lost line break, or not a text file?); MMLAB_MAX_LINE_BYTES raises the limit`);
  }
}

/** 64 MiB, 16 KiB, 1000 bytes. */
function byteText(bytes: number): string {
  if (bytes % (1 << 20) === 0) return `${bytes / (1 << 20)} MiB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
