import { MmlabError } from "../../../core/errors.ts";
import { allocEventColumns, sliceEventColumns, type EventColumns } from "../../schema.ts";

/** One input stream of the merge: its current batch and position. */
class Head {
  batch: EventColumns | undefined;
  pos = 0;
  /** Rows of this stream before the current batch (for error messages). */
  private rowsBefore = 0;
  private lastTs: bigint | undefined;

  constructor(
    private readonly it: AsyncIterator<EventColumns>,
    readonly index: number,
    readonly label: string,
  ) {}

  /** Moves to the next non-empty batch (undefined at the end). */
  async next(): Promise<void> {
    if (this.batch !== undefined) this.rowsBefore += this.batch.length;
    this.batch = undefined;
    this.pos = 0;
    for (let r = await this.it.next(); !r.done; r = await this.it.next()) {
      if (r.value.length > 0) {
        this.batch = r.value;
        return;
      }
    }
  }

  /** exch_ts of the current row. */
  ts(): bigint {
    return this.batch!.exchTs[this.pos];
  }

  /**
   * The end of the run of rows from `pos` that go out before every other stream: exch_ts below
   * `bound`, or equal to it when `equalFirst` (this stream comes first among those tied). Checks
   * that the stream never goes back in time: the merge relies on each input being in order.
   */
  runEnd(bound: bigint | undefined, equalFirst: boolean): number {
    const b = this.batch!;
    const ts = b.exchTs;
    let last = this.lastTs;
    let end = this.pos;
    for (; end < b.length; end++) {
      const t = ts[end];
      if (last !== undefined && t < last) {
        throw new MmlabError(`merge: ${this.label} goes back in time at its event ${this.rowsBefore + end + 1} (exch_ts ${t} after ${last}): each merged input must be in exchange-time order`);
      }
      if (bound !== undefined && (t > bound || (t === bound && !equalFirst))) break;
      last = t;
    }
    this.lastTs = last;
    return end;
  }

  async close(): Promise<void> {
    await this.it.return?.();
  }
}

/**
 * Merges event streams, each in exchange-time order, into one stream in exchange-time order,
 * stable: rows with equal exch_ts keep the order of their streams (stream 0 first), and each
 * stream's rows keep their order. Memory holds one batch per stream and one output batch of
 * `batchRows`: runs of rows are copied whole, so the cost per row is one comparison.
 */
export async function* mergeByExchTs(streams: readonly AsyncIterable<EventColumns>[], labels: readonly string[], batchRows: number): AsyncGenerator<EventColumns> {
  const heads = streams.map((s, i) => new Head(s[Symbol.asyncIterator](), i, labels[i]));
  let out = allocEventColumns(batchRows);
  let n = 0;
  try {
    for (const h of heads) await h.next();
    for (;;) {
      const live = heads.filter((h) => h.batch !== undefined);
      if (live.length === 0) break;
      // The stream whose next row goes first: the smallest exch_ts, the lowest index among ties.
      let first = live[0];
      for (const h of live) if (h.ts() < first.ts()) first = h;
      // The next row of any other stream bounds the run of `first`.
      let bound: bigint | undefined;
      let boundIndex = Infinity;
      for (const h of live) {
        if (h === first) continue;
        const t = h.ts();
        if (bound === undefined || t < bound || (t === bound && h.index < boundIndex)) {
          bound = t;
          boundIndex = h.index;
        }
      }
      const end = first.runEnd(bound, first.index < boundIndex);
      while (first.pos < end) {
        const k = Math.min(end - first.pos, batchRows - n);
        copyRows(first.batch!, first.pos, out, n, k);
        first.pos += k;
        n += k;
        if (n === batchRows) {
          yield sliceEventColumns(out, n);
          out = allocEventColumns(batchRows);
          n = 0;
        }
      }
      if (first.pos === first.batch!.length) await first.next();
    }
    if (n > 0) yield sliceEventColumns(out, n);
  } finally {
    await Promise.all(heads.map((h) => h.close()));
  }
}

/** Copies rows [from, from + count) of `src` to row `at` of `dst`. */
function copyRows(src: EventColumns, from: number, dst: EventColumns, at: number, count: number): void {
  const to = from + count;
  dst.exchTs.set(src.exchTs.subarray(from, to), at);
  dst.localTs.set(src.localTs.subarray(from, to), at);
  dst.kind.set(src.kind.subarray(from, to), at);
  dst.side.set(src.side.subarray(from, to), at);
  dst.price.set(src.price.subarray(from, to), at);
  dst.qty.set(src.qty.subarray(from, to), at);
  dst.orderId.set(src.orderId.subarray(from, to), at);
}
