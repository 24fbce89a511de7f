import jstat from "jstat";

const { normal } = jstat.jStat;

/** Φ(x): the standard normal distribution function. */
export function normalCdf(x: number): number {
  return normal.cdf(x, 0, 1);
}

/** Φ⁻¹(p): the standard normal quantile, p in (0, 1); ±Infinity at 1 and 0. */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`normalQuantile: p must be in [0, 1], not ${p}`);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  return normal.inv(p, 0, 1);
}
