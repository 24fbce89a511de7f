/**
 * The first index in [from, to) of ascending `times` whose time is after `afterNs` or at or after
 * `atOrAfterNs` (`to` if none), by galloping from `from`: probes 1, 2, 4… rows ahead, then a
 * binary search in the last gap. A run that ends k rows on costs about 2·log2(k) reads, where a
 * row-by-row scan costs k: the simulator's runs are tens to hundreds of rows long.
 */
export function gallopPast(times: Float64Array, from: number, to: number, afterNs: number, atOrAfterNs: number): number {
  let lo = from;
  let hi = from;
  let step = 1;
  while (hi < to) {
    const t = times[hi];
    if (t > afterNs || t >= atOrAfterNs) break;
    lo = hi + 1;
    hi = lo + step;
    step += step;
  }
  if (hi > to) hi = to;
  // Rows before lo are not past; row hi (if before `to`) is.
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const t = times[mid];
    if (t > afterNs || t >= atOrAfterNs) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
