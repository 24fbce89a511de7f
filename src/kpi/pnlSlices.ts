/**
 * The PnL made in each of `slices` equal time slices of a run, from its timeseries (`tNs`
 * ascending, mark-to-market `pnl` at each row) and its final PnL (`finalPnl`, the KPI report's,
 * marked at the run's end): slice k spans [t0 + k·D/K, t0 + (k+1)·D/K) of the rows' time range
 * [t0, t0 + D]; its PnL is the PnL at its end (the last row at or before it; for the last slice,
 * `finalPnl`) minus the PnL at its start (0 for the first: a run starts flat). The slices sum to
 * `finalPnl`. With no row, the last slice holds all of it.
 */
export function pnlSlices(tNs: ArrayLike<number>, pnl: ArrayLike<number>, slices: number, finalPnl: number): number[] {
  if (!(Number.isInteger(slices) && slices >= 1)) throw new RangeError(`pnlSlices: slices must be an integer ≥ 1, not ${slices}`);
  const n = tNs.length;
  const out = new Array<number>(slices).fill(0);
  const t0 = n > 0 ? tNs[0] : 0;
  const span = n > 0 ? tNs[n - 1] - t0 : 0;
  let row = -1;
  let startPnl = 0;
  for (let k = 0; k < slices - 1; k++) {
    const endNs = t0 + ((k + 1) * span) / slices;
    while (row + 1 < n && tNs[row + 1] <= endNs) row++;
    const endPnl = row >= 0 ? pnl[row] : 0;
    out[k] = endPnl - startPnl;
    startPnl = endPnl;
  }
  out[slices - 1] = finalPnl - startPnl;
  return out;
}
