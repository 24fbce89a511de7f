import { turnEventLoop } from "../../core/eventLoop.ts";
import { allocEventBatch, EventBatchPool } from "../../data/batch.ts";
import { SharedBatchAllocator } from "../../data/sharedBatch.ts";
import type { DatasetMeta, EventBatch } from "../../data/schema.ts";
import type { MarketData } from "../../data/sources/marketData.ts";

/**
 * Market data streamed once and kept, to be replayed by several runs (the stress runs of a suite
 * all read the same synthetic market: generating it once instead of once per run saves most of a
 * short run's time). The batches are held in SharedArrayBuffers (the source writes them there:
 * data/sharedBatch.ts), so worker threads read them without a copy; nobody writes them
 * once made (the run that keeps them only reads them, every replay copies a batch out before handing it on).
 */
export interface SharedMarketData {
  meta: DatasetMeta;
  originNs: bigint;
  description: Record<string, unknown>;
  /** The data's SHA-256, as the source gave it. */
  hash: string;
  /** Every batch as the source yielded it, in order. */
  batches: EventBatch[];
}

/**
 * Events kept at most: 1 GiB at 38 bytes each (about 28 M events, three days of the default
 * synthetic market; the grid shares its data up to the same size); larger data is not shared.
 */
export const MAX_SHARED_EVENTS = Math.floor((1024 * 1024 * 1024) / 38);

/** The columns of an engine batch; the remaining fields (length, plainLocalTimes) are copied one by one. */
const COLUMNS = ["exchTsNs", "localTsNs", "kind", "side", "priceTicks", "qty", "orderId"] as const satisfies readonly (keyof EventBatch)[];
type Column = (typeof COLUMNS)[number];
// A field added to EventBatch must be copied too: this fails to compile until it is listed.
const SCALARS: Record<Exclude<keyof EventBatch, Column>, true> = { length: true, plainLocalTimes: true };
void SCALARS;

/**
 * `data` as it is, keeping every batch it streams (written by the source in shared memory, or
 * copied there if the source does not take its batches from the pool): `shared()` gives them with the data's
 * hash once the stream has run to its end — or undefined when it stopped early, or holds more than
 * `maxEvents` events (or is bound to, at the rate seen so far over the expected `durationNs`): keeping
 * that much would cost more memory than generating it again saves time.
 */
export function keepingData(data: MarketData, durationNs: number | undefined, maxEvents = MAX_SHARED_EVENTS): { data: MarketData; shared(): Promise<SharedMarketData | undefined> } {
  let kept: EventBatch[] | undefined = [];
  let events = 0;
  let complete = false;
  let streamed = false;
  return {
    data: {
      meta: data.meta,
      originNs: data.originNs,
      description: data.description,
      async *batches(pool) {
        if (streamed) kept = undefined; // a second stream: keep nothing (once is what a run reads)
        streamed = true;
        const sourcePool = new KeepingPool(() => kept !== undefined, pool);
        for await (const batch of data.batches(sourcePool)) {
          if (kept !== undefined) {
            events += batch.length;
            const lastNs = batch.length > 0 ? batch.exchTsNs[batch.length - 1] : 0;
            const expected = durationNs !== undefined && lastNs > 0 ? (events * durationNs) / lastNs : events;
            if (events > maxEvents || expected > 1.25 * maxEvents) kept = undefined;
            else kept.push(sourcePool.made(batch) ? batch : sharedCopy(batch)); // from a source that does not use the pool: a copy
          }
          yield batch;
        }
        complete = true;
      },
      hash: () => data.hash(),
      ...(data.session !== undefined ? { session: () => data.session!() } : {}),
    },
    async shared() {
      if (!complete || kept === undefined) return undefined;
      return { meta: data.meta, originNs: data.originNs, description: data.description, hash: await data.hash(), batches: kept };
    },
  };
}

/**
 * The pool a kept stream's source fills: new batches in shared memory while the stream is kept
 * (data/sharedBatch.ts: they are kept as they are), else the consumer's.
 */
class KeepingPool extends EventBatchPool {
  private readonly shared = new SharedBatchAllocator();
  private readonly ours = new WeakSet<EventBatch>();

  constructor(
    private readonly keeping: () => boolean,
    private readonly consumer: EventBatchPool | undefined,
  ) {
    super();
  }

  override take(capacity: number): EventBatch {
    if (!this.keeping()) return this.consumer?.take(capacity) ?? allocEventBatch(capacity);
    const batch = this.shared.take(capacity);
    this.ours.add(batch);
    return batch;
  }

  /** True for a batch this pool made in shared memory. */
  made(batch: EventBatch): boolean {
    return this.ours.has(batch);
  }
}

/** The shared data as market data: the same batches, description and hash as the source's, from memory. */
export function replaySharedData(shared: SharedMarketData): MarketData {
  return {
    meta: shared.meta,
    originNs: shared.originNs,
    description: shared.description,
    async *batches(pool) {
      for (const batch of shared.batches) {
        yield copyBatch(batch, pool?.take(batch.length) ?? allocEventBatch(batch.length));
        await turnEventLoop(); // in memory: let a Ctrl-C in
      }
    },
    hash: () => Promise.resolve(shared.hash),
  };
}

/** A copy of the first `length` rows of `batch` in SharedArrayBuffers. */
function sharedCopy(batch: EventBatch): EventBatch {
  const n = batch.length;
  const column = <T extends EventBatch[Column]>(a: T): T => {
    const make = a.constructor as new (buffer: SharedArrayBuffer) => T;
    const copy = new make(new SharedArrayBuffer(n * a.BYTES_PER_ELEMENT));
    copy.set(a.subarray(0, n) as never);
    return copy;
  };
  return {
    length: n,
    exchTsNs: column(batch.exchTsNs),
    localTsNs: column(batch.localTsNs),
    kind: column(batch.kind),
    side: column(batch.side),
    priceTicks: column(batch.priceTicks),
    qty: column(batch.qty),
    orderId: column(batch.orderId),
    plainLocalTimes: batch.plainLocalTimes,
  };
}

/** Copies `from` into `to` (of at least its length) and returns `to`. */
function copyBatch(from: EventBatch, to: EventBatch): EventBatch {
  const n = from.length;
  for (const c of COLUMNS) to[c].set(from[c].subarray(0, n) as never);
  to.length = n;
  to.plainLocalTimes = from.plainLocalTimes;
  return to;
}
