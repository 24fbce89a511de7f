import type { FillRecord } from "../kpi/types.ts";

/** Columns of the run's fills (fills.arrow), in order: times in ns since the data origin, prices in quote currency. */
export const FILL_COLUMNS = [
  "t_ns", "exch_t_ns", "order_id", "side", "price", "qty", "fee", "is_maker", "rule", "mid_at_fill", "half_spread_at_placement",
] as const;
export type FillColumn = (typeof FILL_COLUMNS)[number];

/** Every fill of the run, kept in arrival order for fills.arrow. */
export class FillLog {
  readonly fills: FillRecord[] = [];

  /** Records one fill. */
  add(fill: FillRecord): void {
    this.fills.push(fill);
  }

  /** Columns for fills.arrow (prices in quote currency). */
  toColumns(tickSize: number): Record<FillColumn, Float64Array | Int8Array | Uint8Array> {
    const n = this.fills.length;
    const cols: Record<FillColumn, Float64Array | Int8Array | Uint8Array> & { side: Int8Array; is_maker: Uint8Array; rule: Uint8Array } = {
      t_ns: new Float64Array(n),
      exch_t_ns: new Float64Array(n),
      order_id: new Float64Array(n),
      side: new Int8Array(n),
      price: new Float64Array(n),
      qty: new Float64Array(n),
      fee: new Float64Array(n),
      is_maker: new Uint8Array(n),
      rule: new Uint8Array(n),
      mid_at_fill: new Float64Array(n),
      half_spread_at_placement: new Float64Array(n),
    };
    for (let i = 0; i < n; i++) {
      const f = this.fills[i];
      cols.t_ns[i] = f.tNs;
      cols.exch_t_ns[i] = f.exchTNs;
      cols.order_id[i] = f.orderId;
      cols.side[i] = f.side;
      cols.price[i] = f.priceTicks * tickSize;
      cols.qty[i] = f.qty;
      cols.fee[i] = f.feeQuote;
      cols.is_maker[i] = f.isMaker ? 1 : 0;
      cols.rule[i] = f.rule;
      cols.mid_at_fill[i] = f.midAtFillTicks * tickSize;
      cols.half_spread_at_placement[i] = f.halfSpreadAtPlacementTicks * tickSize;
    }
    return cols;
  }
}
