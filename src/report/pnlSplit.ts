import type { FillsData, TimeseriesData } from "../runfolder/format.ts";

/** The PnL split at every timeseries row, quote currency: pnl = spread + inventory − fees. */
export interface PnlSplitSeries {
  spread: Float64Array;
  fees: Float64Array;
  inventory: Float64Array;
}

type SplitFills = Pick<FillsData, "t_ns" | "side" | "price" | "qty" | "fee" | "mid_at_fill">;

/** Cumulative spread capture Σ qty·side·(mid_at_fill − price) and fees Σ fee after each fill (running sums, in fill order). */
export function cumulativeFillSums(fills: SplitFills): { spread: Float64Array; fees: Float64Array } {
  const n = fills.t_ns.length;
  const spread = new Float64Array(n);
  const fees = new Float64Array(n);
  let capture = 0;
  let fee = 0;
  for (let i = 0; i < n; i++) {
    capture += fills.qty[i] * fills.side[i] * (fills.mid_at_fill[i] - fills.price[i]);
    fee += fills.fee[i];
    spread[i] = capture;
    fees[i] = fee;
  }
  return { spread, fees };
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
