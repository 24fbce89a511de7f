import { int64ToRelative, relativeToInt64 } from "../../core/int64.ts";
import type { Rng } from "../../core/rng.ts";
import { allocRowBlock, type RowBlock } from "./rowBlock.ts";

/**
 * The feed from the exchange to us: stamps each generated event with its local time (exch_ts + a
 * lognormal feed latency, kept non-decreasing) and writes it into blocks of `capacity` rows.
 * Blocks are recycled: a full one waits in `full` until handed out, and comes back once read.
 */
export class FeedWriter {
  private block: RowBlock;
  private readonly full: RowBlock[] = [];
  private readonly spare: RowBlock[] = [];
  private lastLocalNs = 0;
  /** One int64 cell and its relative reading, to store a fractional exch time as the file holds it. */
  private readonly int64Cell = new BigInt64Array(1);
  private readonly relCell = new Float64Array(1);

  constructor(
    readonly capacity: number,
    private readonly originNs: bigint,
    private readonly feedMedianNs: number,
    private readonly feedLogStd: number,
    private readonly rng: Rng,
  ) {
    this.block = allocRowBlock(capacity);
  }

  /** Appends one event at exchange time `exchNs` (relative ns); draws its feed latency. */
  push(exchNs: number, kind: number, side: number, priceTicks: number, qty: number): void {
    let local = exchNs + this.feedMedianNs * Math.exp(this.feedLogStd * this.rng.normal());
    local = Math.round(local);
    if (local < this.lastLocalNs) local = this.lastLocalNs;
    this.lastLocalNs = local;
    const b = this.block;
    const i = b.length++;
    b.exchNs[i] = exchNs === Math.floor(exchNs) ? exchNs : this.asFileTime(exchNs);
    b.localNs[i] = local;
    b.kind[i] = kind;
    b.side[i] = side;
    b.priceTicks[i] = priceTicks;
    b.qty[i] = qty;
    if (b.length === this.capacity) this.endBlock();
  }

  /** True when a full block waits to be handed out. */
  hasFull(): boolean {
    return this.full.length > 0;
  }

  /** The oldest full block, or undefined; give it back with `recycle` once read. */
  nextFull(): RowBlock | undefined {
    return this.full.shift();
  }

  /** Takes back a block handed out by `nextFull`, to be written again. */
  recycle(block: RowBlock): void {
    block.length = 0;
    this.spare.push(block);
  }

  /** Ends the stream: the open block, if it holds any rows, becomes the last full one. */
  finish(): void {
    if (this.block.length > 0) this.endBlock();
  }

  private endBlock(): void {
    this.full.push(this.block);
    this.block = this.spare.pop() ?? allocRowBlock(this.capacity);
  }

  /**
   * A fractional time (a depth interval's end on a fractional grid) as the file's int64 column
   * stores it and the engine reads it back: the same conversions, so both forms agree to the bit.
   */
  private asFileTime(exchNs: number): number {
    this.relCell[0] = exchNs;
    relativeToInt64(this.relCell, this.originNs, this.int64Cell, 1);
    int64ToRelative(this.int64Cell, this.originNs, this.relCell, 1);
    return this.relCell[0];
  }
}
