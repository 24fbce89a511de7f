import { relativeToInt64 } from "../../core/int64.ts";
import { allocEventColumns, sliceEventColumns, type EventColumns } from "../schema.ts";

/**
 * Collects generated events (relative ns, ticks) and turns each full batch into the file schema
 * (epoch-ns int64, prices in quote currency).
 */
export class BatchBuilder {
  private readonly exchRel: Float64Array;
  private readonly localRel: Float64Array;
  private readonly priceTicks: Float64Array;
  private columns: EventColumns;
  length = 0;

  constructor(
    readonly capacity: number,
    private readonly originNs: bigint,
    private readonly tickSize: number,
  ) {
    this.exchRel = new Float64Array(capacity);
    this.localRel = new Float64Array(capacity);
    this.priceTicks = new Float64Array(capacity);
    this.columns = allocEventColumns(capacity);
  }

  /** Appends one event; the caller flushes when `isFull()`. */
  push(exchNs: number, localNs: number, kind: number, side: number, priceTicks: number, qty: number): void {
    const i = this.length++;
    this.exchRel[i] = exchNs;
    this.localRel[i] = localNs;
    this.columns.kind[i] = kind;
    this.columns.side[i] = side;
    this.priceTicks[i] = priceTicks;
    this.columns.qty[i] = qty;
  }

  /** True when no more events fit. */
  isFull(): boolean {
    return this.length === this.capacity;
  }

  /** Returns the collected events as a new file batch and starts an empty one. */
  flush(): EventColumns {
    const n = this.length;
    const c = this.columns;
    relativeToInt64(this.exchRel, this.originNs, c.exchTs, n);
    relativeToInt64(this.localRel, this.originNs, c.localTs, n);
    const ticksPerUnit = Math.round(1 / this.tickSize);
    const exactGrid = Math.abs(ticksPerUnit * this.tickSize - 1) < 1e-12;
    for (let i = 0; i < n; i++) {
      // Dividing by an integer ticks-per-unit gives the nearest double to the decimal price.
      c.price[i] = exactGrid ? this.priceTicks[i] / ticksPerUnit : this.priceTicks[i] * this.tickSize;
    }
    const out = sliceEventColumns(c, n);
    this.columns = allocEventColumns(this.capacity);
    this.length = 0;
    return out;
  }
}
