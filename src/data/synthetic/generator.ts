import type { Rng } from "../../core/rng.ts";
import { allocEventColumns, SCHEMA_VERSION, sliceEventColumns, type DatasetMeta, type EventColumns } from "../schema.ts";
import { FeedWriter } from "./feedWriter.ts";
import { OrderFlow } from "./orderFlow.ts";
import { syntheticSchema, type SyntheticParams, type SyntheticParamsInput } from "./params.ts";
import { rowBlockToColumns, type RowBlock } from "./rowBlock.ts";

/**
 * A seeded synthetic L2 market with trades. The efficient price is an exogenous value W (news:
 * stochastic volatility with clustering, regime switches, jumps, intraday seasonality; generated
 * ahead on its own grid, valuePath.ts) plus the impact of past market orders (a propagator,
 * propagator.ts). It anchors a book of sparse levels:
 *
 *   limit orders   arrive around it (some at the touch, the rest at a geometric distance);
 *                  a bid never at or above the best ask
 *   quotes         market makers keep the spread at one tick: while it is wider, the side
 *                  farther from the efficient price quotes a large size at it (moved from its
 *                  previous best level when that held a quote), so the touch is deep
 *   pulls          best levels the efficient price has passed by more than `stalePullTicks` are
 *                  pulled and quoted again at it at once, so the mid follows it within a few ticks
 *   cancels        each level at a constant rate; levels that it has passed fade faster
 *   market orders  Hawkes arrivals (clustered), heavy-tailed sizes, now and then a large sweep;
 *                  informed ones (a share of ordinary orders, most sweeps) trade in the direction
 *                  of W's move over the next `informedHorizonS` and take no level beyond where
 *                  they expect the price to be; the others are 50/50. Every order moves the
 *                  efficient price by its impact, partly for good — so the orders that reach deep
 *                  quotes are, on average, followed by the mid moving through them (adverse
 *                  selection, as on real data), with a partial reversion
 *
 * Each market order prints one trade per level it consumes, then the depth updates of those
 * levels, all at the same exchange timestamp (as a matching engine reports one order).
 * local_ts = exch_ts + a lognormal feed latency, kept non-decreasing. The output is the event
 * schema, the same as real data.
 *
 * The pipeline (one process, lazily, a block of `batchRows` rows at a time):
 *
 *   ValuePath (valuePath.ts)     exogenous value W on its grid, its own random stream
 *        │ W(t), W(t + horizon), regime, season
 *   OrderFlow (orderFlow.ts)     the event loop: arrivals → SideLevels (sideLevels.ts) books,
 *        │                       Propagator (propagator.ts) impact; depth changes through
 *        │ rows (relative ns,    DepthPublisher (depthPublisher.ts)
 *        │ integer ticks)
 *   FeedWriter (feedWriter.ts)   local_ts = exch_ts + feed latency; fills recycled RowBlocks
 *        │
 *        ├─ rowBlockToColumns     → file schema (int64 epoch ns, quote prices): `batches`
 *        └─ rowBlockToEventBatch  → engine batches (syntheticData), no int64 round trip; hashed
 *                                   in the file schema (marketDigest.ts: the same bytes)
 *
 * OrderFlow and FeedWriter draw from one stream (`synthetic`), in event order; ValuePath from its
 * own (`synthetic-value`), so looking ahead for informed traders shifts no other draw.
 */
export interface SyntheticMarket {
  meta: DatasetMeta;
  originNs: bigint;
  /** The events in the file schema, a new batch each time. */
  batches: Iterable<EventColumns>;
  /**
   * The same events as recycled blocks of generated rows: each block is valid until the iterator
   * is resumed (convert it first: rowBlock.ts). The blocks hold the rows of `batches`, batch for batch.
   */
  rowBlocks: Iterable<RowBlock>;
}

/** Validates the parameters and returns the market's metadata and its batches (generated lazily). */
export function syntheticMarket(input: SyntheticParamsInput, rng: Rng): SyntheticMarket {
  const params = syntheticSchema.parse(input);
  const originNs = BigInt(params.startEpochMs) * 1_000_000n;
  return {
    meta: {
      symbol: params.symbol,
      venue: params.venue,
      tickSize: params.tickSize,
      lotSize: params.lotSize,
      source: "mmlab-synthetic",
      schemaVersion: SCHEMA_VERSION,
    },
    originNs,
    batches: { [Symbol.iterator]: () => fileBatches(params, originNs, rng) },
    rowBlocks: { [Symbol.iterator]: () => generate(params, originNs, rng) },
  };
}

/** The market in the file schema: each block converted into new columns (a consumer may keep them). */
function* fileBatches(p: SyntheticParams, originNs: bigint, root: Rng): Generator<EventColumns> {
  for (const block of generate(p, originNs, root)) {
    const columns = allocEventColumns(p.batchRows);
    rowBlockToColumns(block, originNs, p.tickSize, columns);
    yield sliceEventColumns(columns, block.length);
  }
}

/** The market's rows, block by block; a block is written again once the consumer resumes. */
function* generate(p: SyntheticParams, originNs: bigint, root: Rng): Generator<RowBlock> {
  const rng = root.fork("synthetic");
  const feed = new FeedWriter(p.batchRows, originNs, p.feedLatencyMs * 1e6, p.feedLatencyLogStd, rng);
  const flow = new OrderFlow(p, rng, root.fork("synthetic-value"), feed);
  let more = true;
  while (more) {
    more = flow.run();
    if (!more) feed.finish();
    for (let block = feed.nextFull(); block !== undefined; block = feed.nextFull()) {
      yield block;
      feed.recycle(block);
    }
  }
}
