/**
 * A growable window over a byte stream: chunks are appended at `end`, the reader consumes from
 * `start`, and the unread bytes are moved to the front when room is needed (so a record split
 * across two chunks is read from one contiguous array). `offsetOf` gives a position's offset in
 * the whole stream, for error messages.
 */
export class ByteWindow {
  bytes: Uint8Array;
  view: DataView;
  start = 0;
  end = 0;
  /** Stream offset of bytes[0]. */
  private shifted = 0;

  constructor(capacityBytes = 1 << 18) {
    this.bytes = new Uint8Array(capacityBytes);
    this.view = new DataView(this.bytes.buffer);
  }

  /** Unread bytes. */
  get available(): number {
    return this.end - this.start;
  }

  /** Stream offset of window position `pos`. */
  offsetOf(pos: number): number {
    return this.shifted + pos;
  }

  /** Appends a copy of `chunk`. */
  append(chunk: Uint8Array): void {
    if (this.end + chunk.length > this.bytes.length) this.makeRoom(chunk.length);
    this.bytes.set(chunk, this.end);
    this.end += chunk.length;
  }

  private makeRoom(extra: number): void {
    const unread = this.end - this.start;
    if (unread + extra > this.bytes.length) {
      const grown = new Uint8Array(Math.max(2 * this.bytes.length, unread + extra));
      grown.set(this.bytes.subarray(this.start, this.end));
      this.bytes = grown;
      this.view = new DataView(grown.buffer);
    } else this.bytes.copyWithin(0, this.start, this.end);
    this.shifted += this.start;
    this.start = 0;
    this.end = unread;
  }
}
