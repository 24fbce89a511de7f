import { allocEventBatch } from "../../src/data/batch.ts";
import type { EventBatch } from "../../src/data/schema.ts";

/** One event row for hand-made tests: [exch ns, kind, side, price ticks, qty, local ns (default = exch)]. */
export type Row = [number, number, number, number, number, number?];

/** An engine-side batch of hand-written rows. */
export function batchOf(rows: Row[]): EventBatch {
  const b = allocEventBatch(rows.length);
  b.length = rows.length;
  rows.forEach(([t, kind, side, price, qty, local], i) => {
    b.exchTsNs[i] = t;
    b.localTsNs[i] = local ?? t;
    b.kind[i] = kind;
    b.side[i] = side;
    b.priceTicks[i] = price;
    b.qty[i] = qty;
  });
  return b;
}

/** The rows of `batches` whose exchange time is before `endNs`, as new batches. */
export function* until(batches: Iterable<EventBatch>, endNs: number): Generator<EventBatch> {
  for (const b of batches) {
    let n = 0;
    while (n < b.length && b.exchTsNs[n] < endNs) n++;
    if (n === b.length) yield b;
    else {
      if (n > 0) yield { ...b, length: n };
      return;
    }
  }
}
