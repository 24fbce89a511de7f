import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EventStreamCheck } from "../../src/data/arrow/reader.ts";
import { assertTickRange } from "../../src/core/ticks.ts";
import { allocEventBatch, eventColumnsRange, toCheckedEventBatch, toEventBatch } from "../../src/data/batch.ts";
import { allocEventColumns, EventKind, MAX_MARKET_EVENT_KIND, type EventBatch, type EventColumns } from "../../src/data/schema.ts";
import { SessionKind } from "../../src/data/sessionKinds.ts";

/*
 * toCheckedEventBatch checks and converts in one pass. It must give what the reader's checks
 * followed by toEventBatch give: the same rows, or the error of the first bad row of the stream
 * (its field and rule; a price too large for the tick range is a rule checked last).
 */
const ORIGIN = 1_700_000_000_000_000_000n;
const TICK = 0.01;

type Spoil = { row: number; what: "kind" | "side" | "controlSide" | "price" | "qty" | "order" | "ticks"; value: number };

function makeBatch(start: number, n: number, spoils: Spoil[]): EventColumns {
  const c = allocEventColumns(n);
  for (let i = 0; i < n; i++) {
    c.exchTs[i] = ORIGIN + BigInt((start + i) * 1000 + (i % 3 === 0 ? 0 : 7)); // ties and steps
    c.localTs[i] = c.exchTs[i] + BigInt(((start + i) % 5) * 100) - 200n; // local before and after exch
    c.kind[i] = 1 + ((start + i) % 8);
    c.side[i] = ((start + i) % 3) - 1;
    c.price[i] = 100 + ((start + i) % 50) * TICK;
    c.qty[i] = ((start + i) % 4) * 0.25;
    c.orderId[i] = BigInt((start + i) * 977) * 4294967296n + BigInt(start + i);
  }
  for (const s of spoils) {
    const i = s.row % n;
    if (s.what === "kind") c.kind[i] = [0, 19, 255][s.value % 3];
    else if (s.what === "side") c.side[i] = [2, -2, 127][s.value % 3];
    else if (s.what === "controlSide") {
      c.kind[i] = SessionKind.CONTROL; // a CONTROL row keeps its code in the side column: valid
      c.side[i] = 2;
    } else if (s.what === "price") c.price[i] = [NaN, -1, Infinity][s.value % 3];
    else if (s.what === "qty") c.qty[i] = [NaN, -0.5, Infinity, -Infinity][s.value % 4];
    else if (s.what === "order") c.exchTs[i] = i > 0 ? c.exchTs[i - 1] - 1n : ORIGIN - 5n;
    else c.price[i] = 3e7 + s.value; // beyond 2^31 ticks
  }
  c.length = n;
  return c;
}

/** Runs a stream of batches through `convert`; returns the batches' rows or the error message. */
function run(batches: EventColumns[], convert: (c: EventColumns, check: EventStreamCheck, out: EventBatch) => EventBatch): unknown {
  const check = new EventStreamCheck("f.arrow");
  const rows: unknown[] = [];
  try {
    for (const c of batches) {
      const b = convert(c, check, allocEventBatch(c.length + 3));
      for (const key of ["exchTsNs", "localTsNs", "kind", "side", "priceTicks", "qty", "orderId"] as const) rows.push(Array.from(b[key].subarray(0, b.length)));
      rows.push(b.plainLocalTimes === plainLocalTimes(b));
    }
  } catch (e) {
    return (e as Error).message;
  }
  return { rows, check: [check.rows, check.hi, check.lo, check.last] };
}

/** EventBatch.plainLocalTimes, written plainly: local times never go back nor before exch_ts, and only market data. */
function plainLocalTimes(b: EventBatch): boolean {
  for (let i = 0; i < b.length; i++) {
    if (b.localTsNs[i] < b.exchTsNs[i] || (i > 0 && b.localTsNs[i] < b.localTsNs[i - 1]) || b.kind[i] > MAX_MARKET_EVENT_KIND) return false;
  }
  return true;
}

