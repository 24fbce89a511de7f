import { relativeToInt64 } from "../../core/int64.ts";
import { assertTickRange } from "../../core/ticks.ts";
import { allocEventBatch } from "../batch.ts";
import type { EventBatch, EventColumns } from "../schema.ts";

/**
 * A block of generated events as the generator writes them: times in ns relative to the market's
 * origin (whole ns, the values the file's int64 columns hold), prices in integer ticks (float64,
 * so that any tick count survives until converted). Valid until the generator is resumed.
 */
export interface RowBlock {
  length: number;
  readonly exchNs: Float64Array;
  readonly localNs: Float64Array;
  readonly kind: Uint8Array;
  readonly side: Int8Array;
  readonly priceTicks: Float64Array;
  readonly qty: Float64Array;
}

/** An empty block of `capacity` rows. */
export function allocRowBlock(capacity: number): RowBlock {
  return {
    length: 0,
    exchNs: new Float64Array(capacity),
    localNs: new Float64Array(capacity),
    kind: new Uint8Array(capacity),
    side: new Int8Array(capacity),
    priceTicks: new Float64Array(capacity),
    qty: new Float64Array(capacity),
  };
}

/**
 * Writes a block in the file schema (epoch-ns int64, prices in quote currency) into the first
 * rows of `out`, which has room for them; its order ids are left as they are (zeros when new).
 */
export function rowBlockToColumns(block: RowBlock, originNs: bigint, tickSize: number, out: EventColumns): void {
  writeFileForm(block.length, block.exchNs, block.localNs, block.kind, block.side, block.priceTicks, block.qty, originNs, tickSize, out);
}

/**
 * Writes a generated market's engine batch (rowBlockToEventBatch's) back in the file schema, as
 * rowBlockToColumns writes its block: the same bytes (the relative times and ticks are the block's).
 */
export function engineBatchToColumns(batch: EventBatch, originNs: bigint, tickSize: number, out: EventColumns): void {
  writeFileForm(batch.length, batch.exchTsNs, batch.localTsNs, batch.kind, batch.side, batch.priceTicks, batch.qty, originNs, tickSize, out);
}

/** Writes `n` rows given as relative times and ticks in the file schema (rowBlockToColumns, engineBatchToColumns). */
function writeFileForm(
  n: number,
  exchNs: Float64Array,
  localNs: Float64Array,
  kind: Uint8Array,
  side: Int8Array,
  ticks: Float64Array | Int32Array,
  qty: Float64Array,
  originNs: bigint,
  tickSize: number,
  out: EventColumns,
): void {
  relativeToInt64(exchNs, originNs, out.exchTs, n);
  relativeToInt64(localNs, originNs, out.localTs, n);
  out.kind.set(kind.subarray(0, n));
  out.side.set(side.subarray(0, n));
  out.qty.set(qty.subarray(0, n));
  const price = out.price;
  const ticksPerUnit = Math.round(1 / tickSize);
  if (Math.abs(ticksPerUnit * tickSize - 1) < 1e-12) {
    // Dividing by an integer ticks-per-unit gives the nearest double to the decimal price.
    for (let i = 0; i < n; i++) price[i] = ticks[i] / ticksPerUnit;
  } else {
    for (let i = 0; i < n; i++) price[i] = ticks[i] * tickSize;
  }
}

/**
 * The block as the engine reads it, the same as converting its file form (toEventBatch): the
 * relative times and ticks are already the values that round trip gives. Reuses `out` when it is
 * large enough.
 */
export function rowBlockToEventBatch(block: RowBlock, out?: EventBatch): EventBatch {
  const n = block.length;
  const b = out && out.exchTsNs.length >= n ? out : allocEventBatch(n);
  b.length = n;
  b.plainLocalTimes = false;
  b.exchTsNs.set(block.exchNs.subarray(0, n));
  b.localTsNs.set(block.localNs.subarray(0, n));
  b.kind.set(block.kind.subarray(0, n));
  b.side.set(block.side.subarray(0, n));
  b.qty.set(block.qty.subarray(0, n));
  b.orderId.fill(0, 0, n);
  const from = block.priceTicks;
  const ticks = b.priceTicks;
  for (let i = 0; i < n; i++) {
    const t = from[i];
    if (t > 0x7fffffff || t < -0x7fffffff) assertTickRange(t, `event ${i}`);
    ticks[i] = t;
  }
  return b;
}
