import { describe, expect, it } from "vitest";
import { L2Book } from "../../../src/book/l2book.ts";
import { rootRng } from "../../../src/core/rng.ts";
import { Side } from "../../../src/core/side.ts";
import { NS_PER_S } from "../../../src/core/time.ts";
import { toEventBatch } from "../../../src/data/batch.ts";
import { EventKind, type EventColumns } from "../../../src/data/schema.ts";
import { syntheticMarket } from "../../../src/data/synthetic/generator.ts";
import type { SyntheticParamsInput } from "../../../src/data/synthetic/params.ts";

const TICK = 0.01;

function fileBatches(params: SyntheticParamsInput, seed: number): EventColumns[] {
  return [...syntheticMarket(params, rootRng(seed)).batches];
}

/** The stream as the engine reads it (relative ns, integer ticks), concatenated. */
function engineView(params: SyntheticParamsInput, seed: number) {
  const market = syntheticMarket(params, rootRng(seed));
  const rows: { exch: number; local: number; kind: number; side: number; ticks: number; qty: number }[] = [];
  for (const c of market.batches) {
    const b = toEventBatch(c, market.originNs, market.meta.tickSize);
    for (let i = 0; i < b.length; i++) {
      rows.push({ exch: b.exchTsNs[i], local: b.localTsNs[i], kind: b.kind[i], side: b.side[i], ticks: b.priceTicks[i], qty: b.qty[i] });
    }
  }
  return rows;
}

function bytesOf(batches: EventColumns[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const c of batches) {
    for (const col of [c.exchTs, c.localTs, c.kind, c.side, c.price, c.qty, c.orderId]) {
      out.push(new Uint8Array(col.buffer, col.byteOffset, col.byteLength).slice());
    }
  }
  return out;
}

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

/** The first level of `side` strictly beyond `fromTicks` (higher asks, lower bids); NaN if none within 10,000 ticks. */
function nextLevel(book: L2Book, side: number, fromTicks: number): number {
  for (let d = 1; d <= 10_000; d++) {
    const p = side === Side.ASK ? fromTicks + d : fromTicks - d;
    if (book.qtyAt(side, p) > 0) return p;
  }
  return NaN;
}

describe("synthetic generator: determinism", () => {
  it("the same seed gives byte-identical columns; a different seed different ones", () => {
    const a = bytesOf(fileBatches({ durationS: 60 }, 11));
    const b = bytesOf(fileBatches({ durationS: 60 }, 11));
    const c = bytesOf(fileBatches({ durationS: 60 }, 12));
    expect(a.length).toBeGreaterThan(0);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });
});

