import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { NO_ASK, NO_BID } from "../../src/book/l2book.ts";
import { OfiBook } from "../../src/book/ofiBook.ts";
import { Side } from "../../src/core/side.ts";
import { allocEventBatch } from "../../src/data/batch.ts";
import { EventKind } from "../../src/data/schema.ts";
import { SessionKind } from "../../src/data/sessionKinds.ts";
import { BookTrace } from "../../src/sim/bookTrace.ts";
import { ExchangeBook } from "../../src/sim/exchangeBook.ts";

/*
 * The exchange side's book applies the market data for both sides of the simulator: its trace must
 * give, after every row, the top of the book and the OFI contribution the strategy's own book
 * (OfiBook) would have, bit for bit; and its tight loop must apply exactly the rows away from our
 * orders, in chunks cut anywhere.
 */
type Row = { kind: number; side: number; price: number; qty: number };
type Ranges = { bidLow: number; bidHigh: number; askLow: number; askHigh: number };

const row: fc.Arbitrary<Row> = fc.record({
  kind: fc.constantFrom(EventKind.DEPTH, EventKind.DEPTH, EventKind.DEPTH, EventKind.DEPTH, EventKind.SNAPSHOT, EventKind.TRADE, EventKind.TRADE, EventKind.DEPTH_CLEAR, SessionKind.HEARTBEAT),
  side: fc.constantFrom(Side.BID, Side.BID, Side.ASK, Side.ASK, 0),
  price: fc.integer({ min: 980, max: 1020 }),
  qty: fc.oneof(fc.constant(0), fc.constant(0), fc.constant(-0), fc.double({ min: 1e-6, max: 1e6, noNaN: true }), fc.integer({ min: 1, max: 9 })),
});

/** Our resting orders' price ranges for one chunk: each side empty (low NO_ASK, high NO_BID, as the exchange keeps them), or a range. */
const ranges: fc.Arbitrary<Ranges> = fc
  .tuple(fc.option(fc.tuple(fc.integer({ min: 980, max: 1020 }), fc.integer({ min: 0, max: 4 }))), fc.option(fc.tuple(fc.integer({ min: 980, max: 1020 }), fc.integer({ min: 0, max: 4 }))))
  .map(([bid, ask]) => ({
    bidLow: bid === null ? NO_ASK : bid[0] - bid[1],
    bidHigh: bid === null ? NO_BID : bid[0],
    askLow: ask === null ? NO_ASK : ask[0],
    askHigh: ask === null ? NO_BID : ask[0] + ask[1],
  }));

/** replayAway's arguments for our ranges: low, span (−1 when empty) per side, and our highest bid. */
function spans(o: Ranges): [number, number, number, number, number] {
  const bidSpan = o.bidLow === NO_ASK ? -1 : o.bidHigh - o.bidLow;
  const askSpan = o.askLow === NO_ASK ? -1 : o.askHigh - o.askLow;
  return [o.bidLow, bidSpan, o.askLow, askSpan, o.bidHigh];
}

/**
 * The rule, written plainly: a row that cannot concern our orders (the tight loop's: a level at or
 * through our best on the other side stops it, sized or not), nor cross the book (a level at or
 * through the book's best on the other side, `top` before the row, stops it too).
 */
function isAway(r: Row, o: Ranges, snapshotsAway: boolean, top: [number, number]): boolean {
  if (r.kind === EventKind.DEPTH || (r.kind === EventKind.SNAPSHOT && snapshotsAway)) {
    // A level of any side but the bids' is an ask level (as the book takes it).
    if (r.side === Side.BID) return !(r.price >= o.bidLow && r.price <= o.bidHigh) && !(r.price >= o.askLow) && !(r.price >= top[1]);
    return !(r.price >= o.askLow && r.price <= o.askHigh) && !(r.price <= o.bidHigh) && !(r.price <= top[0]);
  }
  if (r.kind === EventKind.TRADE) return r.side === Side.BID ? r.price < o.askLow : r.side !== Side.ASK || r.price > o.bidHigh;
  return false;
}

/** A level with a size: the first one places the book's window. */
function placesWindow(r: Row): boolean {
  return (r.kind === EventKind.DEPTH || r.kind === EventKind.SNAPSHOT) && r.qty > 0;
}

describe("ExchangeBook", () => {
  for (const capacity of [16, 1 << 18]) {
    it(`its trace is, after every row, the top and OFI contribution of the strategy's own book, bit for bit (window ${capacity} ticks)`, () => {
      fc.assert(
        fc.property(fc.array(row, { minLength: 1, maxLength: 300 }), fc.array(fc.tuple(fc.integer({ min: 1, max: 40 }), ranges), { minLength: 1, maxLength: 20 }), fc.boolean(), (rows, chunks, snapshotsAway) => {
          const b = allocEventBatch(rows.length);
          rows.forEach((r, i) => {
            b.kind[i] = r.kind;
            b.side[i] = r.side;
            b.priceTicks[i] = r.price;
            b.qty[i] = r.qty;
          });
          b.length = rows.length;
          const book = new ExchangeBook(snapshotsAway, capacity);
          const trace = new BookTrace(rows.length);
          const own = new OfiBook(capacity);
          const wantOfi: number[] = [];
          const wantTop: [number, number][] = [];
          const applyOwn = (i: number) => {
            const r = rows[i];
            wantOfi.push(own.applyEvent(r.kind, r.side, r.price, r.qty));
            wantTop.push([own.bestBidTicks, own.bestAskTicks]);
          };
          let placed = false;
          let i = 0;
          for (let c = 0; i < rows.length; c++) {
            const [size, o] = chunks[c % chunks.length];
            const end = Math.min(rows.length, i + size);
            const stop = book.replayAway(b, trace, i, end, ...spans(o));
            for (; i < stop; i++) {
              expect(isAway(rows[i], o, snapshotsAway, [own.bestBidTicks, own.bestAskTicks])).toBe(true);
              applyOwn(i);
              placed ||= placesWindow(rows[i]);
            }
            if (i === end) continue;
            // Stopped at a row that may concern our orders; an away one only for a level outside the window.
            if (isAway(rows[i], o, snapshotsAway, [own.bestBidTicks, own.bestAskTicks])) expect(!placed || capacity === 16).toBe(true);
            book.traceRow(trace, i, book.applyEvent(b.kind[i], b.side[i], b.priceTicks[i], b.qty[i]));
            applyOwn(i);
            placed ||= placesWindow(rows[i]);
            i++;
          }
          // Read back per row: the last entry at or before it gives the top; a row without one has contribution 0.
          let k = 0;
          let top: [number, number] | undefined;
          for (let r = 0; r < rows.length; r++) {
            let e = 0;
            if (k < trace.count && trace.rows[k] === r) {
              e = trace.ofi[k];
              top = [trace.bidTicks[k], trace.askTicks[k]];
              k++;
            }
            expect(Object.is(e, wantOfi[r]) || (e === 0 && wantOfi[r] === 0)).toBe(true);
            if (top !== undefined) expect(top).toEqual(wantTop[r]);
          }
          expect(k).toBe(trace.count);
        }),
        { seed: 11, numRuns: 400 },
      );
    });
  }
});
