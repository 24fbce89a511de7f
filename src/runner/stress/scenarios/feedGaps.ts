import type { Rng } from "../../../core/rng.ts";
import type { EventBatchPool } from "../../../data/batch.ts";
import { EventKind, type EventBatch } from "../../../data/schema.ts";
import type { MarketData } from "../../../data/sources/marketData.ts";
import { BatchWriter } from "../batchWriter.ts";
import { LevelBook } from "../../../book/levelBook.ts";
import { transformData } from "../transformData.ts";
import type { StressScenario } from "../types.ts";

export interface FeedGapsParams {
  /** Length of each gap, s. */
  gapSeconds: number;
  /** One gap in each period of this length, at a seeded offset, s. */
  everySeconds: number;
}

export const FEED_GAPS_DEFAULTS: FeedGapsParams = { gapSeconds: 30, everySeconds: 1200 };

/**
 * Feed gaps: in each period of `everySeconds` (from the data origin) one window of `gapSeconds`
 * at a seeded offset loses every event (by exchange time). The gap is in the recorded feed, so
 * both sides of the simulator are blind: the exchange's book freezes too (no fills during the
 * gap), and the market's moves arrive at once after it. After a gap that lost events, before
 * the first event after it: a DEPTH_CLEAR of both sides, then the book as it stands (a SNAPSHOT
 * event per level; order: see resnapshot), stamped with that event's times — what a feed
 * handler gets when it resubscribes. A resting quote that the new book crosses is
 * filled then (the crossing rule). Order-level (L3) events in a gap are lost as well.
 */
export function feedGaps(params: Partial<FeedGapsParams> = {}): StressScenario {
  const p = { ...FEED_GAPS_DEFAULTS, ...params };
  const name = "feed-gaps";
  const description = `${p.gapSeconds} s of events dropped every ${p.everySeconds / 60} min (seeded positions), then a depth clear and a book snapshot`;
  return {
    name,
    description,
    configOverrides: [],
    runCost: 1.3, // a re-snapshot after each gap, and a chart of the paused periods
    apply(data: MarketData, rng: Rng): MarketData {
      const seeded = rng.fork(`stress-${name}`);
      return transformData(data, name, description, { ...p }, (source, pool) => dropGaps(source, gapWindows(p, seeded), pool));
    },
  };
}

/** The gap windows [startNs, endNs), in time order, drawn from a fresh copy of `rng`'s stream. */
export function* gapWindows(p: FeedGapsParams, rng: Rng): Generator<[number, number]> {
  const draws = rng.fork("windows");
  for (let k = 0; ; k++) {
    const startS = k * p.everySeconds + draws.next() * (p.everySeconds - p.gapSeconds);
    yield [startS * 1e9, (startS + p.gapSeconds) * 1e9];
  }
}

/** The feed-gap transform of an engine stream (output batches from `pool`, if given). */
export async function* dropGaps(source: AsyncIterable<EventBatch>, windows: Iterator<[number, number]>, pool?: EventBatchPool): AsyncIterable<EventBatch> {
  const book = new LevelBook(); // the source book, gaps included
  let [gapStart, gapEnd] = windows.next().value as [number, number];
  let dropped = 0;
  for await (const b of source) {
    const out = new BatchWriter(Math.max(1024, b.length + 256), pool);
    for (let i = 0; i < b.length; i++) {
      const t = b.exchTsNs[i];
      while (t >= gapEnd) {
        if (dropped > 0) resnapshot(out, book, t, b.localTsNs[i]);
        dropped = 0;
        [gapStart, gapEnd] = windows.next().value as [number, number];
      }
      book.apply(b.kind[i], b.side[i], b.priceTicks[i], b.qty[i]);
      if (t >= gapStart) dropped++;
      else out.pushFrom(b, i, b.priceTicks[i], b.qty[i]);
    }
    if (out.length > 0) yield out.take();
  }
}

/**
 * A depth clear of both sides and a snapshot event per level of `book`: first the deepest bid
 * and the deepest ask (the book is two-sided again at once, with levels that are the least
 * likely to cross a resting quote, so the exchange has a mid for any crossing fill that
 * follows), then the other bids best first, then the other asks best first.
 */
function resnapshot(out: BatchWriter, book: LevelBook, exchNs: number, localNs: number): void {
  out.push(exchNs, localNs, EventKind.DEPTH_CLEAR, 0, 0, 0);
  const bids = book.sorted(1);
  const asks = book.sorted(-1);
  const deepest: [number, [number, number][]][] = [[1, bids.splice(-1)], [-1, asks.splice(-1)]];
  for (const [side, levels] of [...deepest, [1, bids], [-1, asks]] as [number, [number, number][]][]) {
    for (const [price, qty] of levels) out.push(exchNs, localNs, EventKind.SNAPSHOT, side, price, qty);
  }
}