describe("toCheckedEventBatch = the reader's checks, then toEventBatch", () => {
  it("same rows or the same first error, on random streams with random faults", () => {
    const spoil = fc.record({
      row: fc.nat(),
      what: fc.constantFrom<Spoil["what"]>("kind", "side", "controlSide", "price", "qty", "order", "ticks"),
      value: fc.nat(),
    });
    fc.assert(
      fc.property(fc.array(fc.record({ n: fc.integer({ min: 1, max: 40 }), spoils: fc.array(spoil, { maxLength: 2 }) }), { minLength: 1, maxLength: 4 }), (specs) => {
        let start = 0;
        const batches = specs.map((s) => {
          const c = makeBatch(start, s.n, s.spoils);
          start += s.n;
          return c;
        });
        // The reference: each row checked by the reader's rules, then for the tick range, in order.
        const expected = run(batches, (c, check, out) => {
          for (let i = 0; i < c.length; i++) {
            check.check(eventColumnsRange(c, i, i + 1));
            const ticks = Math.round(c.price[i] / TICK);
            if (Math.abs(ticks) > 0x7fffffff) assertTickRange(ticks, `f.arrow: row ${check.rows - 1}`);
          }
          const b = toEventBatch(c, ORIGIN, TICK, out);
          b.plainLocalTimes = plainLocalTimes(b); // toEventBatch does not look; the checked conversion must tell
          return b;
        });
        const actual = run(batches, (c, check, out) => toCheckedEventBatch(c, ORIGIN, TICK, check, out));
        expect(actual).toEqual(expected);
      }),
      { seed: 11, numRuns: 500 },
    );
  });

  it("tells when a batch's local times are plain: ascending, never before exch_ts, market data only", () => {
    const plain = (edit: (c: EventColumns) => void) => {
      const c = makeBatch(0, 6, []);
      for (let i = 0; i < 6; i++) {
        c.kind[i] = EventKind.DEPTH;
        c.localTs[i] = c.exchTs[i] + 500n;
      }
      edit(c);
      return toCheckedEventBatch(c, ORIGIN, TICK, new EventStreamCheck("f.arrow")).plainLocalTimes;
    };
    expect(plain(() => {})).toBe(true);
    expect(plain((c) => (c.localTs[3] = c.exchTs[3]))).toBe(true); // equal to exch_ts: seen when it happened
    expect(plain((c) => (c.localTs[3] = c.exchTs[3] - 1n))).toBe(false); // before it happened
    expect(plain((c) => (c.localTs[4] = c.localTs[3] - 1n))).toBe(false); // goes back
    expect(plain((c) => (c.kind[2] = SessionKind.HEARTBEAT))).toBe(false); // a session row
  });

  it("names the first bad row of the stream, counting rows across batches", () => {
    const check = new EventStreamCheck("f.arrow");
    toCheckedEventBatch(makeBatch(0, 5, []), ORIGIN, TICK, check);
    expect(() => toCheckedEventBatch(makeBatch(5, 5, [{ row: 3, what: "side", value: 0 }]), ORIGIN, TICK, check)).toThrow("f.arrow: row 8: side: invalid side 2 (must be -1, 0 or 1)");
  });

  it("exch_ts going back across batches is an error; equal timestamps are not", () => {
    const check = new EventStreamCheck("f.arrow");
    const first = makeBatch(0, 4, []);
    toCheckedEventBatch(first, ORIGIN, TICK, check);
    const tie = makeBatch(4, 2, []);
    tie.exchTs[0] = first.exchTs[3];
    tie.exchTs[1] = first.exchTs[3];
    toCheckedEventBatch(tie, ORIGIN, TICK, check);
    const back = makeBatch(6, 2, []);
    back.exchTs[0] = first.exchTs[3] - 1n;
    expect(() => toCheckedEventBatch(back, ORIGIN, TICK, check)).toThrow(`f.arrow: row 6: exch_ts: timestamps out of order: ${first.exchTs[3] - 1n} < previous ${first.exchTs[3]}`);
  });

  it("compares timestamps exactly where a float could not (64-bit values 1 ns apart, high words apart)", () => {
    const check = new EventStreamCheck("f.arrow");
    const c = makeBatch(0, 3, []);
    c.exchTs[0] = (1n << 62n) + 4294967295n; // low word all ones
    c.exchTs[1] = (1n << 62n) + 4294967296n; // +1 ns: the high word changes
    c.exchTs[2] = (1n << 62n) + 4294967295n; // back by 1 ns
    expect(() => toCheckedEventBatch(c, 1n << 62n, TICK, check)).toThrow("row 2: exch_ts: timestamps out of order");
  });

  it("orders low words across 2^31 as unsigned (0x7fffffff < 0x80000000 < 0xffffffff), within and across batches", () => {
    const base = 7n << 32n;
    const check = new EventStreamCheck("f.arrow");
    const c = makeBatch(0, 3, []);
    [0x7fffffffn, 0x80000000n, 0xfffffffen].forEach((lo, i) => (c.exchTs[i] = base + lo));
    toCheckedEventBatch(c, base, TICK, check);
    const d = makeBatch(3, 3, []);
    [0xfffffffen, 0xffffffffn, 0x80000001n].forEach((lo, i) => (d.exchTs[i] = base + lo));
    expect(() => toCheckedEventBatch(d, base, TICK, check)).toThrow("row 5: exch_ts: timestamps out of order");
    const check2 = new EventStreamCheck("f.arrow");
    toCheckedEventBatch(c, base, TICK, check2);
    const e = makeBatch(3, 1, []);
    e.exchTs[0] = base + 0x7fffffffn; // below the last row's 0xfffffffe, across the batch boundary
    expect(() => toCheckedEventBatch(e, base, TICK, check2)).toThrow("row 3: exch_ts: timestamps out of order");
  });
});
