/**
 * A gzip member inflated by node:zlib in a worker thread that runs ahead of the reader. Inflated
 * from the main thread, zlib's stream only moves on between the main thread's tasks (each output
 * chunk waits for its callback there), so a backtest's simulation and the inflate took turns. The
 * worker has an event loop of its own and keeps zlib busy while the main thread simulates.
 *
 *   compressed bytes ─┬─ fed by the main thread (inflate: its chunks copied into buffers, moved) ─┬─ zlib ─ blocks, moved ─▶ reader
 *                     └─ read by the worker itself from the open file (inflateFile), hashed ──────┘               │
 *                                                        buffers back to be filled again ◀────────────────────────┘
 *
 * Reading the file itself (a backtest's read of a large `.npz`), the worker needs nothing of the
 * main thread but its blocks back: the main thread neither reads nor copies the compressed bytes,
 * and the worker, started before the file is probed (its start overlapping the probe), keeps its
 * blocks coming whatever the main thread does meanwhile.
 *
 * The bytes cross between the threads in buffers that are moved, not copied, and then come back to
 * be filled again: a fresh megabyte of ArrayBuffer costs about as much as inflating a megabyte
 * (page faults, zeroing, unmapping). Memory stays bounded: MAX_INPUTS compressed buffers and MAX_BLOCKS
 * inflated blocks at most, whatever the compression ratio.
 *
 * The worker is plain JavaScript evaluated from a string (node builtins only): it starts the same
 * from the sources and from the built package, without a TypeScript loader.
 */
import { Worker } from "node:worker_threads";
import { systemErrorFrom, type SystemErrorFields } from "../../../core/systemError.ts";

/** Inflated bytes per block handed over: a batch of 64-byte records (fewer, larger blocks: fewer messages, each a wake-up). */
const BLOCK_BYTES = 4 << 20;
/** Inflated blocks in use at once (waiting for the reader, being read): the worker runs this far ahead. */
const MAX_BLOCKS = 6;
/** Compressed bytes per buffer sent to the worker (the reader's chunks gathered). */
const INPUT_BYTES = 4 << 20;
/** Compressed buffers in use at once (being filled, sent and not yet taken in by zlib). */
const MAX_INPUTS = 4;
/** Compressed bytes the worker reads from the file at a time (into MAX_INPUTS buffers, filled again once zlib has taken them in). */
const FILE_READ_BYTES = 1 << 20;
/**
 * zlib's own output chunks, copied into blocks in the worker: small enough that the allocator
 * recycles their memory (larger ones, a fresh mapping each, measured slower), large enough to
 * keep the thread pool's round trips few (each one a wake-up of the worker: 256 KiB measured slower).
 */
const ZLIB_CHUNK = 1 << 19;
/** A gzip member's trailer: CRC-32 and size. */
const TRAILER_BYTES = 8;

/**
 * The worker: gunzips the buffers it is sent (handing each back once zlib has taken it in), or the
 * part of a file it reads itself (`file`: see FileJob), into blocks (each handed over, and back
 * once read); then `done` (with the file's digest when asked for), or an `error` with zlib's code,
 * a `readError` with the system error's fields, or `short`: the file ended that many bytes early.
 */
