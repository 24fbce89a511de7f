import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { L2Book, NO_ASK, NO_BID } from "../../src/book/l2book.ts";
import { OfiAccumulator } from "../../src/book/ofi.ts";
import { OfiBook } from "../../src/book/ofiBook.ts";
import { Side } from "../../src/core/side.ts";
import { allocEventBatch } from "../../src/data/batch.ts";
import { EventKind } from "../../src/data/schema.ts";
import { BookFeed } from "../../src/research/bookFeed.ts";
import { OfiBucketer } from "../../src/research/ofiBuckets.ts";
import { BookTrace } from "../../src/sim/bookTrace.ts";
import { ExchangeBook } from "../../src/sim/exchangeBook.ts";

/*
 * The four users of the OFI kernel (book/ofi.ts: ofiContribution) give each event the same
 * contribution, bit for bit: the plain rule (OfiAccumulator observing the whole top after every
 * event), the strategy's book (OfiBook, which reads only the changed side), the exchange's book
 * (ExchangeBook: its tight loop and its general path, through the trace it writes) and the
 * research buckets (OfiBucketer on a BookFeed, one event per ns and buckets of 1 ns, so a counted
 * bucket holds the contribution of exactly one event).
 */
type Row = { kind: number; side: number; price: number; qty: number };

const row: fc.Arbitrary<Row> = fc.record({
  kind: fc.constantFrom(EventKind.DEPTH, EventKind.DEPTH, EventKind.DEPTH, EventKind.DEPTH, EventKind.SNAPSHOT, EventKind.TRADE, EventKind.DEPTH_CLEAR),
  side: fc.constantFrom(Side.BID, Side.BID, Side.ASK, Side.ASK),
  price: fc.integer({ min: 990, max: 1010 }),
  qty: fc.oneof(fc.constant(0), fc.constant(0), fc.constant(-0), fc.double({ min: 1e-6, max: 1e6, noNaN: true }), fc.integer({ min: 1, max: 9 })),
});

/** The books' window, ticks: far wider than the prices used (the research feed keeps its default, wider still). */
const WINDOW = 4096;

/** Both zero (a row without a trace entry has contribution 0, whatever its sign) or the same number to the bit. */
const same = (a: number, b: number) => Object.is(a, b) || (a === 0 && b === 0);

describe("the OFI kernel's four users agree", () => {
  it("per event: OfiAccumulator on an L2Book, OfiBook, ExchangeBook's trace and the research buckets", () => {
    let counted = 0;
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 300 }), fc.integer({ min: 1, max: 50 }), fc.boolean(), (tail, chunk, snapshotsAway) => {
        // The book starts with levels (so every user starts observing at row 0), ten a side, so
        // that it stays two-sided and uncrossed for long stretches (the buckets count only those).
        const start: Row[] = [];
        for (let d = 1; d <= 10; d++) start.push({ kind: EventKind.SNAPSHOT, side: Side.BID, price: 1000 - d, qty: d }, { kind: EventKind.SNAPSHOT, side: Side.ASK, price: 1000 + d, qty: d });
        const rows: Row[] = [...start, ...tail];
        const n = rows.length;

        // 1. The plain rule: the whole top observed after every event.
        const plainBook = new L2Book(WINDOW);
        const acc = new OfiAccumulator();
        const plain: number[] = [];
        // 2. The strategy's own book.
        const own = new OfiBook(WINDOW);
        const ofiBook: number[] = [];
        // 4. The research buckets.
        const bucketer = new OfiBucketer(1);
        const feed = new BookFeed([bucketer]);
        rows.forEach((r, i) => {
          if (r.kind === EventKind.DEPTH || r.kind === EventKind.SNAPSHOT) plainBook.update(r.side, r.price, r.qty);
          else if (r.kind === EventKind.DEPTH_CLEAR) plainBook.clear(r.side);
          acc.observe(plainBook);
          plain.push(acc.take());
          ofiBook.push(own.applyEvent(r.kind, r.side, r.price, r.qty));
          feed.onEvent(i, r.kind, r.side, r.price, r.qty);
        });
        feed.finish(n);

        // 3. The exchange's book, no orders of ours: its tight loop in chunks, the general path where it stops.
        const b = allocEventBatch(n);
        rows.forEach((r, i) => {
          b.kind[i] = r.kind;
          b.side[i] = r.side;
          b.priceTicks[i] = r.price;
          b.qty[i] = r.qty;
        });
        b.length = n;
        const ex = new ExchangeBook(snapshotsAway, WINDOW);
        const trace = new BookTrace(n);
        for (let i = 0; i < n; ) {
          const end = Math.min(n, i + chunk);
          i = ex.replayAway(b, trace, i, end, NO_ASK, -1, NO_ASK, -1, NO_BID);
          if (i === end) continue;
          ex.traceRow(trace, i, ex.applyEvent(b.kind[i], b.side[i], b.priceTicks[i], b.qty[i]));
          i++;
        }
        const exchange = new Array<number>(n).fill(0);
        for (let k = 0; k < trace.count; k++) exchange[trace.rows[k]] = trace.ofi[k];

        const differ = (got: number[]) => got.findIndex((e, i) => !same(e, plain[i]));
        expect(differ(ofiBook)).toBe(-1);
        expect(differ(exchange)).toBe(-1);
        // A counted bucket k holds 0 + the contribution of row k (the book valid before and after it).
        const { tS, ofi, bucketS } = bucketer.series;
        expect(ofi).toEqual(tS.map((t) => 0 + plain[Math.round(t / bucketS)]));
        counted += tS.length;
        expect(tS.length + bucketer.series.dropped).toBe(n);
      }),
      { seed: 20240607, numRuns: 400 },
    );
    // The buckets' side is not empty: many events were compared with a two-sided book around them.
    expect(counted).toBeGreaterThan(5_000);
  });
});
