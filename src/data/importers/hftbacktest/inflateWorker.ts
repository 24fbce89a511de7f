/**
 * A gzip member inflated by node:zlib in a worker thread that runs ahead of the reader. Inflated
 * from the main thread, zlib's stream only moves on between the main thread's tasks (each output
 * chunk waits for its callback there), so a backtest's simulation and the inflate took turns. The
 * worker has an event loop of its own and keeps zlib busy while the main thread simulates.
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

/** Inflated bytes per block handed over: a batch of 64-byte records (fewer, larger blocks: fewer messages, each a wake-up). */
const BLOCK_BYTES = 4 << 20;
/** Inflated blocks in use at once (waiting for the reader, being read): the worker runs this far ahead. */
const MAX_BLOCKS = 6;
/** Compressed bytes per buffer sent to the worker (the reader's chunks gathered). */
const INPUT_BYTES = 4 << 20;
/** Compressed buffers in use at once (being filled, sent and not yet taken in by zlib). */
const MAX_INPUTS = 4;
/**
 * zlib's own output chunks, copied into blocks in the worker: small enough that the allocator
 * recycles their memory (larger ones, a fresh mapping each, measured slower), large enough to
 * keep the thread pool's round trips few.
 */
const ZLIB_CHUNK = 1 << 18;
/** A gzip member's trailer: CRC-32 and size. */
const TRAILER_BYTES = 8;

/**
 * The worker: gunzips the buffers it is sent (handing each back once zlib has taken it in) into
 * blocks (each handed over, and back once read); then `done`, or an `error` with zlib's code.
 */
const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
const { createGunzip } = require("node:zlib");
const inflater = createGunzip({ chunkSize: ${ZLIB_CHUNK} });
const free = [];
let block = new Uint8Array(${BLOCK_BYTES});
let filled = 0;
let unread = 0;
function send(bytes) {
  parentPort.postMessage({ block: bytes }, [bytes.buffer]);
  if (++unread >= ${MAX_BLOCKS}) inflater.pause();
}
inflater.on("data", (data) => {
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
});
inflater.on("end", () => {
  if (filled > 0) send(block.subarray(0, filled));
  parentPort.postMessage({ done: true });
});
inflater.on("error", (err) => {
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
  }
});
`;

/** What the worker posts. */
type WorkerMessage = { block: Uint8Array } | { taken: Uint8Array } | { done: true } | { error: { code: string; message: string } };

/**
 * The inflated bytes of `member` (a gzip member), inflated in a worker thread. Each block yielded
 * is valid until the next is asked for (its memory then goes back to the worker); `member`'s
 * chunks are copied as they come (its producer may reuse them). A zlib failure is thrown as zlib's
 * error (message and Z_* code), as a node:zlib stream throws it; an error of `member` is thrown as
 * it is. Ending early stops the worker and closes `member`.
 */
export async function* inflateInWorker(member: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const run = new WorkerInflate(member);
  try {
    for (;;) {
      const block = await run.next();
      if (block === undefined) return;
      yield block;
      run.release(block);
    }
  } finally {
    await run.close();
  }
}

/** One inflate in a worker: the main thread's side (feeding the worker, taking its blocks). */
class WorkerInflate {
  // node builtins only: none of this process's flags (a TypeScript loader's --import) to load
  private readonly worker = new Worker(WORKER_SOURCE, { eval: true, execArgv: [] });
  private readonly blocks: Uint8Array[] = [];
  /** Input buffers back from the worker, to be filled again. */
  private readonly inputs: Uint8Array[] = [];
  /** Input buffers made so far (at most MAX_INPUTS). */
  private inputsMade = 0;
  private finished = false;
  private failure: unknown = undefined;
  private closed = false;
  /** Wakes the reader (a block, the end or an error came) or the feeder (an input buffer came back). */
  private wakeReader: (() => void) | undefined;
  private wakeFeeder: (() => void) | undefined;
  private readonly feeding: Promise<void>;

  constructor(private readonly member: AsyncIterable<Uint8Array>) {
    // The worker keeps the process alive only while the reader waits for it: a reader that drops
    // the stream without closing it does not leave the process running.
    this.worker.unref();
    this.worker.on("message", (m: WorkerMessage) => this.onMessage(m));
    this.worker.on("error", (err) => this.fail(err));
    this.worker.on("exit", (code) => {
      if (!this.finished && !this.closed) this.fail(new Error(`the inflate worker stopped (exit code ${code})`));
    });
    this.feeding = this.feed();
  }

  /** The next inflated block; undefined once all are read. Throws the inflate's or the input's error (after the blocks before it). */
  async next(): Promise<Uint8Array | undefined> {
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
  release(block: Uint8Array): void {
    this.worker.postMessage({ read: block }, [block.buffer as ArrayBuffer]);
  }

  /** Stops the worker and the feeding (whose input is closed). */
  async close(): Promise<void> {
    this.closed = true;
    this.wakeFeeder?.();
    await this.worker.terminate();
    await this.feeding;
  }

  private onMessage(m: WorkerMessage): void {
    if ("block" in m) this.blocks.push(m.block);
    else if ("taken" in m) {
      if (m.taken.buffer.byteLength === INPUT_BYTES) this.inputs.push(new Uint8Array(m.taken.buffer));
      this.wakeFeeder?.();
      return;
    } else if ("done" in m) this.finished = true;
    else this.fail(Object.assign(new Error(m.error.message), { code: m.error.code }));
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
  private async feed(): Promise<void> {
    try {
      let buffer: Uint8Array | undefined;
      let filled = 0;
      for await (const chunk of this.member) {
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
