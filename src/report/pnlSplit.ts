import * as aq from "arquero";
import type { Column, FillsData, TimeseriesData } from "../runfolder/format.ts";

/** The PnL split at every timeseries row, quote currency: pnl = spread + inventory − fees. */
export interface PnlSplitSeries {
  spread: Float64Array;
  fees: Float64Array;
  inventory: Float64Array;
}

type SplitFills = Pick<FillsData, "t_ns" | "side" | "price" | "qty" | "fee" | "mid_at_fill">;

/** Cumulative spread capture Σ qty·side·(mid_at_fill − price) and fees Σ fee after each fill (arquero rolling sums). */
export function cumulativeFillSums(fills: SplitFills): { spread: Float64Array; fees: Float64Array } {
  const n = fills.t_ns.length;
  const capture = Float64Array.from({ length: n }, (_, i) => fills.qty[i] * fills.side[i] * (fills.mid_at_fill[i] - fills.price[i]));
  const table = aq
    .table({ capture, fee: Float64Array.from(fills.fee as ArrayLike<number>) })
    .derive({ cum_capture: aq.rolling("d => op.sum(d.capture)"), cum_fee: aq.rolling("d => op.sum(d.fee)") });
  return { spread: table.array("cum_capture", Float64Array) as Float64Array, fees: table.array("cum_fee", Float64Array) as Float64Array };
}

/**
 * The split of the timeseries PnL over time: at row i, spread and fees sum the fills with
 * t_ns ≤ t_i (fills are in time order), and inventory = pnl − spread + fees.
 */
export function pnlSplitSeries(ts: Pick<TimeseriesData, "t_ns" | "pnl">, fills: SplitFills): PnlSplitSeries {
  const cum = cumulativeFillSums(fills);
  const n = ts.t_ns.length;
  const out: PnlSplitSeries = { spread: new Float64Array(n), fees: new Float64Array(n), inventory: new Float64Array(n) };
  let j = 0;
  const nf = fills.t_ns.length;
  for (let i = 0; i < n; i++) {
    while (j < nf && fills.t_ns[j] <= ts.t_ns[i]) j++;
    const spread = j > 0 ? cum.spread[j - 1] : 0;
    const fees = j > 0 ? cum.fees[j - 1] : 0;
    out.spread[i] = spread;
    out.fees[i] = fees;
    out.inventory[i] = ts.pnl[i] - spread + fees;
  }
  return out;
}