const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
const { createGunzip } = require("node:zlib");
const { read } = require("node:fs");
const { createHash } = require("node:crypto");
const inflater = createGunzip({ chunkSize: ${ZLIB_CHUNK} });
const free = [];
let block = new Uint8Array(${BLOCK_BYTES});
let filled = 0;
let unread = 0;
let sha256;
function send(bytes) {
  parentPort.postMessage({ block: bytes }, [bytes.buffer]);
  if (++unread >= ${MAX_BLOCKS}) inflater.pause();
}
// zlib's chunks are copied into blocks in a microtask: zlib starts on its next chunk (in the thread
// pool) as soon as this handler returns, and inflates it while they are copied
const pending = [];
inflater.on("data", (data) => {
  if (pending.push(data) === 1) queueMicrotask(copyPending);
});
function copyPending() {
  for (const data of pending) {
    for (let at = 0; at < data.length; ) {
      const n = Math.min(block.length - filled, data.length - at);
      block.set(data.subarray(at, at + n), filled);
      filled += n;
      at += n;
      if (filled === block.length) {
        send(block);
        block = free.pop() ?? new Uint8Array(${BLOCK_BYTES});
        filled = 0;
      }
    }
  }
  pending.length = 0;
}
inflater.on("end", () => {
  copyPending();
  if (filled > 0) send(block.subarray(0, filled));
  parentPort.postMessage({ done: true, sha256 });
});
inflater.on("error", (err) => {
  copyPending();
  if (filled > 0) send(block.subarray(0, filled)); // what came before the error, as a stream delivers it
  parentPort.postMessage({ error: { code: err.code, message: err.message } });
});
parentPort.on("message", (m) => {
  if (m.input !== undefined) {
    const input = m.input;
    inflater.write(input, () => parentPort.postMessage({ taken: input }, [input.buffer]));
  } else if (m.end) inflater.end();
  else if (m.read !== undefined) {
    free.push(new Uint8Array(m.read.buffer));
    if (--unread < ${MAX_BLOCKS}) inflater.resume();
  } else if (m.file !== undefined) {
    readFile(m.file).catch((err) => parentPort.postMessage({ readError: { message: err.message, code: err.code, errno: err.errno, syscall: err.syscall } }));
  }
});
// Reads the member's deflate data, bytes [start, end) of the file open at fd (every byte of it when
// hashing), into buffers filled again once zlib has taken them in: zlib's pace is the reading's.
async function readFile({ fd, start, end, header, trailer, hash }) {
  const hasher = hash ? createHash("sha256") : undefined;
  const spare = [];
  let made = 0;
  let wake;
  inflater.write(header);
  let position = hasher ? 0 : start;
  for (;;) {
    while (spare.length === 0 && made >= ${MAX_INPUTS}) await new Promise((resolve) => (wake = resolve));
    const buf = spare.pop() ?? (made++, new Uint8Array(${FILE_READ_BYTES}));
    const length = hasher ? buf.length : Math.min(buf.length, end - position);
    const n = await new Promise((resolve, reject) => read(fd, buf, 0, length, position, (err, bytesRead) => (err ? reject(err) : resolve(bytesRead))));
    if (n === 0) break;
    hasher?.update(buf.subarray(0, n));
    const from = Math.max(start - position, 0);
    const to = Math.min(end - position, n);
    position += n;
    if (from < to) {
      inflater.write(buf.subarray(from, to), () => {
        spare.push(buf);
        wake?.();
      });
    } else spare.push(buf);
    if (!hasher && position >= end) break;
  }
  if (position < end) return parentPort.postMessage({ short: end - position });
  sha256 = hasher?.digest("hex");
  inflater.write(trailer); // on its own, as feed() sends it
  inflater.end();
}
`;

/**
 * A part of an open file the worker reads itself and inflates (InflateWorker.inflateFile): the
 * deflate data of a gzip member, framed by its header and trailer.
 */
export interface FileJob {
  /** A descriptor of this process's; its owner closes it once the read has ended (the worker stopped). */
  fd: number;
  /** The deflate data: bytes [start, end) of the file. */
  start: number;
  end: number;
  header: Uint8Array;
  trailer: Uint8Array;
  /** Read every byte of the file, first to last, and hash them (InflateWorker.sha256). */
  hash: boolean;
}

/** The file a worker read ended `missing` bytes before the data it was to inflate (FileJob.end). */
export class ShortFileError extends Error {
  constructor(readonly missing: number) {
    super(`the file ends ${missing} bytes early`);
  }
}

/** What the worker posts. */
type WorkerMessage =
  | { block: Uint8Array }
  | { taken: Uint8Array }
  | { done: true; sha256: string | undefined }
  | { error: { code: string; message: string } }
  | { readError: SystemErrorFields }
  | { short: number };

/**
 * The inflated bytes of `member` (a gzip member), inflated in a worker thread. Each block yielded
 * is valid until the next is asked for (its memory then goes back to the worker); `member`'s
 * chunks are copied as they come (its producer may reuse them). A zlib failure is thrown as zlib's
 * error (message and Z_* code), as a node:zlib stream throws it; an error of `member` is thrown as
 * it is. Ending early stops the worker and closes `member`.
 */
export function inflateInWorker(member: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  return new InflateWorker().inflate(member);
}

/**
 * A worker thread that inflates one gzip member (the main thread's side: feeding it or telling it
 * what to read, taking its blocks). It starts when made, so that its start overlaps whatever comes
 * before its input is known; close() it if it is not given any.
 */
export class InflateWorker {
  // node builtins only: none of this process's flags (a TypeScript loader's --import) to load
  private readonly worker = new Worker(WORKER_SOURCE, { eval: true, execArgv: [] });
  private readonly blocks: Uint8Array[] = [];
  /** Input buffers back from the worker, to be filled again. */
  private readonly inputs: Uint8Array[] = [];
  /** Input buffers made so far (at most MAX_INPUTS). */
  private inputsMade = 0;
  private finished = false;
  private digest: string | undefined;
  private failure: unknown = undefined;
  private closed = false;
  /** Wakes the reader (a block, the end or an error came) or the feeder (an input buffer came back). */
  private wakeReader: (() => void) | undefined;
  private wakeFeeder: (() => void) | undefined;
  private feeding: Promise<void> | undefined;

  constructor() {
    // The worker keeps the process alive only while the reader waits for it: a reader that drops
    // the stream without closing it does not leave the process running.
    this.worker.unref();
    this.worker.on("message", (m: WorkerMessage) => this.onMessage(m));
    this.worker.on("error", (err) => this.fail(err));
    this.worker.on("exit", (code) => {
      if (!this.finished && !this.closed) this.fail(new Error(`the inflate worker stopped (exit code ${code})`));
    });
  }

  /** `member` inflated: see inflateInWorker. */
  inflate(member: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    this.feeding = this.feed(member);
    return this.inflated();
  }

  /**
   * The member `job` describes, read from its file by the worker itself and inflated: as
   * inflate(), its blocks each valid until the next is asked for. A file that ends early is a
   * ShortFileError; a failed read, the system error (code, syscall) it was. Once it has all been
   * read, sha256() gives the file's digest when the job asked for it.
   */
  inflateFile(job: FileJob): AsyncGenerator<Uint8Array> {
    this.worker.postMessage({ file: job });
    return this.inflated();
  }

  /** The SHA-256 of the file inflateFile() read, once it was read to the end (and asked to hash it). */
  sha256(): string | undefined {
    return this.digest;
  }

  /** Stops the worker and the feeding (whose input is closed). */
  async close(): Promise<void> {
    this.closed = true;
    this.wakeFeeder?.();
    await this.worker.terminate();
    await this.feeding;
  }

  /** The inflated blocks, each given back to the worker once the next is asked for; the worker stopped at the end. */
  private async *inflated(): AsyncGenerator<Uint8Array> {
    try {
      for (;;) {
        const block = await this.next();
        if (block === undefined) return;
        yield block;
        this.release(block);
      }
    } finally {
      await this.close();
    }
  }

  /** The next inflated block; undefined once all are read. Throws the inflate's or the input's error (after the blocks before it). */
  private async next(): Promise<Uint8Array | undefined> {
    while (this.blocks.length === 0 && !this.finished && this.failure === undefined) {
      this.worker.ref();
      await new Promise<void>((resolve) => (this.wakeReader = resolve));
      this.worker.unref();
    }
    // the blocks inflated before an error come first, as a stream delivers them
    if (this.blocks.length > 0) return this.blocks.shift();
    if (this.failure !== undefined) throw this.failure;
    return undefined;
  }

  /** Gives a block read back to the worker, to be filled again. */
  private release(block: Uint8Array): void {
    this.worker.postMessage({ read: block }, [block.buffer as ArrayBuffer]);
  }

  private onMessage(m: WorkerMessage): void {
    if ("block" in m) this.blocks.push(m.block);
    else if ("taken" in m) {
      if (m.taken.buffer.byteLength === INPUT_BYTES) this.inputs.push(new Uint8Array(m.taken.buffer));
      this.wakeFeeder?.();
      return;
    } else if ("done" in m) {
      this.finished = true;
      this.digest = m.sha256;
    } else if ("error" in m) this.fail(Object.assign(new Error(m.error.message), { code: m.error.code }));
    else if ("readError" in m) this.fail(systemErrorFrom(m.readError, ""));
    else this.fail(new ShortFileError(m.short));
    this.wakeReader?.();
  }

  private fail(err: unknown): void {
    this.failure ??= err;
    this.wakeReader?.();
    this.wakeFeeder?.();
  }

  /** An input buffer to fill: one back from the worker, or a new one while fewer than MAX_INPUTS exist; undefined once stopped. */
  private async inputBuffer(): Promise<Uint8Array | undefined> {
    while (this.inputs.length === 0 && this.inputsMade >= MAX_INPUTS && !this.closed && this.failure === undefined) {
      await new Promise<void>((resolve) => (this.wakeFeeder = resolve));
    }
    if (this.closed || this.failure !== undefined) return undefined;
    if (this.inputs.length > 0) return this.inputs.pop();
    this.inputsMade++;
    return new Uint8Array(INPUT_BYTES);
  }

  /** Sends `member`'s bytes to the worker, copied into the input buffers (each sent once full), then the end. */
  private async feed(member: AsyncIterable<Uint8Array>): Promise<void> {
    try {
      let buffer: Uint8Array | undefined;
      let filled = 0;
      for await (const chunk of member) {
        for (let at = 0; at < chunk.length; ) {
          buffer ??= await this.inputBuffer();
          if (buffer === undefined) return; // stopped (the loop's exit closes the input)
          const n = Math.min(buffer.length - filled, chunk.length - at);
          buffer.set(chunk.subarray(at, at + n), filled);
          filled += n;
          at += n;
          if (filled === buffer.length) {
            this.send(buffer, filled);
            buffer = undefined;
            filled = 0;
          }
        }
      }
      if (this.closed) return;
      if (buffer !== undefined && filled > TRAILER_BYTES) {
        // The member's trailer on its own: zlib's check of it, when it fails, loses the output of
        // its call, which must hold none of the data (the size error says how much came).
        const trailer = buffer.slice(filled - TRAILER_BYTES, filled);
        this.send(buffer, filled - TRAILER_BYTES);
        this.send(trailer, TRAILER_BYTES);
      } else if (buffer !== undefined && filled > 0) this.send(buffer, filled);
      this.worker.postMessage({ end: true });
    } catch (err) {
      this.fail(err);
    }
  }

  private send(buffer: Uint8Array, length: number): void {
    this.worker.postMessage({ input: buffer.subarray(0, length) }, [buffer.buffer as ArrayBuffer]);
  }
}
