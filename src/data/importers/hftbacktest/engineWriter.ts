/**
 * Writes hftbacktest rows straight into the engine's batches (EventBatch: times relative to the
 * first event's exch_ts, prices in ticks), for a backtest reading a file: the batches toEventBatch
 * (../../batch.ts) made of the importer's file-schema batches, bit for bit, without those batches
 * in between, and without the import report; marked plainLocalTimes as toCheckedEventBatch marks
 * an event file's (the simulator's fast path, the same results). As there: a time is read as the stored int64
 * (int64ToRelative: its signed high word and low word, relative to the origin's), a price is
 * Math.round(price / tick) ticks, an order id its (high, low) words, and a price beyond the tick
 * range is an error of the batch (assertTickRange, the batch's first such row) when the batch is
 * handed on — after any error of a row decoded before that moment, as before. The grid checks are
 * ColumnsWriter's. A decoder's direct lane (lane.ts) writes rows into `batch` itself.
 */
import type { EventBatchPool } from "../../batch.ts";
import { allocEventBatch } from "../../batch.ts";
import type { GridCheck, RowRef } from "../../gridCheck.ts";
import type { EventBatch } from "../../schema.ts";
import { assertTickRange } from "../../../core/ticks.ts";
import { gridPrice, gridSize, R_EXCH_HI, R_EXCH_LO, R_ID_HI, R_ID_LO, R_LOCAL_HI, R_LOCAL_LO, R_PRICE, R_QTY, wordsToBigInt, type RowFields, type RowSink } from "./rows.ts";

const TWO_32 = 4294967296;
/** toEventBatch's bound on a tick index (Int32 price columns). */
export const MAX_TICKS = 0x7fffffff;

export class EngineWriter implements RowSink<EventBatch> {
  batch!: EventBatch;
  /** Rows in `batch`. */
  length = 0;
  /** GridCheck's own factors (1/tick — toEventBatch's too —, 1/size step), for its test of a value already on the grid. */
  readonly inverseTick: number;
  readonly inverseSizeStep: number;
  /** The first event's exch_ts as int64ToRelative reads it: signed high word, low word; NaN before the first event. */
  originHi = NaN;
  originLo = NaN;
  /** The batch's first row priced beyond the tick range (-1: none), and its ticks. */
  tickRow = -1;
  tickValue = 0;
  /**
   * Whether the batch's local times are plain so far (EventBatch.plainLocalTimes: never back, never
   * before exch_ts; every hftbacktest row is market data), as toCheckedEventBatch judges an event
   * file's: the simulator then finds a run's end by search, not row by row. The last row's local time.
   */
  plain = true;
  prevLocal = -Infinity;
  private readonly tickErrors = new Map<EventBatch, [ticks: number, row: number]>();
  private source: (capacity: number) => EventBatch = allocEventBatch;

  /** @param locate where the row being pushed came from (input file and row), for grid errors. */
  constructor(
    readonly capacity: number,
    readonly grid: GridCheck,
    private readonly locate: () => RowRef,
  ) {
    this.inverseTick = 1 / grid.tickSize;
    this.inverseSizeStep = grid.sizeStep === undefined ? NaN : 1 / grid.sizeStep;
    this.start();
  }

  /** Takes the next batches from `pool` (the consumer gives them back when done with them). */
  usePool(pool: EventBatchPool): void {
    this.source = (capacity) => pool.take(capacity);
  }

  /** The origin (epoch ns of relative time 0): the first event's exch_ts, as stored. Undefined before it. */
  originNs(): bigint | undefined {
    return Number.isNaN(this.originHi) ? undefined : wordsToBigInt(this.originHi, this.originLo);
  }

  push(kind: number, side: number, f: RowFields): void {
    const price = gridPrice(kind, f[R_PRICE], this.grid, this.inverseTick, this.locate);
    const qty = gridSize(kind, f[R_QTY], this.grid, this.inverseSizeStep, this.locate);
    // the stored words: the high word modulo 2^32, read signed
    const exchHi = f[R_EXCH_HI] | 0;
    const exchLo = f[R_EXCH_LO];
    if (Number.isNaN(this.originHi)) {
      this.originHi = exchHi;
      this.originLo = exchLo;
    }
    const i = this.length++;
    const b = this.batch;
    const exchNs = (exchHi - this.originHi) * TWO_32 + (exchLo - this.originLo);
    const localNs = ((f[R_LOCAL_HI] | 0) - this.originHi) * TWO_32 + (f[R_LOCAL_LO] - this.originLo);
    b.exchTsNs[i] = exchNs;
    b.localTsNs[i] = localNs;
    if (localNs < exchNs || localNs < this.prevLocal) this.plain = false;
    this.prevLocal = localNs;
    b.kind[i] = kind;
    b.side[i] = side;
    b.qty[i] = qty;
    const ticks = Math.round(price * this.inverseTick);
    if ((ticks > MAX_TICKS || ticks < -MAX_TICKS) && this.tickRow < 0) {
      this.tickRow = i;
      this.tickValue = ticks;
    }
    b.priceTicks[i] = ticks;
    b.orderId[i] = f[R_ID_HI] * TWO_32 + f[R_ID_LO];
  }

  full(): boolean {
    return this.length === this.capacity;
  }

  pending(): number {
    return this.length;
  }

  take(): EventBatch {
    const b = this.batch;
    b.length = this.length;
    b.plainLocalTimes = this.plain;
    if (this.tickRow >= 0) this.tickErrors.set(b, [this.tickValue, this.tickRow]);
    this.start();
    return b;
  }

  checkCrossed(): void {
    // no report: crossed books are the simulator's business in a backtest
  }

  /** toEventBatch's error for a batch with a price beyond the tick range. */
  handOver(batch: EventBatch): void {
    const error = this.tickErrors.get(batch);
    if (error === undefined) return;
    this.tickErrors.delete(batch);
    assertTickRange(error[0], `event ${error[1]}`);
  }

  private start(): void {
    this.batch = this.source(this.capacity);
    this.length = 0;
    this.tickRow = -1;
    this.plain = true;
    this.prevLocal = -Infinity;
  }
}
