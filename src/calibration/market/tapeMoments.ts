import { ImpactResidual, type ImpactKernel } from "./impactResidual.ts";
import type { MarketTape } from "./marketTape.ts";
import { momentVector, type MomentVector } from "./momentVector.ts";
import { ResponseMoments, type ResponseAtLag } from "./responseMoments.ts";
import { VarianceMoments, type HorizonVariance } from "./varianceMoments.ts";

/** Where the moments are measured: response lags and variance horizons (s), the size exponent ψ, and what counts as a far-reaching order (ticks). */
export interface MomentSpec {
  lagsS: readonly number[];
  horizonsS: readonly number[];
  sizeExponent: number;
  reachTicks: number;
}

/** The response and variance moments of a tape, for one reference kernel. */
export interface TapeMoments {
  kernel: ImpactKernel;
  /** Response of the mid and of the residual mid (mid − C), per lag. */
  responses: ResponseAtLag[];
  residualResponses: ResponseAtLag[];
  horizons: HorizonVariance[];
  /** The fit's moment vector (momentVector.ts). */
  vector: MomentVector;
}

/**
 * Measures a market's tape for a reference impact kernel:
 *
 *   tape ─▶ ImpactResidual (C(t) of the kernel) ─┬▶ VarianceMoments: RV of mid and mid − C at each horizon
 *                                                ├▶ ResponseMoments: ε·Δmid(ℓ) = a + b·v^ψ
 *                                                └▶ ResponseMoments: ε·Δ(mid − C)(ℓ) = a + b·v^ψ
 */
export function tapeMoments(tape: MarketTape, kernel: ImpactKernel, spec: MomentSpec): TapeMoments {
  const impact = new ImpactResidual(kernel);
  const variances = new VarianceMoments(spec.horizonsS, impact);
  const responses = new ResponseMoments(spec.lagsS, spec.sizeExponent, spec.reachTicks);
  const residual = new ResponseMoments(spec.lagsS, spec.sizeExponent, spec.reachTicks, impact);
  tape.replay([impact, variances, responses, residual]);
  return { kernel, responses: responses.result(), residualResponses: residual.result(), horizons: variances.result(), vector: momentVector(variances, residual) };
}
