import { jackknife } from "./blockSums.ts";
import type { ResponseMoments } from "./responseMoments.ts";
import type { VarianceMoments } from "./varianceMoments.ts";

/** Moments as one vector: names, values, standard errors and their covariance (same units as the values). */
export interface MomentVector {
  names: string[];
  values: number[];
  se: number[];
  covariance: number[][];
  /** Blocks of data time the covariance was estimated from. */
  blocks: number;
}

/**
 * The moments the simulated-moments fit matches:
 *
 *   rv.mid.<h>        realised variance of the mid at horizon h (ticks²/s): the total
 *   rv.residual.<h>   … of the mid less the reference kernel's impact: mostly the value's σ²
 *   a.<ℓ>, b.<ℓ>      residual response ε·Δ(mid − C)(ℓ) = a + b·v^ψ: information (a) and the
 *                     own impact beyond the reference (b), by lag
 *   reach.<ℓ>         mean residual response after the orders that reached far (sweeps), ℓ ≥ 1 s
 *
 * with their joint jackknife covariance over blocks of data time (blockSums.ts).
 */
export function momentVector(variances: VarianceMoments, residual: ResponseMoments): MomentVector {
  const names = [
    ...variances.horizonsS.map((h) => `rv.mid.${h}`),
    ...variances.horizonsS.map((h) => `rv.residual.${h}`),
    ...residual.lagsS.map((l) => `a.${l}`),
    ...residual.lagsS.map((l) => `b.${l}`),
    ...residual.lagsS.filter((l) => l >= 1).map((l) => `reach.${l}`),
  ];
  const lags = residual.lagsS;
  const width = variances.sums.width;
  const j = jackknife([variances.sums, residual.sums], (s) => {
    const v = variances.statistic(s);
    const r = residual.statistic(s, width);
    return [
      ...variances.horizonsS.map((_, k) => v[2 * k]),
      ...variances.horizonsS.map((_, k) => v[2 * k + 1]),
      ...lags.map((_, l) => r[3 * l]),
      ...lags.map((_, l) => r[3 * l + 1]),
      ...lags.flatMap((lag, l) => (lag >= 1 ? [r[3 * l + 2]] : [])),
    ];
  });
  return { names, values: j.value, se: j.se, covariance: j.covariance, blocks: j.blocks };
}
