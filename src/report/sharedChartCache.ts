import { createHash } from "node:crypto";

/** A rendered chart: its SVG, and its PNG when one was asked for. */
export interface RenderedChart {
  svg: string;
  png?: Buffer;
}

/** Words of the header: entries published so far, arena bytes reserved so far. */
const HEADER_WORDS = 2;
/** Words of an entry: state, the key (eight words of a SHA-256), arena offset, SVG bytes, PNG bytes (−1: none). */
const ENTRY_WORDS = 12;
const DONE = 2;

/**
 * Rendered charts shared by the threads of one command, in one SharedArrayBuffer, by the SHA-256
 * of what they are made from (the spec and the PNG scale): a chart drawn once (the first hour's
 * quotes of a validation's baseline and of its stress baseline, the OFI of the runs whose market
 * data is the same) is not drawn again by any thread. Append-only and lock-free: a writer reserves
 * arena bytes and an entry with atomic adds, fills them, then marks the entry done; a reader
 * looks only at entries marked done. Full: nothing more is kept (charts are then drawn again).
 */
export class SharedChartCache {
  private readonly words: Int32Array;
  private readonly entries: number;
  private readonly arena: number;

  /** A cache over `buffer` (one made by create, passed to another thread). */
  constructor(readonly buffer: SharedArrayBuffer) {
    this.words = new Int32Array(buffer);
    this.entries = this.words[HEADER_WORDS];
    this.arena = 4 * (HEADER_WORDS + 1 + this.entries * ENTRY_WORDS);
  }

  /** A new cache of `entries` charts and `bytes` bytes of SVG and PNG in all. */
  static create(entries = 512, bytes = 96 * 1024 * 1024): SharedChartCache {
    const buffer = new SharedArrayBuffer(4 * (HEADER_WORDS + 1 + entries * ENTRY_WORDS) + bytes);
    new Int32Array(buffer)[HEADER_WORDS] = entries;
    return new SharedChartCache(buffer);
  }

  /** The key of a chart drawn from `spec` (a chart spec is JSON: the report page draws it from its JSON) with its PNG at `pngScale` × the SVG's width, or none (null). */
  static key(spec: unknown, pngScale: number | null): Int32Array {
    const digest = createHash("sha256").update(JSON.stringify(spec)).update(`\0png ${pngScale}`).digest();
    return new Int32Array(digest.buffer, digest.byteOffset, 8).slice();
  }

  /** The chart kept under `key`, or undefined. */
  get(key: Int32Array): RenderedChart | undefined {
    const count = Math.min(Atomics.load(this.words, 0), this.entries);
    for (let i = 0; i < count; i++) {
      const at = HEADER_WORDS + 1 + i * ENTRY_WORDS;
      if (Atomics.load(this.words, at) !== DONE || !key.every((w, k) => this.words[at + 1 + k] === w)) continue;
      const [offset, svgBytes, pngBytes] = [this.words[at + 9], this.words[at + 10], this.words[at + 11]];
      const bytes = Buffer.from(this.buffer, this.arena + offset, svgBytes + Math.max(0, pngBytes));
      const svg = bytes.toString("utf8", 0, svgBytes);
      return pngBytes < 0 ? { svg } : { svg, png: Buffer.from(bytes.subarray(svgBytes)) };
    }
    return undefined;
  }

  /** Keeps `chart` under `key` (nothing when the cache is full). */
  put(key: Int32Array, chart: RenderedChart): void {
    const svg = Buffer.from(chart.svg, "utf8");
    const size = svg.length + (chart.png?.length ?? 0);
    if (size > this.buffer.byteLength - this.arena) return;
    const offset = Atomics.add(this.words, 1, size); // past the arena once full (or wrapped round: negative): not kept
    if (offset < 0 || offset + size > this.buffer.byteLength - this.arena) return;
    const bytes = Buffer.from(this.buffer, this.arena + offset, size);
    bytes.set(svg, 0);
    if (chart.png) bytes.set(chart.png, svg.length);
    const index = Atomics.add(this.words, 0, 1);
    if (index >= this.entries) return;
    const at = HEADER_WORDS + 1 + index * ENTRY_WORDS;
    this.words.set(key, at + 1);
    this.words[at + 9] = offset;
    this.words[at + 10] = svg.length;
    this.words[at + 11] = chart.png ? chart.png.length : -1;
    Atomics.store(this.words, at, DONE);
  }
}
