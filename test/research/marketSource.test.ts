import { availableParallelism } from "node:os";
import { describe, expect, it } from "vitest";
import type { MarketData } from "../../src/data/sources/marketData.ts";
import { AHEAD_MIN_NS } from "../../src/data/sources/syntheticAhead.ts";
import { streamBook, type FeedSink } from "../../src/research/bookFeed.ts";
import { syntheticSource } from "../../src/research/marketSource.ts";

/** What a study sees of the data: every settled top of the book and every trade, folded into numbers, and the data's hash. */
async function seen(data: MarketData, durationNs: number) {
  const folded = { states: 0, midSum: 0, trades: 0, tradeQty: 0 };
  const sink: FeedSink = {
    onState: (tNs, untilNs, top) => {
      folded.states++;
      if (top.valid) folded.midSum += top.midTicks * ((untilNs - tNs) / 1e9);
    },
    onTrade: (_t, side, _p, qty) => {
      folded.trades++;
      folded.tradeQty += side * qty;
    },
  };
  const { events } = await streamBook(data, [sink], durationNs);
  return { ...folded, events, hash: await data.hash() };
}

describe("research sources: a synthetic market generated ahead when it pays", () => {
  it("a long market read ahead in a worker thread gives a study the same book, trades and hash; a short one is made in this thread", { timeout: 240_000 }, async () => {
    const durationNs = AHEAD_MIN_NS;
    const ahead = syntheticSource("default", "5", durationNs, { ahead: true });
    const firstBatch = async (data: MarketData) => {
      for await (const b of data.batches()) return b;
      throw new Error("no batch");
    };
    // the worker's batches are in shared memory, this thread's are not
    expect((await firstBatch(ahead.data)).exchTsNs.buffer instanceof SharedArrayBuffer).toBe(availableParallelism() > 1);
    expect((await firstBatch(syntheticSource("default", "5", durationNs / 2, { ahead: true }).data)).exchTsNs.buffer).toBeInstanceOf(ArrayBuffer);
    const here = await seen(syntheticSource("default", "5", durationNs).data, durationNs);
    expect(here.trades).toBeGreaterThan(1000);
    expect(await seen(syntheticSource("default", "5", durationNs, { ahead: true }).data, durationNs)).toEqual(here);
    // a study that stops early (durationNs cut short) still names the whole market
    const cut = await seen(syntheticSource("default", "5", durationNs, { ahead: true }).data, durationNs / 8);
    expect(cut.hash).toBe(here.hash);
    expect(cut.events).toBeLessThan(here.events);
  });
});
