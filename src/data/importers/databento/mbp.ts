import { EventKind } from "../../schema.ts";
import { ACTION_TRADE, Flag, LEVEL_ASK_PX, LEVEL_ASK_SZ, LEVEL_BID_PX, LEVEL_BID_SZ, LEVEL_BYTES, MBP_ACTION, MBP_FLAGS, MBP_LEVELS, MBP_PRICE, MBP_SIDE, MBP_SIZE } from "./constants.ts";
import type { EventWriter } from "./eventWriter.ts";
import { isUndefPrice, type PriceReader } from "./prices.ts";

/** What the MBP replay met, for the report. */
export interface MbpStats {
  records: number;
  trades: number;
}

/**
 * Market-by-price records (MBP-1, rtype 0x01: the top level; MBP-10, rtype 0x0A: the top ten) of
 * one instrument. Each record's `levels` is the book's top N after the record, so the book is the
 * N-level book of the last record: the first record becomes DEPTH_CLEAR + SNAPSHOT levels, each
 * later one DEPTH events for the levels that changed, deletes (qty 0) first for the prices that
 * left the top N, then new or resized levels (as the Tardis top-N importer does). A level's qty is
 * its absolute size; an empty level (UNDEF price or size 0) is no level. A trade (action T) is a
 * TRADE event (side = the aggressor's), written before the levels' changes. Deeper levels are not
 * known: a price that leaves the top N is deleted, not kept with a size that would go stale.
 */
export class MbpReplay {
  readonly stats: MbpStats = { records: 0, trades: 0 };
  private started = false;
  /** Previous and next top-N books per side: prices (1e-9, NaN for none) and sizes. */
  private prevPx: [Float64Array, Float64Array];
  private prevSz: [Float64Array, Float64Array];
  private nextPx: [Float64Array, Float64Array];
  private nextSz: [Float64Array, Float64Array];
  /** Field names for errors, made once (not per record). */
  private readonly fieldNames: [string, string][] = [];

  constructor(
    private readonly out: EventWriter,
    private readonly prices: PriceReader,
    private readonly depth: number,
  ) {
    this.prevPx = [new Float64Array(depth).fill(NaN), new Float64Array(depth).fill(NaN)];
    this.prevSz = [new Float64Array(depth), new Float64Array(depth)];
    this.nextPx = [new Float64Array(depth).fill(NaN), new Float64Array(depth).fill(NaN)];
    this.nextSz = [new Float64Array(depth), new Float64Array(depth)];
    for (let k = 0; k < depth; k++) this.fieldNames.push([`levels[${k}].bid_px`, `levels[${k}].ask_px`]);
  }

  /** Applies the record at `at` (the writer's times already set to it). */
  apply(view: DataView, bytes: Uint8Array, at: number, record: number, byteOffset: number): void {
    this.stats.records++;
    const flags = bytes[at + MBP_FLAGS];
    if (bytes[at + MBP_ACTION] === ACTION_TRADE) {
      this.stats.trades++;
      const aggressor = this.prices.side(bytes[at + MBP_SIDE], record, byteOffset);
      const px = this.prices.read(view, at + MBP_PRICE, record, byteOffset, "price");
      this.out.push(EventKind.TRADE, aggressor, px, view.getUint32(at + MBP_SIZE, true), 0);
    }
    this.readLevels(view, at, record, byteOffset);
    if (!this.started) {
      this.started = true;
      this.out.push(EventKind.DEPTH_CLEAR, 0, 0, 0, 0);
      for (let s = 0; s < 2; s++) {
        for (let k = 0; k < this.depth; k++) if (this.nextSz[s][k] > 0) this.out.push(EventKind.SNAPSHOT, s === 0 ? 1 : -1, this.nextPx[s][k], this.nextSz[s][k], 0);
      }
    } else this.diff();
    const px = this.prevPx;
    this.prevPx = this.nextPx;
    this.nextPx = px;
    const sz = this.prevSz;
    this.prevSz = this.nextSz;
    this.nextSz = sz;
    if ((flags & Flag.LAST) !== 0) this.out.endEvent();
  }

  /** Reads the record's levels into the next book (side 0 bids, 1 asks). */
  private readLevels(view: DataView, at: number, record: number, byteOffset: number): void {
    for (let k = 0; k < this.depth; k++) {
      const level = at + MBP_LEVELS + k * LEVEL_BYTES;
      this.readLevel(view, level + LEVEL_BID_PX, view.getUint32(level + LEVEL_BID_SZ, true), 0, k, record, byteOffset);
      this.readLevel(view, level + LEVEL_ASK_PX, view.getUint32(level + LEVEL_ASK_SZ, true), 1, k, record, byteOffset);
    }
  }

  private readLevel(view: DataView, pxAt: number, size: number, s: number, k: number, record: number, byteOffset: number): void {
    const px = this.nextPx[s];
    if (size === 0 || isUndefPrice(view, pxAt)) {
      px[k] = NaN;
      this.nextSz[s][k] = 0;
      return;
    }
    px[k] = this.prices.read(view, pxAt, record, byteOffset, this.fieldNames[k][s]);
    this.nextSz[s][k] = size;
    for (let j = 0; j < k; j++) {
      if (px[j] === px[k]) this.prices.fail(record, byteOffset, this.fieldNames[k][s], `price ${px[k] / 1e9} appears at two levels of one side`);
    }
  }

  /** DEPTH events taking the previous top-N book to the next one. */
  private diff(): void {
    const n = this.depth;
    for (let s = 0; s < 2; s++) {
      const side = s === 0 ? 1 : -1;
      const pp = this.prevPx[s];
      const ps = this.prevSz[s];
      const np = this.nextPx[s];
      const ns = this.nextSz[s];
      for (let k = 0; k < n; k++) if (ps[k] > 0 && indexOf(np, ns, pp[k]) < 0) this.out.push(EventKind.DEPTH, side, pp[k], 0, 0);
    }
    for (let s = 0; s < 2; s++) {
      const side = s === 0 ? 1 : -1;
      const pp = this.prevPx[s];
      const ps = this.prevSz[s];
      const np = this.nextPx[s];
      const ns = this.nextSz[s];
      for (let k = 0; k < n; k++) {
        if (!(ns[k] > 0)) continue;
        const was = indexOf(pp, ps, np[k]);
        if (was < 0 || ps[was] !== ns[k]) this.out.push(EventKind.DEPTH, side, np[k], ns[k], 0);
      }
    }
  }
}

/** Index of a non-empty level at price `px`, or −1. */
function indexOf(px: Float64Array, sz: Float64Array, price: number): number {
  for (let k = 0; k < px.length; k++) if (sz[k] > 0 && px[k] === price) return k;
  return -1;
}
