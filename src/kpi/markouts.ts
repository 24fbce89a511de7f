import { NS_PER_MS } from "../core/time.ts";
import type { Side } from "../core/side.ts";
import type { FillRecord } from "./types.ts";

/** Markout horizons reported by default, ms after the fill. */
export const MARKOUT_HORIZONS_MS: readonly number[] = [100, 1_000, 5_000, 10_000, 30_000, 60_000];

/** Qty-weighted mean markout at one horizon; means are null when no fill was resolved there. */
export interface MarkoutResult {
  horizonMs: number;
  /** Mean side·(mid_{t+h} − fill price), quote currency per base unit. */
  meanQuote: number | null;
  /** The same in ticks. */
  meanTicks: number | null;
  /** Fills resolved at this horizon (fills whose t+h is past the end of the run are left out). */
  count: number;
}

/** The one record kept per fill (copied, so the engine may reuse its FillRecord objects). */
interface PendingFill {
  tNs: number;
  side: Side;
  priceTicks: number;
  qty: number;
}

/** Below this many resolved records the pending list is not compacted (compaction is O(n)). */
const COMPACT_MIN = 4096;

/**
 * Markouts side·(mid_{t+h} − fill price) at fixed horizons, t = the fill's local time `tNs`.
 * Resolution rule: the markout at horizon h uses the FIRST mid observed at a time ≥ t+h
 * (the first onMid call at or after t+h). Fills must arrive in time order, so for every horizon
 * the fills resolve in arrival order and one cursor per horizon suffices: no allocation per mid.
 */
export class MarkoutTracker {
  private readonly horizonsNs: Float64Array;
  private pending: PendingFill[] = [];
  /** Per horizon: index in `pending` of the first fill not yet resolved at that horizon. */
  private readonly cursor: Int32Array;
  /** Per horizon: Σ qty·side·(mid − price), ticks·base. */
  private readonly sumTicksBase: Float64Array;
  private readonly sumQty: Float64Array;
  private readonly count: Float64Array;
  private lastFillTNs = -Infinity;

  constructor(
    readonly tickSize: number,
    readonly horizonsMs: readonly number[] = MARKOUT_HORIZONS_MS,
  ) {
    if (!(tickSize > 0)) throw new RangeError(`MarkoutTracker: tickSize = ${tickSize} must be > 0`);
    for (const h of horizonsMs) if (!(h > 0)) throw new RangeError(`MarkoutTracker: horizon ${h} ms must be > 0`);
    this.horizonsNs = Float64Array.from(horizonsMs, (h) => h * NS_PER_MS);
    const n = horizonsMs.length;
    this.cursor = new Int32Array(n);
    this.sumTicksBase = new Float64Array(n);
    this.sumQty = new Float64Array(n);
    this.count = new Float64Array(n);
  }

  /** Registers a fill whose markouts are to be measured; fills must come in non-decreasing tNs. */
  onFill(fill: Pick<FillRecord, "tNs" | "side" | "priceTicks" | "qty">): void {
    if (fill.tNs < this.lastFillTNs) {
      throw new RangeError(`MarkoutTracker: fill at ${fill.tNs} ns came after a fill at ${this.lastFillTNs} ns; fills must be in time order`);
    }
    this.lastFillTNs = fill.tNs;
    this.pending.push({ tNs: fill.tNs, side: fill.side, priceTicks: fill.priceTicks, qty: fill.qty });
  }

  /** Observes the mid at time tNs: resolves every pending (fill, horizon) with t+h ≤ tNs at this mid. */
  onMid(tNs: number, midTicks: number): void {
    const pending = this.pending;
    let minCursor = pending.length;
    for (let h = 0; h < this.horizonsNs.length; h++) {
      const horizonNs = this.horizonsNs[h];
      let i = this.cursor[h];
      while (i < pending.length && pending[i].tNs + horizonNs <= tNs) {
        const f = pending[i];
        this.sumTicksBase[h] += f.qty * f.side * (midTicks - f.priceTicks);
        this.sumQty[h] += f.qty;
        this.count[h] += 1;
        i++;
      }
      this.cursor[h] = i;
      if (i < minCursor) minCursor = i;
    }
    // Drop records resolved at every horizon, rarely enough to stay amortised O(1) per fill.
    if (minCursor >= COMPACT_MIN && minCursor * 2 >= pending.length) {
      pending.splice(0, minCursor);
      for (let h = 0; h < this.cursor.length; h++) this.cursor[h] -= minCursor;
    }
  }

  /** Qty-weighted mean markouts per horizon over the fills resolved so far. */
  result(): MarkoutResult[] {
    return this.horizonsMs.map((horizonMs, h) => {
      const qty = this.sumQty[h];
      const meanTicks = qty > 0 ? this.sumTicksBase[h] / qty : null;
      return {
        horizonMs,
        meanQuote: meanTicks === null ? null : meanTicks * this.tickSize,
        meanTicks,
        count: this.count[h],
      };
    });
  }
}