describe("synthetic generator: a consistent L2 market", () => {
  it("every price lies on the tick grid", () => {
    const offGrid: string[] = [];
    for (const seed of [1, 2, 3]) {
      let row = 0;
      for (const c of fileBatches({ durationS: 60 }, seed)) {
        for (let i = 0; i < c.length; i++, row++) {
          const ticks = c.price[i] / TICK;
          if (Math.abs(ticks - Math.round(ticks)) > 1e-6 && offGrid.length < 5) offGrid.push(`seed ${seed} row ${row}: kind ${c.kind[i]} price ${c.price[i]}`);
        }
      }
    }
    expect(offGrid).toEqual([]);
  });

  it("the book replayed into an L2Book is never crossed after any event", () => {
    const crossed: string[] = [];
    for (const seed of SEEDS) {
      const book = new L2Book();
      const rows = engineView({ durationS: 120 }, seed);
      for (let r = 0; r < rows.length; r++) {
        const e = rows[r];
        if (e.kind !== EventKind.TRADE) book.update(e.side, e.ticks, e.qty);
        if (book.isCrossed()) {
          crossed.push(`seed ${seed} row ${r}: bid ${book.bestBidTicks} ≥ ask ${book.bestAskTicks}`);
          break;
        }
      }
    }
    expect(crossed).toEqual([]);
  });

  it("trades print at the best opposite price of that moment; a sweep walks the levels it consumes", () => {
    // One market order prints one trade per level, all at one exch_ts, before the depth updates of those
    // levels: its first trade is at the best opposite price, each further one at the next level beyond
    // the previous trade (the book does not yet show the result), and no trade exceeds its level's size.
    const wrong: string[] = [];
    let trades = 0;
    let sweeps = 0;
    for (const seed of SEEDS) {
      const book = new L2Book();
      const rows = engineView({ durationS: 120 }, seed);
      for (let r = 0; r < rows.length; r++) {
        const e = rows[r];
        if (e.kind !== EventKind.TRADE) {
          book.update(e.side, e.ticks, e.qty);
          continue;
        }
        trades++;
        const opposite = -e.side;
        const prev = rows[r - 1];
        const continues = prev.kind === EventKind.TRADE && prev.exch === e.exch && prev.side === e.side;
        if (continues) sweeps++;
        const expected = continues ? nextLevel(book, opposite, prev.ticks) : opposite === Side.ASK ? book.bestAskTicks : book.bestBidTicks;
        if (e.ticks !== expected && wrong.length < 10) wrong.push(`seed ${seed} row ${r}: aggressor ${e.side} at ${e.ticks}, expected ${expected}`);
        if (!(e.qty > 0 && e.qty <= book.qtyAt(opposite, e.ticks) + 1e-9) && wrong.length < 10) {
          wrong.push(`seed ${seed} row ${r}: trade ${e.qty} at ${e.ticks} vs level ${book.qtyAt(opposite, e.ticks)}`);
        }
      }
    }
    expect(trades).toBeGreaterThan(100);
    expect(sweeps).toBeGreaterThan(0);
    expect(wrong).toEqual([]);
  });

  it("exch_ts is non-decreasing; local_ts ≥ exch_ts and non-decreasing", () => {
    for (const seed of [1, 2, 3]) {
      const rows = engineView({ durationS: 120 }, seed);
      let bad = 0;
      for (let r = 0; r < rows.length; r++) {
        if (rows[r].local < rows[r].exch) bad++;
        if (r > 0 && (rows[r].exch < rows[r - 1].exch || rows[r].local < rows[r - 1].local)) bad++;
      }
      expect(rows.length).toBeGreaterThan(1000);
      expect(bad).toBe(0);
    }
  });

  it("respects the requested duration", () => {
    for (const durationS of [30, 90]) {
      const rows = engineView({ durationS }, 5);
      expect(rows[0].exch).toBe(0);
      const last = rows[rows.length - 1].exch;
      expect(last).toBeLessThan(durationS * NS_PER_S);
      expect(last).toBeGreaterThan((durationS - 5) * NS_PER_S); // ~80 events/s: the stream reaches the end
    }
  });

  it("each batch holds at most batchRows rows", () => {
    const batches = fileBatches({ durationS: 60, batchRows: 500 }, 3);
    expect(batches.length).toBeGreaterThan(2);
    for (const c of batches) {
      expect(c.length).toBeGreaterThan(0);
      expect(c.length).toBeLessThanOrEqual(500);
      expect(c.exchTs.length).toBe(c.length);
      expect(c.price.length).toBe(c.length);
    }
    // all but the last are full
    for (const c of batches.slice(0, -1)) expect(c.length).toBe(500);
  });
});

describe("synthetic generator: price dynamics", () => {
  /** |mid − start| in ticks, sampled every second of exchange time. */
  function midDeviations(params: SyntheticParamsInput, seed: number): number[] {
    const book = new L2Book();
    const devs: number[] = [];
    let start = NaN;
    let next = NS_PER_S;
    for (const e of engineView(params, seed)) {
      while (e.exch >= next) {
        devs.push(Math.abs(book.midTicks() - start));
        next += NS_PER_S;
      }
      if (e.kind !== EventKind.TRADE) book.update(e.side, e.ticks, e.qty);
      if (e.exch === 0) start = book.midTicks();
    }
    devs.push(Math.abs(book.midTicks() - start));
    return devs.sort((x, y) => x - y);
  }

  it("with sigmaQuotePerSqrtS = 0, no jumps and no lasting impact the mid stays in a narrow band; the defaults move it", () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const frozen = { sigmaQuotePerSqrtS: 0, jumpsPerHour: 0, impactTicks: 0, impactPermanentShare: 0, impactDecayS: 0.5 };
      const still = midDeviations({ durationS: 300, ...frozen }, seed);
      const moving = midDeviations({ durationS: 300 }, seed);
      const p90 = (d: number[]) => d[Math.floor(0.9 * d.length)];
      // frozen value and only transient impact (decaying in 0.5 s): the book flickers around the start
      // (a sweep moves the mid to its last price, which then decays back)
      expect(p90(still)).toBeLessThanOrEqual(20);
      // default σ and impact: over minutes the mid wanders by hundreds of ticks
      expect(p90(moving)).toBeGreaterThan(100);
    }
  });
});

describe("synthetic generator: market makers' quotes and pulls", () => {
  type Row = ReturnType<typeof engineView>[number];
  /** The rows grouped by exchange timestamp (one generator step each). */
  function groups(rows: Row[]): Row[][] {
    const out: Row[][] = [];
    for (const r of rows) {
      if (out.length > 0 && out[out.length - 1][0].exch === r.exch) out[out.length - 1].push(r);
      else out.push([r]);
    }
    return out;
  }

  /** Share of time (exchange clock) the spread is one tick, after the first second. */
  function oneTickShare(params: SyntheticParamsInput, seed: number): number {
    const book = new L2Book();
    let one = 0;
    let total = 0;
    let prev = NaN;
    for (const g of groups(engineView(params, seed))) {
      const t = g[0].exch;
      if (!Number.isNaN(prev) && t > NS_PER_S && book.hasTwoSides()) {
        total += t - prev;
        if (book.bestAskTicks - book.bestBidTicks === 1) one += t - prev;
      }
      for (const e of g) if (e.kind !== EventKind.TRADE) book.update(e.side, e.ticks, e.qty);
      prev = t;
    }
    return one / total;
  }

  it("quotes into a gap keep the spread at one tick (≥ 95 % of the time); without them it is wider more often", () => {
    for (const seed of [1, 2, 3]) {
      const quoted = oneTickShare({ durationS: 600 }, seed);
      const unquoted = oneTickShare({ durationS: 600, quoteRatePerS: 0 }, seed);
      expect(quoted).toBeGreaterThan(0.95);
      expect(unquoted).toBeLessThan(quoted - 0.05);
    }
  });

  /**
   * Pulls: steps without a trade whose first events delete the best level(s) of one side before the step's own
   * event (a limit order, a cancel or a quote is one event, so only a pull puts deletes of the best first).
   * Moved quotes: a step of two events where the best level loses exactly the size of the new, better level.
   */
  function countPullsAndMoves(params: SyntheticParamsInput, seed: number): { pulls: number; moves: number } {
    const book = new L2Book();
    let pulls = 0;
    let moves = 0;
    for (const g of groups(engineView(params, seed))) {
      const trade = g.some((e) => e.kind === EventKind.TRADE);
      const first = g[0];
      const best = first.side === Side.BID ? book.bestBidTicks : book.bestAskTicks;
      if (!trade && g.length >= 2 && first.qty === 0 && first.ticks === best) {
        const last = g[g.length - 1];
        const improves = last.side === first.side && (first.side === Side.BID ? last.ticks > best : last.ticks < best);
        const had = book.qtyAt(first.side, best);
        if (g.length === 2 && improves && Math.abs(had - Math.min(last.qty, had)) < 1e-9) moves++;
        else pulls++;
      } else if (!trade && g.length === 2 && first.ticks === best && first.qty > 0) {
        const last = g[1];
        const had = book.qtyAt(first.side, best);
        if (last.side === first.side && (first.side === Side.BID ? last.ticks > best : last.ticks < best) && Math.abs(had - first.qty - last.qty) < 1e-9) moves++;
      }
      for (const e of g) if (e.kind !== EventKind.TRADE) book.update(e.side, e.ticks, e.qty);
    }
    return { pulls, moves };
  }

  it("stale best levels are pulled before a step's event, and a quote moves its size from the previous best level", () => {
    const on = countPullsAndMoves({ durationS: 300 }, 4);
    expect(on.pulls).toBeGreaterThan(100);
    expect(on.moves).toBeGreaterThan(100);
    expect(countPullsAndMoves({ durationS: 300, stalePullTicks: 0, quoteMoveProb: 0 }, 4)).toEqual({ pulls: 0, moves: 0 });
    expect(countPullsAndMoves({ durationS: 300, stalePullTicks: 0 }, 4).pulls).toBe(0);
    expect(countPullsAndMoves({ durationS: 300, quoteMoveProb: 0 }, 4).moves).toBe(0);
  });
});

describe("synthetic generator: depth published in batches (depthIntervalMs)", () => {
  it("depth rows fall on the interval grid with the true book at each batch; trades print in real time; the default publishes every change", () => {
    const rows = engineView({ durationS: 120, depthIntervalMs: 100 }, 4);
    const book = new L2Book();
    let tradesOffGrid = 0;
    let lastExch = -1;
    for (let i = 0; i < rows.length; i++) {
      const e = rows[i];
      expect(e.exch).toBeGreaterThanOrEqual(lastExch);
      lastExch = e.exch;
      if (e.kind === EventKind.TRADE) {
        if (e.exch % 100e6 !== 0) tradesOffGrid++;
        continue;
      }
      if (e.kind === EventKind.DEPTH) expect(e.exch % 100e6).toBe(0);
      book.update(e.side, e.ticks, e.qty);
      // after the last row of a batch the published book is the generator's: never crossed
      const next = rows[i + 1];
      if ((next === undefined || next.exch !== e.exch || next.kind === EventKind.TRADE) && book.hasTwoSides()) expect(book.isCrossed()).toBe(false);
    }
    expect(tradesOffGrid).toBeGreaterThan(100);
    // the default (0) publishes depth at the events' own times
    const plain = engineView({ durationS: 30 }, 4).filter((e) => e.kind === EventKind.DEPTH);
    expect(plain.some((e) => e.exch % 100e6 !== 0)).toBe(true);
  });
});
